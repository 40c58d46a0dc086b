package io.sysgauge.plugin.nvidia;

import io.sysgauge.spi.CollectorContext;
import io.sysgauge.spi.MetricCollector;
import io.sysgauge.spi.Probe;
import io.sysgauge.spi.SampleWriter;
import java.util.Set;
import org.pf4j.Extension;

/**
 * The nvidia collector: NVIDIA GPUs through NVML (libnvidia-ml). This build of the plugin installs, loads and takes its
 * configuration keys ({@code nvidia.library}), but does not read hardware yet, and says so in its probe.
 */
@Extension
public final class NvidiaCollector implements MetricCollector {

    static final String ID = "nvidia";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Set<String> configKeys() {
        return Set.of("library");
    }

    @Override
    public Probe probe(CollectorContext context) {
        return Probe.absent("this build of the nvidia plugin has no collector for reading NVIDIA GPUs through NVML yet;"
                + " a later plugin version adds it");
    }

    @Override
    public void sample(SampleWriter out) {
        // Never called: the probe reports absent.
    }
}
