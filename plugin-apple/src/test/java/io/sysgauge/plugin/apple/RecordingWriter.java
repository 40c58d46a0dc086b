package io.sysgauge.plugin.apple;

import io.sysgauge.spi.MetricDescriptor;
import io.sysgauge.spi.SampleWriter;
import java.util.Map;
import java.util.TreeMap;

/** Keeps one tick's values by flat key, dropping NaN and infinities as core's writer does. */
final class RecordingWriter implements SampleWriter {

    private final Map<String, Double> values = new TreeMap<>();

    @Override
    public void write(MetricDescriptor metric, double value, String... labelValues) {
        if (Double.isFinite(value)) {
            values.put(metric.key(labelValues), value);
        }
    }

    Map<String, Double> values() {
        return values;
    }
}
