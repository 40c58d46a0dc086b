package io.sysgauge.plugin.openmetrics;

import io.sysgauge.spi.CollectorContext;
import io.sysgauge.spi.MetricCollector;
import io.sysgauge.spi.Probe;
import io.sysgauge.spi.SampleWriter;
import java.util.Set;
import org.pf4j.Extension;

/**
 * The openmetrics collector: Any Prometheus or OpenMetrics text endpoint. This build of the plugin installs, loads and takes its
 * configuration keys ({@code openmetrics.endpoints}, {@code openmetrics.filters}, {@code openmetrics.headers}), but does not read hardware yet, and says so in its probe.
 */
@Extension
public final class OpenMetricsCollector implements MetricCollector {

    static final String ID = "openmetrics";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Set<String> configKeys() {
        return Set.of("endpoints", "filters", "headers");
    }

    @Override
    public Probe probe(CollectorContext context) {
        return Probe.absent("this build of the openmetrics plugin has no collector for scraping OpenMetrics endpoints yet;"
                + " a later plugin version adds it");
    }

    @Override
    public void sample(SampleWriter out) {
        // Never called: the probe reports absent.
    }
}
