package io.sysgauge.plugin.apple;

import io.sysgauge.spi.GpuMetrics;
import io.sysgauge.spi.SampleWriter;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import oshi.hardware.GpuStats;

/**
 * One tick of the apple collector: turns an OSHI {@link GpuStats} session's readings into sysgauge keys and units.
 *
 * <p>OSHI's units already match W&B's: utilization in percent (0-100), temperature in degrees Celsius, power in
 * watts, memory in bytes. OSHI answers -1 for what it cannot read; any negative or non-finite reading is left out.
 */
final class AppleGpuSampler {

    private static final Logger logger = LoggerFactory.getLogger(AppleGpuSampler.class);

    /**
     * The power W&B's Apple GPU monitor divides by for {@code powerPercent}: a figure from an M1's SMC key list,
     * hard-coded there. Apple publishes no GPU power limit and OSHI reads none, so this is a reference, not a limit.
     */
    static final double REFERENCE_POWER_WATTS = 16.5;

    // An Apple silicon Mac has one GPU; OSHI lists it once.
    private static final String GPU_INDEX = "0";

    private final GpuStats stats;
    private final long totalMemoryBytes;

    /**
     * @param stats an open session on the Apple GPU
     * @param totalMemoryBytes the machine's physical memory, which the GPU shares; 0 or less when unknown
     */
    AppleGpuSampler(GpuStats stats, long totalMemoryBytes) {
        this.stats = stats;
        this.totalMemoryBytes = totalMemoryBytes;
    }

    void sample(SampleWriter out) {
        double utilization = read("utilization", stats::getGpuUtilization);
        if (isKnown(utilization)) {
            out.write(GpuMetrics.GPU, utilization, GPU_INDEX);
        }

        long memoryUsed = memoryUsedBytes();
        if (memoryUsed >= 0 && totalMemoryBytes > 0) {
            out.write(GpuMetrics.MEMORY_ALLOCATED, 100.0 * memoryUsed / totalMemoryBytes, GPU_INDEX);
        }

        double temperature = read("temperature", stats::getTemperature);
        if (isKnown(temperature)) {
            out.write(GpuMetrics.TEMP, temperature, GPU_INDEX);
        }

        double powerWatts = read("power draw", stats::getPowerDraw);
        if (isKnown(powerWatts)) {
            out.write(GpuMetrics.POWER_WATTS, powerWatts, GPU_INDEX);
            out.write(GpuMetrics.POWER_PERCENT, 100.0 * powerWatts / REFERENCE_POWER_WATTS, GPU_INDEX);
        }
    }

    // On Apple silicon OSHI reports the GPU's share of unified memory as VRAM in use ("In use system memory");
    // shared memory is the other spelling a GpuStats may use for the same thing.
    private long memoryUsedBytes() {
        long vramUsed = read("memory in use", stats::getVramUsed);
        return vramUsed >= 0 ? vramUsed : read("shared memory in use", stats::getSharedMemoryUsed);
    }

    private static boolean isKnown(double reading) {
        return Double.isFinite(reading) && reading >= 0;
    }

    // A reading that fails costs that value only, as the SPI asks.
    private static double read(String what, DoubleSupplier reading) {
        try {
            return reading.getAsDouble();
        } catch (RuntimeException e) {
            logger.debug("Apple GPU {} not read: {}", what, e.toString());
            return Double.NaN;
        }
    }

    private static long read(String what, LongSupplier reading) {
        try {
            return reading.getAsLong();
        } catch (RuntimeException e) {
            logger.debug("Apple GPU {} not read: {}", what, e.toString());
            return -1;
        }
    }
}
