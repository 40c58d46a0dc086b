package io.sysgauge.benchmarks;

import io.sysgauge.spi.MetricDescriptor;
import io.sysgauge.spi.SampleWriter;

/**
 * The trivial sink the collector benchmarks write into: it keeps a running checksum that the
 * benchmark returns, so the JIT cannot drop the work, and costs next to nothing itself. Unlike
 * core's buffer it neither expands keys nor allocates; the {@code samplerTick} benchmark
 * includes that cost.
 */
final class CountingWriter implements SampleWriter {

    private double checksum;

    @Override
    public void write(MetricDescriptor metric, double value, String... labelValues) {
        checksum += value + labelValues.length;
    }

    /** @return the sum of everything written so far */
    double checksum() {
        return checksum;
    }
}
