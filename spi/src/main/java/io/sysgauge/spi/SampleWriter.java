package io.sysgauge.spi;

import java.util.Map;

/**
 * Where {@link MetricCollector#sample} puts values. Not thread safe: write only from the
 * thread core called {@code sample} on, and only during that call.
 */
public interface SampleWriter {

    /**
     * Records one value for this tick.
     *
     * <p>NaN and infinite values are dropped: they mean the source had no reading. Writing the
     * same key twice in one tick keeps the last value.
     *
     * @param metric the descriptor, usually a constant
     * @param value the value, in the descriptor's unit
     * @param labelValues one value per placeholder of the key template, in order
     * @throws IllegalArgumentException if the label values do not match the template
     */
    void write(MetricDescriptor metric, double value, String... labelValues);

    /**
     * Records one value that carries labels beyond its template's placeholders, such as the label
     * set of a scraped Prometheus series. The flat key is the one {@link #write} makes; run files
     * keep only key and value, while exporters such as {@code /metrics} add these labels to the
     * series. An exporter leaves out labels whose names clash with the template's placeholders or
     * its own labels, or that are not valid Prometheus label names.
     *
     * <p>A plugin that calls this needs SPI 1.1 ({@code Plugin-Requires: >=1.1.0}): a 1.0 core
     * does not have it. The default, which writes the value without the labels, is for writers
     * written against 1.0 (test doubles, wrappers), so that they keep compiling.
     *
     * @param metric the descriptor, usually a constant
     * @param value the value, in the descriptor's unit
     * @param seriesLabels label names and values for exporters, none of them null
     * @param labelValues one value per placeholder of the key template, in order
     * @throws IllegalArgumentException if the label values do not match the template, or a label
     *     name or value is null
     * @since 1.1.0
     */
    default void writeLabelled(MetricDescriptor metric, double value, Map<String, String> seriesLabels,
            String... labelValues) {
        write(metric, value, labelValues);
    }

    /**
     * Says that this tick's sample lacks part of what the collector reads (one of several sources,
     * such as one scraped endpoint of many, failed) while the values written are good: core keeps
     * them and records {@code sysgauge.collector.{id}.up} as 0 for this tick, so a partial failure
     * shows where health is watched. The default does nothing, for writers written before it.
     *
     * @since 1.2.0
     */
    default void partialFailure() {}
}
