package io.sysgauge.plugin.trainium;

import io.sysgauge.spi.CollectorContext;
import io.sysgauge.spi.MetricCollector;
import io.sysgauge.spi.Probe;
import io.sysgauge.spi.SampleWriter;
import java.util.Set;
import org.pf4j.Extension;

/**
 * The trainium collector: AWS Trainium and Inferentia through neuron-monitor. This build of the plugin installs, loads and takes its
 * configuration keys ({@code trainium.neuronMonitor}), but does not read hardware yet, and says so in its probe.
 */
@Extension
public final class TrainiumCollector implements MetricCollector {

    static final String ID = "trainium";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Set<String> configKeys() {
        return Set.of("neuronMonitor");
    }

    @Override
    public Probe probe(CollectorContext context) {
        return Probe.absent("this build of the trainium plugin has no collector for reading AWS Trainium through neuron-monitor yet;"
                + " a later plugin version adds it");
    }

    @Override
    public void sample(SampleWriter out) {
        // Never called: the probe reports absent.
    }
}
