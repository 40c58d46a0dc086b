package io.sysgauge.host;

import io.sysgauge.spi.MetricDescriptor;
import io.sysgauge.spi.SampleWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/** Keeps what a collector wrote, by flat key. */
public final class RecordingWriter implements SampleWriter {

    public final Map<String, Double> values = new LinkedHashMap<>();

    @Override
    public void write(MetricDescriptor metric, double value, String... labelValues) {
        values.put(metric.key(labelValues), value);
    }
}
