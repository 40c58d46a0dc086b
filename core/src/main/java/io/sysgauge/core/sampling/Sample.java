package io.sysgauge.core.sampling;

import io.sysgauge.spi.MetricDescriptor;
import java.util.List;

/**
 * One value of one tick.
 *
 * @param metric its descriptor
 * @param labelValues values of the template's placeholders
 * @param key the flat key, such as {@code gpu.0.temp}
 * @param value the value
 */
public record Sample(MetricDescriptor metric, List<String> labelValues, String key, double value) {}
