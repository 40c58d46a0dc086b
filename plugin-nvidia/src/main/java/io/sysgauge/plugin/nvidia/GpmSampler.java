package io.sysgauge.plugin.nvidia;

import io.sysgauge.plugin.nvidia.GpmMetrics.Metric;
import io.sysgauge.spi.SampleWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * NVML GPM for one GPU and its MIG instances: two sample buffers each, the previous tick's and this
 * one's, so that every tick costs one {@code nvmlGpmSampleGet} (or {@code nvmlGpmMigSampleGet}) and
 * one {@code nvmlGpmMetricsGet}, and the metrics cover the interval between two ticks. The first
 * tick only fills the first buffer. A GPU without GPM (before Hopper, or a driver without the
 * functions) gets no sampler buffers at all, and {@link #absence} says why.
 */
final class GpmSampler {

    private static final Logger logger = LoggerFactory.getLogger(GpmSampler.class);

    /** A MIG instance as {@link GpuDevice} names it: its label in keys and its device handle. */
    record MigInstance(String label, long handle) {}

    /** The GPU, or one GPU instance of it: a pair of sample buffers and whether reading it is off. */
    private static final class Stream {
        final String migLabel; // null for the whole GPU
        final int gpuInstanceId;
        long previous;
        long current;
        boolean filled; // whether previous holds the last tick's sample
        boolean off;
        boolean warned;

        Stream(String migLabel, int gpuInstanceId, long previous, long current) {
            this.migLabel = migLabel;
            this.gpuInstanceId = gpuInstanceId;
            this.previous = previous;
            this.current = current;
        }
    }

    private final int index;
    private final String label;
    private final long handle;
    private final List<Stream> streams;
    private final String absence;
    private boolean closed;

    private GpmSampler(int index, long handle, List<Stream> streams, String absence) {
        this.index = index;
        this.label = Integer.toString(index);
        this.handle = handle;
        this.streams = streams;
        this.absence = absence;
    }

    /**
     * Asks NVML whether the GPU has GPM and, if so, allocates the sample buffers.
     *
     * @param architecture the GPU's architecture as metadata names it, for the reason it has none
     */
    static GpmSampler open(Nvml nvml, int index, long handle, String architecture, List<MigInstance> migs) {
        boolean supported;
        try {
            supported = nvml.gpmSupported(handle);
        } catch (NvmlException e) {
            String reason = e.code() == NvmlException.FUNCTION_NOT_FOUND
                    ? "not in this driver's NVML library (" + e.function() + ")"
                    : "not available on GPU " + index + ": " + e.getMessage();
            return new GpmSampler(index, handle, List.of(), reason);
        }
        if (!supported) {
            return new GpmSampler(index, handle, List.of(),
                    "not supported on GPU " + index + (architecture == null ? "" : " (" + architecture + ")"));
        }
        List<Stream> streams = new ArrayList<>();
        try {
            streams.add(allocate(nvml, null, -1));
            for (MigInstance mig : migs) {
                int gpuInstanceId;
                try {
                    gpuInstanceId = nvml.gpuInstanceId(mig.handle());
                } catch (NvmlException e) {
                    logger.debug("GPU {} MIG instance {}: no GPU instance id ({}); no GPM for it", index, mig.label(),
                            e.getMessage());
                    continue;
                }
                streams.add(allocate(nvml, mig.label(), gpuInstanceId));
            }
        } catch (NvmlException e) {
            free(nvml, streams);
            return new GpmSampler(index, handle, List.of(), "GPU " + index + ": " + e.getMessage());
        }
        return new GpmSampler(index, handle, List.copyOf(streams), null);
    }

    private static Stream allocate(Nvml nvml, String migLabel, int gpuInstanceId) throws NvmlException {
        long first = nvml.gpmSampleAlloc();
        try {
            return new Stream(migLabel, gpuInstanceId, first, nvml.gpmSampleAlloc());
        } catch (NvmlException e) {
            nvml.gpmSampleFree(first);
            throw e;
        }
    }

    /** @return why this GPU has no GPM metrics, for metadata.json; empty when it has them */
    Optional<String> absence() {
        return Optional.ofNullable(absence);
    }

    /** @return whether the GPU's link throughput comes from GPM (so not from the older calls) */
    boolean readsLinks() {
        return !closed && !streams.isEmpty() && !streams.get(0).off; // the first stream is the whole GPU's
    }

    /** Takes this tick's samples and writes the metrics between them and the last tick's. */
    void sample(Nvml nvml, SampleWriter out) {
        for (Stream stream : streams) {
            if (!stream.off && !closed) {
                sample(nvml, stream, out);
            }
        }
    }

    private void sample(Nvml nvml, Stream stream, SampleWriter out) {
        try {
            if (stream.migLabel == null) {
                nvml.gpmSampleGet(handle, stream.current);
            } else {
                nvml.gpmMigSampleGet(handle, stream.gpuInstanceId, stream.current);
            }
            if (stream.filled) {
                write(out, stream, nvml.gpmMetrics(stream.previous, stream.current, GpmMetrics.IDS));
            }
        } catch (NvmlException e) {
            failed(stream, e);
            stream.filled = false; // the next pair starts afresh
            return;
        }
        long previous = stream.previous;
        stream.previous = stream.current;
        stream.current = previous;
        stream.filled = true;
    }

    private void write(SampleWriter out, Stream stream, double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (Double.isNaN(values[i])) {
                continue; // NVML's own return for that metric was not success
            }
            Metric metric = GpmMetrics.ALL.get(i);
            double value = metric.convert(values[i]);
            if (stream.migLabel == null) {
                out.write(metric.device(), value, label);
            } else {
                out.write(metric.mig(), value, label, stream.migLabel);
            }
        }
    }

    private void failed(Stream stream, NvmlException e) {
        String what = stream.migLabel == null ? "GPU " + index : "GPU " + index + " MIG instance " + stream.migLabel;
        if (e.isPermanent()) {
            stream.off = true;
            logger.debug("{}: GPM is not available ({}); not asked again", what, e.getMessage());
        } else if (!stream.warned) {
            stream.warned = true;
            logger.warn("{}: reading GPM failed ({}); its values are left out while this lasts", what, e.getMessage());
        }
    }

    /** Frees the sample buffers, once; the sampler reads nothing after. */
    void close(Nvml nvml) {
        if (!closed) {
            closed = true;
            free(nvml, streams);
        }
    }

    private static void free(Nvml nvml, List<Stream> streams) {
        for (Stream stream : streams) {
            nvml.gpmSampleFree(stream.previous);
            nvml.gpmSampleFree(stream.current);
        }
    }
}
