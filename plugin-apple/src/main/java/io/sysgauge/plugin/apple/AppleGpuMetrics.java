package io.sysgauge.plugin.apple;

import io.sysgauge.spi.MetricDescriptor;
import io.sysgauge.spi.Unit;

/** The keys the apple plugin writes, spelled as W&B's system metrics spell them for Apple GPUs. */
final class AppleGpuMetrics {

    static final MetricDescriptor GPU = MetricDescriptor.of("gpu.{gpu}.gpu", Unit.PERCENT,
            "Time the GPU was out of its idle (OFF) performance state since the previous tick");
    static final MetricDescriptor MEMORY_ALLOCATED = MetricDescriptor.of("gpu.{gpu}.memoryAllocated", Unit.PERCENT,
            "System memory the GPU has in use, over the machine's total (unified) memory");
    static final MetricDescriptor TEMP = MetricDescriptor.of("gpu.{gpu}.temp", Unit.CELSIUS,
            "Hottest of the GPU's SMC temperature sensors");
    static final MetricDescriptor POWER_WATTS = MetricDescriptor.of("gpu.{gpu}.powerWatts", Unit.WATTS,
            "GPU power draw, averaged since the previous tick");
    static final MetricDescriptor POWER_PERCENT = MetricDescriptor.of("gpu.{gpu}.powerPercent", Unit.PERCENT,
            "GPU power draw over W&B's fixed 16.5 W reference, not a power limit: larger chips exceed 100");

    private AppleGpuMetrics() {}
}
