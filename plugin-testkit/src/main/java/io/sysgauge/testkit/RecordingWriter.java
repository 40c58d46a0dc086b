package io.sysgauge.testkit;

import io.sysgauge.spi.MetricDescriptor;
import io.sysgauge.spi.SampleWriter;
import java.util.Map;
import java.util.TreeMap;

/**
 * Keeps what a collector writes in one or more ticks, by flat key, dropping NaN and infinities as
 * core's writer does.
 */
public final class RecordingWriter implements SampleWriter {

    private final Map<String, Double> values = new TreeMap<>();

    @Override
    public void write(MetricDescriptor metric, double value, String... labelValues) {
        if (Double.isFinite(value)) {
            values.put(metric.key(labelValues), value);
        }
    }

    /** @return the values written, by flat key ({@code gpu.0.temp}), in key order */
    public Map<String, Double> values() {
        return values;
    }
}
