package io.sysgauge.plugin.amd;

import java.util.Map;

/**
 * One AMD GPU's values from one run of amd-smi or rocm-smi, in sysgauge's units. A value the tool
 * did not report (missing, "N/A", not a number) is NaN, which sample writers drop.
 *
 * @param index the GPU's index as the tool numbers it (amd-smi's {@code gpu}, rocm-smi's {@code cardN})
 * @param gpuPercent graphics engine busy
 * @param memoryAllocatedPercent VRAM in use over total VRAM
 * @param celsius GPU temperature: edge sensor, else junction (hotspot), else memory
 * @param watts package or socket power
 * @param powerCapWatts the power cap the GPU runs under, for powerPercent
 * @param memoryActivityPercent memory controller busy (ROCm 6 "Read/Write Activity", amd-smi umc_activity)
 * @param memoryOverDrivePercent memory clock overdrive
 * @param throttle health (issue 17): NVML's throttle reason names the tool stated, and whether each is active
 * @param energyJoules the GPU's energy counter (amd-smi's {@code energy.total_energy_consumption}), which counts from
 *     the driver's start and may wrap; NaN where the tool has none
 */
record AmdGpuReading(int index, double gpuPercent, double memoryAllocatedPercent, double celsius, double watts,
        double powerCapWatts, double memoryActivityPercent, double memoryOverDrivePercent, Map<String, Boolean> throttle,
        double energyJoules) {

    /** A reading without throttle states, as rocm-smi and older amd-smi give. */
    AmdGpuReading(int index, double gpuPercent, double memoryAllocatedPercent, double celsius, double watts,
            double powerCapWatts, double memoryActivityPercent, double memoryOverDrivePercent) {
        this(index, gpuPercent, memoryAllocatedPercent, celsius, watts, powerCapWatts, memoryActivityPercent,
                memoryOverDrivePercent, Map.of(), Double.NaN);
    }

    /** @return power over the cap in percent; NaN when either is unknown */
    double powerPercent() {
        return powerCapWatts > 0 ? 100.0 * watts / powerCapWatts : Double.NaN;
    }

    /** @return this reading with the cap from amd-smi's static report where the metric report has none */
    AmdGpuReading withPowerCap(double capWatts) {
        return Double.isNaN(powerCapWatts) ? new AmdGpuReading(index, gpuPercent, memoryAllocatedPercent, celsius, watts,
                capWatts, memoryActivityPercent, memoryOverDrivePercent, throttle, energyJoules) : this;
    }
}
