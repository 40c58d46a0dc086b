package io.sysgauge.spi;

import java.util.List;
import java.util.Map;

/**
 * One value of a tick: what core's sampling loop records, the events file writes and exporters get.
 *
 * @param metric its descriptor: template, unit, kind and help
 * @param labelValues the values of the template's placeholders, in order
 * @param key the flat key, such as {@code gpu.0.temp} (events files write it as {@code system.gpu.0.temp})
 * @param value the value
 * @param seriesLabels labels beyond the placeholders (a scraped series' own); empty for most values
 * @since 1.2.0
 */
public record ExportedValue(MetricDescriptor metric, List<String> labelValues, String key, double value,
        Map<String, String> seriesLabels) {

    /**
     * A value without labels beyond its placeholders.
     *
     * @param metric its descriptor
     * @param labelValues the values of the template's placeholders
     * @param key the flat key
     * @param value the value
     */
    public ExportedValue(MetricDescriptor metric, List<String> labelValues, String key, double value) {
        this(metric, labelValues, key, value, Map.of());
    }
}
