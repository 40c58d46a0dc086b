package io.sysgauge.plugin.amd;

import io.sysgauge.spi.MetricDescriptor;
import io.sysgauge.spi.Unit;

/** The keys the amd plugin writes, spelled as W&B's system metrics spell them (metrics.md). */
final class AmdMetrics {

    static final MetricDescriptor GPU = MetricDescriptor.of("gpu.{gpu}.gpu", Unit.PERCENT,
            "Time the GPU's graphics engine was busy");
    static final MetricDescriptor MEMORY_ALLOCATED = MetricDescriptor.of("gpu.{gpu}.memoryAllocated", Unit.PERCENT,
            "VRAM in use over total VRAM");
    static final MetricDescriptor TEMP = MetricDescriptor.of("gpu.{gpu}.temp", Unit.CELSIUS,
            "GPU temperature (edge sensor, else junction, else memory)");
    static final MetricDescriptor POWER_WATTS = MetricDescriptor.of("gpu.{gpu}.powerWatts", Unit.WATTS,
            "GPU package or socket power");
    static final MetricDescriptor POWER_PERCENT = MetricDescriptor.of("gpu.{gpu}.powerPercent", Unit.PERCENT,
            "GPU power over its power cap");
    static final MetricDescriptor MEMORY_READ_WRITE_ACTIVITY = MetricDescriptor.of(
            "gpu.{gpu}.memoryReadWriteActivity", Unit.PERCENT, "Time the GPU memory controller was busy");
    static final MetricDescriptor MEMORY_OVERDRIVE = MetricDescriptor.of("gpu.{gpu}.memoryOverDrive", Unit.PERCENT,
            "GPU memory clock overdrive");

    private AmdMetrics() {}
}
