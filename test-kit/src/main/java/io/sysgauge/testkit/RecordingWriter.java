package io.sysgauge.testkit;

import io.sysgauge.spi.MetricDescriptor;
import io.sysgauge.spi.SampleWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Keeps what a collector writes in one or more ticks. {@link #values()} holds what core would
 * record (NaN and infinities dropped, the last write of a key kept); {@link #writes()} holds every
 * call as it was made, for checks on descriptors and raw values.
 */
public final class RecordingWriter implements SampleWriter {

    /**
     * One call of {@link SampleWriter#write}.
     *
     * @param metric the descriptor written with
     * @param value the value as written, NaN included
     * @param labelValues the label values as written
     * @param key the flat key they make
     * @param seriesLabels the labels for exporters given to {@code writeLabelled}; empty for {@code write}
     */
    public record Write(MetricDescriptor metric, double value, List<String> labelValues, String key,
            Map<String, String> seriesLabels) {}

    private final Map<String, Double> values = new TreeMap<>();
    private final List<Write> writes = new ArrayList<>();
    private int partialFailures;

    @Override
    public void partialFailure() {
        partialFailures++;
    }

    /** @return how often the collector said a sample lacked part of its sources */
    public int partialFailures() {
        return partialFailures;
    }

    @Override
    public void write(MetricDescriptor metric, double value, String... labelValues) {
        writeLabelled(metric, value, Map.of(), labelValues);
    }

    @Override
    public void writeLabelled(MetricDescriptor metric, double value, Map<String, String> seriesLabels,
            String... labelValues) {
        String key = metric.key(labelValues);
        Map<String, String> labels;
        try {
            labels = Map.copyOf(seriesLabels);
        } catch (NullPointerException e) {
            throw new IllegalArgumentException(key + ": a series label name or value is null"); // as core's writer
        }
        writes.add(new Write(metric, value, Arrays.asList(labelValues.clone()), key, labels));
        if (Double.isFinite(value)) {
            values.put(key, value);
        }
    }

    /** @return the values written, by flat key ({@code gpu.0.temp}), in key order */
    public Map<String, Double> values() {
        return values;
    }

    /** @return every write, in the order it was made */
    public List<Write> writes() {
        return writes;
    }

    /** Forgets everything written so far, to record the next tick alone. */
    public void clear() {
        values.clear();
        writes.clear();
        partialFailures = 0;
    }
}
