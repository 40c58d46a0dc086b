package io.sysgauge.plugin.tpu;

import io.sysgauge.spi.CollectorContext;
import io.sysgauge.spi.MetricCollector;
import io.sysgauge.spi.Probe;
import io.sysgauge.spi.SampleWriter;
import java.util.Set;
import org.pf4j.Extension;

/**
 * The tpu collector: Google TPUs through the libtpu runtime metrics service. This build of the plugin installs, loads and takes its
 * configuration keys ({@code tpu.address}), but does not read hardware yet, and says so in its probe.
 */
@Extension
public final class TpuCollector implements MetricCollector {

    static final String ID = "tpu";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Set<String> configKeys() {
        return Set.of("address");
    }

    @Override
    public Probe probe(CollectorContext context) {
        return Probe.absent("this build of the tpu plugin has no collector for reading Google TPUs yet;"
                + " a later plugin version adds it");
    }

    @Override
    public void sample(SampleWriter out) {
        // Never called: the probe reports absent.
    }
}
