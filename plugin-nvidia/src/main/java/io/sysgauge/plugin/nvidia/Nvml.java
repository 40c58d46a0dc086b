package io.sysgauge.plugin.nvidia;

import java.util.List;

/**
 * The NVML calls the plugin makes, in plain Java types. Device handles are opaque numbers.
 * Unsigned NVML integers come back as non-negative longs. Every call either returns a value or
 * throws {@link NvmlException} carrying NVML's return code.
 * A symbol the installed driver lacks surfaces as {@link NvmlException#FUNCTION_NOT_FOUND}.
 *
 * <p>Not thread-safe: core calls a collector from one thread at a time.
 */
interface Nvml extends AutoCloseable {

    /** Clocks as {@code nvmlClockType_t} numbers them. */
    enum Clock {
        GRAPHICS(0), SM(1), MEMORY(2);

        final int nvmlValue;

        Clock(int nvmlValue) {
            this.nvmlValue = nvmlValue;
        }
    }

    /** {@code nvmlMemory_t}: bytes. */
    record MemoryInfo(long total, long used) {}

    /** {@code nvmlUtilization_t}: percent of the last sample period. */
    record Utilization(long gpu, long memory) {}

    /** One entry of a running-process list; {@code usedGpuMemory} is -1 where NVML says not available. */
    record GpuProcess(long pid, long usedGpuMemory) {
        boolean memoryKnown() {
            return usedGpuMemory >= 0;
        }
    }

    /** One {@code nvmlProcessUtilizationSample_t}: a process's SM and memory-controller busy percent. */
    record ProcessSample(long pid, long timestampMicros, long smPercent, long memoryPercent) {}

    void init() throws NvmlException;

    String driverVersion() throws NvmlException;

    /** @return the CUDA driver API version as NVML encodes it: 1000 * major + 10 * minor */
    int cudaDriverVersion() throws NvmlException;

    int deviceCount() throws NvmlException;

    long deviceHandle(int index) throws NvmlException;

    String name(long device) throws NvmlException;

    String uuid(long device) throws NvmlException;

    long architecture(long device) throws NvmlException;

    MemoryInfo memory(long device) throws NvmlException;

    Utilization utilization(long device) throws NvmlException;

    /** @return the GPU die temperature in degrees Celsius */
    long temperature(long device) throws NvmlException;

    long powerUsageMilliwatts(long device) throws NvmlException;

    long enforcedPowerLimitMilliwatts(long device) throws NvmlException;

    long clockMegahertz(long device, Clock clock) throws NvmlException;

    /** @return volatile ECC error count since the last driver reload */
    long volatileEccErrors(long device, boolean corrected) throws NvmlException;

    long encoderUtilization(long device) throws NvmlException;

    long fanSpeed(long device) throws NvmlException;

    List<GpuProcess> computeProcesses(long device) throws NvmlException;

    List<GpuProcess> graphicsProcesses(long device) throws NvmlException;

    /** @return samples newer than {@code lastSeenMicros}; empty when the driver has none */
    List<ProcessSample> processUtilization(long device, long lastSeenMicros) throws NvmlException;

    boolean migEnabled(long device) throws NvmlException;

    int maxMigDevices(long device) throws NvmlException;

    long migDeviceHandle(long device, int index) throws NvmlException;

    // gpm, links, energy (issue 17)

    /**
     * One {@code nvmlFieldValue_t}: its own return code, NVML's timestamp of the reading in
     * microseconds, and the value as a double (the throughput counters fit one exactly up to 2^53 KiB).
     */
    record FieldValue(int nvmlReturn, long timestampMicros, double value) {
        boolean ok() {
            return nvmlReturn == 0;
        }
    }

    /** @return {@code nvmlGpmQueryDeviceSupport}'s isSupportedDevice */
    boolean gpmSupported(long device) throws NvmlException;

    /** @return a new GPM sample buffer, an opaque handle for {@link #gpmSampleFree} */
    long gpmSampleAlloc() throws NvmlException;

    /** Frees a sample buffer; never throws. */
    void gpmSampleFree(long sample);

    /** Fills {@code sample} with the GPU's counters now. */
    void gpmSampleGet(long device, long sample) throws NvmlException;

    /** Fills {@code sample} with the counters of the GPU instance {@code gpuInstanceId} of {@code device}. */
    void gpmMigSampleGet(long device, int gpuInstanceId, long sample) throws NvmlException;

    /** @return the GPU instance id of a MIG device handle */
    int gpuInstanceId(long migDevice) throws NvmlException;

    /**
     * One {@code nvmlGpmMetricsGet} over two samples of the same GPU, the older first.
     *
     * @param metricIds {@code nvmlGpmMetricId_t} numbers
     * @return each metric's value in order; NaN where NVML's own return code for it is not success
     */
    double[] gpmMetrics(long older, long newer, int[] metricIds) throws NvmlException;

    /** @return energy the GPU used since the driver loaded, in millijoules */
    long totalEnergyMillijoules(long device) throws NvmlException;

    /** @return {@code nvmlDeviceGetPcieThroughput}: KB/s over the driver's last 20 ms window */
    long pcieThroughputKilobytesPerSecond(long device, boolean transmit) throws NvmlException;

    /**
     * One {@code nvmlDeviceGetFieldValues} call.
     *
     * @param fieldIds {@code NVML_FI_*} numbers, each read with scope id 0
     * @return the values, in order
     */
    FieldValue[] fieldValues(long device, int[] fieldIds) throws NvmlException;

    // health (issue 17)

    /** @return the clock-event reason and event-set calls, safe to use beside this object's from one other thread */
    NvmlHealth health();

    /** Shuts NVML down; never throws. */
    @Override
    void close();
}
