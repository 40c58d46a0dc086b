package io.sysgauge.plugin.amd;

import io.sysgauge.spi.CollectorContext;
import io.sysgauge.spi.MetricCollector;
import io.sysgauge.spi.Probe;
import io.sysgauge.spi.SampleWriter;
import java.util.Set;
import org.pf4j.Extension;

/**
 * The amd collector: AMD GPUs through amd-smi and rocm-smi. This build of the plugin installs, loads and takes its
 * configuration keys ({@code amd.smi}, {@code amd.rocmSmi}), but does not read hardware yet, and says so in its probe.
 */
@Extension
public final class AmdCollector implements MetricCollector {

    static final String ID = "amd";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Set<String> configKeys() {
        return Set.of("smi", "rocmSmi");
    }

    @Override
    public Probe probe(CollectorContext context) {
        return Probe.absent("this build of the amd plugin has no collector for reading AMD GPUs through amd-smi and rocm-smi yet;"
                + " a later plugin version adds it");
    }

    @Override
    public void sample(SampleWriter out) {
        // Never called: the probe reports absent.
    }
}
