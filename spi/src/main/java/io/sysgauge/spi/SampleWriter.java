package io.sysgauge.spi;

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
}
