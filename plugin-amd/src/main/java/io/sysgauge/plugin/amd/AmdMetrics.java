package io.sysgauge.plugin.amd;

import io.sysgauge.spi.MetricDescriptor;
import io.sysgauge.spi.Unit;

/**
 * The keys only the amd plugin writes, spelled as W&B's system metrics spell them (metrics.md);
 * the ones every GPU family writes are the SPI's {@link io.sysgauge.spi.GpuMetrics}.
 */
final class AmdMetrics {

    static final MetricDescriptor MEMORY_READ_WRITE_ACTIVITY = MetricDescriptor.of(
            "gpu.{gpu}.memoryReadWriteActivity", Unit.PERCENT, "Time the GPU memory controller was busy");
    static final MetricDescriptor MEMORY_OVERDRIVE = MetricDescriptor.of("gpu.{gpu}.memoryOverDrive", Unit.PERCENT,
            "GPU memory clock overdrive");

    static final MetricDescriptor ENERGY = MetricDescriptor.counter("gpu.{gpu}.energyJoules", Unit.JOULES,
            "Energy the GPU used since the first sample");

    // health (issue 17)
    static final MetricDescriptor THROTTLE = MetricDescriptor.of("gpu.{gpu}.throttle.{reason}", Unit.NONE,
            "1 while amd-smi reports this violation (under NVML's reason name) holding the GPU back, else 0");

    private AmdMetrics() {}
}
