package io.sysgauge.core.sampling;

import io.sysgauge.spi.MetricDescriptor;
import io.sysgauge.spi.Unit;

/** Per-collector health, as node_exporter's scrape success and duration. */
final class HealthMetrics {

    static final MetricDescriptor UP = MetricDescriptor.of("sysgauge.collector.{collector}.up", Unit.NONE,
            "1 if the collector's last sample finished within its deadline and read all its sources, else 0");
    static final MetricDescriptor SECONDS = MetricDescriptor.of("sysgauge.collector.{collector}.seconds", Unit.SECONDS,
            "how long the collector's last sample took");

    private HealthMetrics() {}
}
