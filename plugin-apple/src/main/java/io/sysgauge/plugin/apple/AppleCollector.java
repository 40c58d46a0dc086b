package io.sysgauge.plugin.apple;

import io.sysgauge.spi.CollectorContext;
import io.sysgauge.spi.MetricCollector;
import io.sysgauge.spi.Probe;
import io.sysgauge.spi.SampleWriter;
import java.util.Set;
import org.pf4j.Extension;

/**
 * The apple collector: Apple silicon GPUs through OSHI's IOReport-based GpuStats. This build of the plugin installs, loads and takes its
 * configuration keys (none besides {@code apple.detect}), but does not read hardware yet, and says so in its probe.
 */
@Extension
public final class AppleCollector implements MetricCollector {

    static final String ID = "apple";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Set<String> configKeys() {
        return Set.of();
    }

    @Override
    public Probe probe(CollectorContext context) {
        return Probe.absent("this build of the apple plugin has no collector for reading Apple silicon GPUs yet;"
                + " a later plugin version adds it");
    }

    @Override
    public void sample(SampleWriter out) {
        // Never called: the probe reports absent.
    }
}
