package io.sysgauge.plugin.tpu;

import io.sysgauge.plugin.tpu.proto.AttrValue;
import io.sysgauge.plugin.tpu.proto.Attribute;
import io.sysgauge.plugin.tpu.proto.Gauge;
import io.sysgauge.plugin.tpu.proto.Metric;
import io.sysgauge.spi.MetricDescriptor;
import io.sysgauge.spi.Unit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * libtpu's metrics and the keys sysgauge writes from them (metrics.md). Each data point names its
 * device in its attribute: {@code device-id} as an integer, or, in newer libtpu versions, a key list
 * holding {@code device_ordinal} as a string.
 */
final class TpuMetrics {

    static final String MEMORY_USAGE = "tpu.runtime.hbm.memory.usage.bytes";
    static final String MEMORY_TOTAL = "tpu.runtime.hbm.memory.total.bytes";
    static final String DUTY_CYCLE = "tpu.runtime.tensorcore.dutycycle.percent";

    static final MetricDescriptor MEMORY_USAGE_BYTES = MetricDescriptor.of("tpu.{tpu}.memoryUsageBytes", Unit.BYTES,
            "TPU high-bandwidth memory in use");
    static final MetricDescriptor MEMORY_USAGE_PERCENT = MetricDescriptor.of("tpu.{tpu}.memoryUsage", Unit.PERCENT,
            "TPU high-bandwidth memory in use over its total");
    static final MetricDescriptor HBM_CAPACITY_TOTAL = MetricDescriptor.of("tpu.{tpu}.hbmCapacityTotal", Unit.BYTES,
            "TPU high-bandwidth memory in total");
    static final MetricDescriptor DUTY_CYCLE_PERCENT = MetricDescriptor.of("tpu.{tpu}.dutyCycle", Unit.PERCENT,
            "Time the TPU's TensorCores were busy");

    private TpuMetrics() {}

    /** @return each data point's number by device index; points without a device or a number are left out */
    static Map<Integer, Double> byDevice(List<Metric> points) {
        Map<Integer, Double> values = new TreeMap<>();
        for (Metric point : points) {
            Integer device = device(point.getAttribute());
            double value = number(point);
            if (device != null && !Double.isNaN(value)) {
                values.put(device, value);
            }
        }
        return values;
    }

    private static Integer device(Attribute attribute) {
        AttrValue value = attribute.getValue();
        if (value.hasIntAttr()) {
            return (int) value.getIntAttr();
        }
        for (Attribute nested : value.getKvlistAttr().getAttributesList()) {
            if (nested.getKey().equals("device_ordinal") || nested.getKey().equals("device-id")) {
                AttrValue ordinal = nested.getValue();
                if (ordinal.hasIntAttr()) {
                    return (int) ordinal.getIntAttr();
                }
                if (ordinal.hasStringAttr() && ordinal.getStringAttr().matches("\\d+")) {
                    return Integer.parseInt(ordinal.getStringAttr());
                }
            }
        }
        return null;
    }

    private static double number(Metric point) {
        if (point.hasGauge()) {
            Gauge gauge = point.getGauge();
            return switch (gauge.getValueCase()) {
                case AS_INT -> gauge.getAsInt();
                case AS_DOUBLE -> gauge.getAsDouble();
                default -> Double.NaN;
            };
        }
        if (point.hasCounter()) {
            return switch (point.getCounter().getValueCase()) {
                case AS_INT -> point.getCounter().getAsInt();
                case AS_DOUBLE -> point.getCounter().getAsDouble();
                default -> Double.NaN;
            };
        }
        return Double.NaN;
    }
}
