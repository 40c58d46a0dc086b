package io.sysgauge.plugin.nvidia;

import io.sysgauge.spi.MetricDescriptor;
import io.sysgauge.spi.Unit;

/**
 * The keys only the nvidia plugin writes, spelled as W&B's system metrics spell them (metrics.md);
 * the ones every GPU family writes are the SPI's {@link io.sysgauge.spi.GpuMetrics}.
 */
final class NvidiaMetrics {

    static final MetricDescriptor ENFORCED_POWER_LIMIT_WATTS = MetricDescriptor.of(
            "gpu.{gpu}.enforcedPowerLimitWatts", Unit.WATTS, "Power limit the driver enforces on the GPU");
    static final MetricDescriptor SM_CLOCK = MetricDescriptor.of("gpu.{gpu}.smClock", Unit.MEGAHERTZ,
            "Streaming multiprocessor clock");
    static final MetricDescriptor MEMORY_CLOCK = MetricDescriptor.of("gpu.{gpu}.memoryClock", Unit.MEGAHERTZ,
            "GPU memory clock");
    static final MetricDescriptor GRAPHICS_CLOCK = MetricDescriptor.of("gpu.{gpu}.graphicsClock", Unit.MEGAHERTZ,
            "Graphics clock");
    static final MetricDescriptor CORRECTED_MEMORY_ERRORS = MetricDescriptor.of("gpu.{gpu}.correctedMemoryErrors",
            Unit.COUNT, "Corrected ECC memory errors since the driver last loaded");
    static final MetricDescriptor UNCORRECTED_MEMORY_ERRORS = MetricDescriptor.of(
            "gpu.{gpu}.unCorrectedMemoryErrors", Unit.COUNT,
            "Uncorrected ECC memory errors since the driver last loaded");
    static final MetricDescriptor ENCODER_UTILIZATION = MetricDescriptor.of("gpu.{gpu}.encoderUtilization",
            Unit.PERCENT, "Video encoder busy time");
    static final MetricDescriptor FAN_SPEED = MetricDescriptor.of("gpu.{gpu}.fanSpeed", Unit.PERCENT,
            "Fan speed the driver targets, in percent of its maximum");

    static final MetricDescriptor PROCESS_GPU = MetricDescriptor.of("gpu.process.{gpu}.gpu", Unit.PERCENT,
            "SM busy time caused by the monitored process tree, from NVML's per-process samples");
    static final MetricDescriptor PROCESS_MEMORY = MetricDescriptor.of("gpu.process.{gpu}.memory", Unit.PERCENT,
            "Memory controller busy time caused by the monitored process tree");
    static final MetricDescriptor PROCESS_MEMORY_ALLOCATED = MetricDescriptor.of(
            "gpu.process.{gpu}.memoryAllocated", Unit.PERCENT,
            "GPU memory the monitored process tree holds, over total GPU memory");
    static final MetricDescriptor PROCESS_MEMORY_ALLOCATED_BYTES = MetricDescriptor.of(
            "gpu.process.{gpu}.memoryAllocatedBytes", Unit.BYTES, "GPU memory the monitored process tree holds");
    static final MetricDescriptor PROCESS_TEMP = MetricDescriptor.of("gpu.process.{gpu}.temp", Unit.CELSIUS,
            "Temperature of a GPU the monitored process tree uses");
    static final MetricDescriptor PROCESS_POWER_WATTS = MetricDescriptor.of("gpu.process.{gpu}.powerWatts",
            Unit.WATTS, "Power draw of a GPU the monitored process tree uses");
    static final MetricDescriptor PROCESS_POWER_PERCENT = MetricDescriptor.of("gpu.process.{gpu}.powerPercent",
            Unit.PERCENT, "Power draw over the enforced limit of a GPU the monitored process tree uses");

    static final MetricDescriptor MIG_MEMORY_ALLOCATED = MetricDescriptor.of("gpu.{gpu}.mig.{mig}.memoryAllocated",
            Unit.PERCENT, "Memory in use over total memory of one MIG instance");
    static final MetricDescriptor MIG_MEMORY_ALLOCATED_BYTES = MetricDescriptor.of(
            "gpu.{gpu}.mig.{mig}.memoryAllocatedBytes", Unit.BYTES, "Memory in use of one MIG instance");

    // health (issue 17)
    static final MetricDescriptor THROTTLE = MetricDescriptor.of("gpu.{gpu}.throttle.{reason}", Unit.NONE,
            "1 while NVML reports this clock-event reason holding the GPU's clocks down, else 0");
    static final MetricDescriptor XID_ERRORS = MetricDescriptor.counter("gpu.{gpu}.xidErrors", Unit.COUNT,
            "XID critical errors NVML reported since sysgauge started watching the GPU");

    private NvidiaMetrics() {}
}
