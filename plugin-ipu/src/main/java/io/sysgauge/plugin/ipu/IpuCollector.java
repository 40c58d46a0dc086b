package io.sysgauge.plugin.ipu;

import io.sysgauge.spi.CollectorContext;
import io.sysgauge.spi.MetricCollector;
import io.sysgauge.spi.Probe;
import io.sysgauge.spi.SampleWriter;
import java.util.Set;
import org.pf4j.Extension;

/**
 * The ipu collector: Graphcore IPUs through gc-info device attributes. This build of the plugin installs, loads and takes its
 * configuration keys ({@code ipu.gcInfo}), but does not read hardware yet, and says so in its probe.
 */
@Extension
public final class IpuCollector implements MetricCollector {

    static final String ID = "ipu";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Set<String> configKeys() {
        return Set.of("gcInfo");
    }

    @Override
    public Probe probe(CollectorContext context) {
        return Probe.absent("this build of the ipu plugin has no collector for reading Graphcore IPUs yet;"
                + " a later plugin version adds it");
    }

    @Override
    public void sample(SampleWriter out) {
        // Never called: the probe reports absent.
    }
}
