package io.sysgauge.plugin.amd;

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
 */
record AmdGpuReading(int index, double gpuPercent, double memoryAllocatedPercent, double celsius, double watts,
        double powerCapWatts, double memoryActivityPercent, double memoryOverDrivePercent) {

    /** @return power over the cap in percent; NaN when either is unknown */
    double powerPercent() {
        return powerCapWatts > 0 ? 100.0 * watts / powerCapWatts : Double.NaN;
    }

    /** @return this reading with the cap from amd-smi's static report where the metric report has none */
    AmdGpuReading withPowerCap(double capWatts) {
        return Double.isNaN(powerCapWatts) ? new AmdGpuReading(index, gpuPercent, memoryAllocatedPercent, celsius, watts,
                capWatts, memoryActivityPercent, memoryOverDrivePercent) : this;
    }
}
