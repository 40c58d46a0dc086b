package io.sysgauge.core.sampling;

import io.sysgauge.spi.ExportedValue;
import io.sysgauge.spi.MetricDescriptor;
import io.sysgauge.spi.SampleWriter;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Collects one collector's values for one tick; handed to the record only if the tick succeeds. */
final class SampleBuffer implements SampleWriter {

    /** The placeholder every GPU family numbers its devices with, as in {@code gpu.{gpu}.temp}. */
    static final String GPU_PLACEHOLDER = "gpu";

    private final Map<String, ExportedValue> samples = new LinkedHashMap<>();
    private final int gpuOffset;
    private boolean partial;

    /** @param gpuOffset added to every {@code {gpu}} placeholder value: the collector's place in the shared GPU index space */
    SampleBuffer(int gpuOffset) {
        this.gpuOffset = gpuOffset;
    }

    @Override
    public void partialFailure() {
        partial = true;
    }

    /** @return whether the collector said this sample lacks part of its sources */
    boolean partial() {
        return partial;
    }

    @Override
    public void write(MetricDescriptor metric, double value, String... labelValues) {
        writeLabelled(metric, value, Map.of(), labelValues);
    }

    @Override
    public void writeLabelled(MetricDescriptor metric, double value, Map<String, String> seriesLabels,
            String... labelValues) {
        if (!Double.isFinite(value)) {
            return;
        }
        if (gpuOffset != 0) {
            labelValues = renumberGpu(metric, labelValues);
        }
        String key = metric.key(labelValues);
        samples.put(key, new ExportedValue(metric, labelValues.length == 0 ? List.of() : List.of(labelValues), key, value,
                copyOf(key, seriesLabels)));
    }

    private String[] renumberGpu(MetricDescriptor metric, String[] labelValues) {
        int gpu = metric.labelNames().indexOf(GPU_PLACEHOLDER);
        if (gpu < 0 || gpu >= labelValues.length) {
            return labelValues;
        }
        try {
            String[] renumbered = labelValues.clone();
            renumbered[gpu] = Integer.toString(Integer.parseInt(labelValues[gpu]) + gpuOffset);
            return renumbered;
        } catch (NumberFormatException e) {
            return labelValues; // not an index: metric.key reports a bad label itself
        }
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

    Collection<ExportedValue> samples() {
        return samples.values();
    }
}
