package io.sysgauge.plugin.ipu;

import io.sysgauge.spi.MetricDescriptor;
import io.sysgauge.spi.Unit;
import java.util.HashMap;
import java.util.Map;

/**
 * The key the ipu plugin writes: {@code ipu.<device id>.<metric>}, with the metric named as
 * W&amp;B's IPU monitor named it ({@code ipu.0.average board temp (C)}). One descriptor per unit,
 * so that tables and exporters know what the number measures, and a second one for the fixed facts
 * (link speed, firmware versions, the user process id), which run files keep only when they change.
 */
final class IpuMetrics {

    private static final String KEY = "ipu.{ipu}.{metric}";
    private static final Map<Unit, MetricDescriptor> BY_UNIT = new HashMap<>();
    private static final Map<Unit, MetricDescriptor> FIXED_BY_UNIT = new HashMap<>();

    static {
        describe(Unit.CELSIUS, "Graphcore IPU or board temperature, from gc-info");
        describe(Unit.MEGAHERTZ, "Graphcore IPU clock, from gc-info");
        describe(Unit.WATTS, "Graphcore IPU or board power, from gc-info");
        describe(Unit.PERCENT, "Graphcore IPU utilisation, from gc-info");
        describe(Unit.GIGATRANSFERS_PER_SECOND, "Graphcore IPU host link speed, from gc-info");
        describe(Unit.BYTES, "Graphcore IPU memory size attribute, from gc-info");
        describe(Unit.NONE, "Graphcore IPU numeric device attribute, from gc-info");
    }

    private IpuMetrics() {}

    private static void describe(Unit unit, String help) {
        MetricDescriptor descriptor = MetricDescriptor.of(KEY, unit, help);
        BY_UNIT.put(unit, descriptor);
        FIXED_BY_UNIT.put(unit, descriptor.recordedOnChange());
    }

    /**
     * @param metric a metric read from gc-info
     * @return its descriptor: by its unit (the unit-less one for a unit the plugin does not name),
     *     recorded on change for the fixed facts
     */
    static MetricDescriptor of(SeedNaming.IpuMetric metric) {
        Map<Unit, MetricDescriptor> descriptors = metric.variable() ? BY_UNIT : FIXED_BY_UNIT;
        return descriptors.getOrDefault(metric.unit(), descriptors.get(Unit.NONE));
    }
}
