package io.sysgauge.core.sampling;

import io.sysgauge.spi.MetricDescriptor;
import java.util.List;
import java.util.Map;

/**
 * One value of one tick.
 *
 * @param metric its descriptor
 * @param labelValues values of the template's placeholders
 * @param key the flat key, such as {@code gpu.0.temp}
 * @param value the value
 * @param seriesLabels labels for exporters beyond the placeholders (a scraped series' own); empty
 *     for most values
 */
public record Sample(MetricDescriptor metric, List<String> labelValues, String key, double value,
        Map<String, String> seriesLabels) {

    /**
     * A value without labels beyond its placeholders.
     *
     * @param metric its descriptor
     * @param labelValues values of the template's placeholders
     * @param key the flat key
     * @param value the value
     */
    public Sample(MetricDescriptor metric, List<String> labelValues, String key, double value) {
        this(metric, labelValues, key, value, Map.of());
    }
}
