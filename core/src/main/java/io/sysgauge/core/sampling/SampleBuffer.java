package io.sysgauge.core.sampling;

import io.sysgauge.spi.MetricDescriptor;
import io.sysgauge.spi.SampleWriter;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Collects one collector's values for one tick; handed to the record only if the tick succeeds. */
final class SampleBuffer implements SampleWriter {

    private final Map<String, Sample> samples = new LinkedHashMap<>();

    @Override
    public void write(MetricDescriptor metric, double value, String... labelValues) {
        writeLabelled(metric, value, Map.of(), labelValues);
    }

    @Override
    public void writeLabelled(MetricDescriptor metric, double value, Map<String, String> seriesLabels,
            String... labelValues) {
        String key = metric.key(labelValues);
        if (!Double.isFinite(value)) {
            return;
        }
        samples.put(key, new Sample(metric, labelValues.length == 0 ? List.of() : List.of(labelValues), key, value,
                copyOf(key, seriesLabels)));
    }

    /** A copy the exporters may read on their threads later; a null name or value costs this plugin's tick only. */
    private static Map<String, String> copyOf(String key, Map<String, String> seriesLabels) {
        if (seriesLabels == null || seriesLabels.isEmpty()) {
            return Map.of();
        }
        try {
            return Map.copyOf(seriesLabels);
        } catch (NullPointerException e) {
            throw new IllegalArgumentException(key + ": a series label name or value is null");
        }
    }

    Collection<Sample> samples() {
        return samples.values();
    }
}
