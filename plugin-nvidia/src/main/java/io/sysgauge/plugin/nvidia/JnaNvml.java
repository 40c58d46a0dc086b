package io.sysgauge.plugin.nvidia;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.util.ArrayList;
import java.util.List;

/**
 * The JNA edge: NVML's C functions called by name with their C arguments, and NVML's structs read
 * at their C offsets. Everything else in the plugin sees {@link Nvml} only.
 *
 * <p>Functions are looked up by name on first use and kept. A function the installed driver lacks
 * fails its lookup once and is remembered as missing, which is how an older driver costs only the
 * metrics that need newer functions. (A call costs the same as through a JNA-mapped interface:
 * docs/performance.md.)
 */
final class JnaNvml implements Nvml {

    /** The functions called, with their C signatures; every one returns {@code nvmlReturn_t}. */
    private enum Call {
        INIT("nvmlInit_v2"),                                           // (void)
        SHUTDOWN("nvmlShutdown"),                                      // (void)
        DRIVER_VERSION("nvmlSystemGetDriverVersion"),                  // (char *version, unsigned int length)
        CUDA_DRIVER_VERSION("nvmlSystemGetCudaDriverVersion_v2"),      // (int *cudaDriverVersion)
        DEVICE_COUNT("nvmlDeviceGetCount_v2"),                         // (unsigned int *deviceCount)
        HANDLE_BY_INDEX("nvmlDeviceGetHandleByIndex_v2"),              // (unsigned int index, nvmlDevice_t *device)
        NAME("nvmlDeviceGetName"),                                     // (nvmlDevice_t, char *name, unsigned int length)
        UUID("nvmlDeviceGetUUID"),                                     // (nvmlDevice_t, char *uuid, unsigned int length)
        ARCHITECTURE("nvmlDeviceGetArchitecture"),                     // (nvmlDevice_t, nvmlDeviceArchitecture_t *arch)
        MEMORY_INFO("nvmlDeviceGetMemoryInfo"),                        // (nvmlDevice_t, nvmlMemory_t *memory)
        UTILIZATION("nvmlDeviceGetUtilizationRates"),                  // (nvmlDevice_t, nvmlUtilization_t *utilization)
        TEMPERATURE("nvmlDeviceGetTemperature"),                       // (nvmlDevice_t, nvmlTemperatureSensors_t, unsigned int *temp)
        POWER_USAGE("nvmlDeviceGetPowerUsage"),                        // (nvmlDevice_t, unsigned int *milliwatts)
        ENFORCED_POWER_LIMIT("nvmlDeviceGetEnforcedPowerLimit"),       // (nvmlDevice_t, unsigned int *milliwatts)
        CLOCK_INFO("nvmlDeviceGetClockInfo"),                          // (nvmlDevice_t, nvmlClockType_t, unsigned int *clock)
        TOTAL_ECC_ERRORS("nvmlDeviceGetTotalEccErrors"),               // (nvmlDevice_t, nvmlMemoryErrorType_t, nvmlEccCounterType_t, unsigned long long *count)
        ENCODER_UTILIZATION("nvmlDeviceGetEncoderUtilization"),        // (nvmlDevice_t, unsigned int *utilization, unsigned int *samplingPeriodUs)
        FAN_SPEED("nvmlDeviceGetFanSpeed"),                            // (nvmlDevice_t, unsigned int *speed)
        // (nvmlDevice_t, unsigned int *infoCount, nvmlProcessInfo_t *infos), newest first; the unversioned
        // functions fill the older nvmlProcessInfo_v1_t
        COMPUTE_PROCESSES_V3("nvmlDeviceGetComputeRunningProcesses_v3"),
        COMPUTE_PROCESSES_V2("nvmlDeviceGetComputeRunningProcesses_v2"),
        COMPUTE_PROCESSES_V1("nvmlDeviceGetComputeRunningProcesses"),
        GRAPHICS_PROCESSES_V3("nvmlDeviceGetGraphicsRunningProcesses_v3"),
        GRAPHICS_PROCESSES_V2("nvmlDeviceGetGraphicsRunningProcesses_v2"),
        GRAPHICS_PROCESSES_V1("nvmlDeviceGetGraphicsRunningProcesses"),
        // (nvmlDevice_t, nvmlProcessUtilizationSample_t *utilization, unsigned int *processSamplesCount,
        //  unsigned long long lastSeenTimeStamp)
        PROCESS_UTILIZATION("nvmlDeviceGetProcessUtilization"),
        MIG_MODE("nvmlDeviceGetMigMode"),                              // (nvmlDevice_t, unsigned int *currentMode, unsigned int *pendingMode)
        MAX_MIG_DEVICES("nvmlDeviceGetMaxMigDeviceCount"),             // (nvmlDevice_t, unsigned int *count)
        MIG_HANDLE_BY_INDEX("nvmlDeviceGetMigDeviceHandleByIndex"),    // (nvmlDevice_t, unsigned int index, nvmlDevice_t *migDevice)
        // gpm, links, energy (issue 17); nvmlGpmSample_t is a struct of one pointer, passed as one
        GPM_QUERY_DEVICE_SUPPORT("nvmlGpmQueryDeviceSupport"),         // (nvmlDevice_t, nvmlGpmSupport_t *gpmSupport)
        GPM_SAMPLE_ALLOC("nvmlGpmSampleAlloc"),                        // (nvmlGpmSample_t *gpmSample)
        GPM_SAMPLE_FREE("nvmlGpmSampleFree"),                          // (nvmlGpmSample_t gpmSample)
        GPM_SAMPLE_GET("nvmlGpmSampleGet"),                            // (nvmlDevice_t, nvmlGpmSample_t gpmSample)
        GPM_MIG_SAMPLE_GET("nvmlGpmMigSampleGet"),                     // (nvmlDevice_t, unsigned int gpuInstanceId, nvmlGpmSample_t)
        GPM_METRICS_GET("nvmlGpmMetricsGet"),                          // (nvmlGpmMetricsGet_t *metricsGet)
        GPU_INSTANCE_ID("nvmlDeviceGetGpuInstanceId"),                 // (nvmlDevice_t, unsigned int *id)
        TOTAL_ENERGY("nvmlDeviceGetTotalEnergyConsumption"),           // (nvmlDevice_t, unsigned long long *energy)
        PCIE_THROUGHPUT("nvmlDeviceGetPcieThroughput"),                // (nvmlDevice_t, nvmlPcieUtilCounter_t, unsigned int *value)
        FIELD_VALUES("nvmlDeviceGetFieldValues");                      // (nvmlDevice_t, int valuesCount, nvmlFieldValue_t *values)

        final String symbol;

        Call(String symbol) {
            this.symbol = symbol;
        }
    }

    private static final int SUCCESS = 0;
    private static final long NOT_AVAILABLE = -1L; // NVML_VALUE_NOT_AVAILABLE, (unsigned long long) -1
    private static final int TEXT_LENGTH = 96;     // NVML_DEVICE_NAME_V2_BUFFER_SIZE; UUIDs are shorter
    private static final int TEMPERATURE_GPU = 0;
    private static final int ECC_CORRECTED = 0;
    private static final int ECC_UNCORRECTED = 1;
    private static final int ECC_VOLATILE = 0;
    private static final int MIG_ENABLED = 1;
    private static final int PROCESS_INFO_SIZE = 24;    // sizeof(nvmlProcessInfo_v2_t), and of the _v3 lists' struct
    private static final int PROCESS_INFO_R535_SIZE = 32; // the _v3 lists' struct of R535 drivers (CUDA 12.2 header)
    private static final int PROCESS_INFO_V1_SIZE = 16; // sizeof(nvmlProcessInfo_v1_t)
    private static final int PROCESS_SAMPLE_SIZE = 32;  // sizeof(nvmlProcessUtilizationSample_t), the largest entry

    private final NativeLibrary library;
    private final Function[] functions = new Function[Call.values().length];
    private final boolean[] missing = new boolean[Call.values().length];
    private final Memory scratch = new Memory(128);
    private Memory entries = new Memory(PROCESS_SAMPLE_SIZE * 16L);
    private Call computeProcesses = Call.COMPUTE_PROCESSES_V3;
    private Call graphicsProcesses = Call.GRAPHICS_PROCESSES_V3;
    private int v3ProcessInfoSize; // 0 until the first _v3 list call
    private boolean initialized;

    private JnaNvml(NativeLibrary library) {
        this.library = library;
    }

    /**
     * @param library an absolute path, or a file name for the dynamic linker to find
     * @return the opened library; nothing is called in it yet
     * @throws UnsatisfiedLinkError when the file is missing or is not a loadable library
     */
    static JnaNvml load(String library) {
        return new JnaNvml(NativeLibrary.getInstance(library));
    }

    @Override
    public void init() throws NvmlException {
        call(Call.INIT);
        initialized = true;
    }

    @Override
    public String driverVersion() throws NvmlException {
        call(Call.DRIVER_VERSION, scratch, TEXT_LENGTH);
        return scratch.getString(0);
    }

    @Override
    public int cudaDriverVersion() throws NvmlException {
        call(Call.CUDA_DRIVER_VERSION, scratch);
        return scratch.getInt(0);
    }

    @Override
    public int deviceCount() throws NvmlException {
        call(Call.DEVICE_COUNT, scratch);
        return scratch.getInt(0);
    }

    @Override
    public long deviceHandle(int index) throws NvmlException {
        call(Call.HANDLE_BY_INDEX, index, scratch);
        return Pointer.nativeValue(scratch.getPointer(0));
    }

    @Override
    public String name(long device) throws NvmlException {
        call(Call.NAME, new Pointer(device), scratch, TEXT_LENGTH);
        return scratch.getString(0);
    }

    @Override
    public String uuid(long device) throws NvmlException {
        call(Call.UUID, new Pointer(device), scratch, TEXT_LENGTH);
        return scratch.getString(0);
    }

    @Override
    public long architecture(long device) throws NvmlException {
        return unsignedOut(Call.ARCHITECTURE, device);
    }

    @Override
    public MemoryInfo memory(long device) throws NvmlException {
        call(Call.MEMORY_INFO, new Pointer(device), scratch);
        // nvmlMemory_t: unsigned long long total, free, used
        return new MemoryInfo(scratch.getLong(0), scratch.getLong(16));
    }

    @Override
    public Utilization utilization(long device) throws NvmlException {
        call(Call.UTILIZATION, new Pointer(device), scratch);
        // nvmlUtilization_t: unsigned int gpu, memory
        return new Utilization(unsignedInt(0), unsignedInt(4));
    }

    @Override
    public long temperature(long device) throws NvmlException {
        call(Call.TEMPERATURE, new Pointer(device), TEMPERATURE_GPU, scratch);
        return unsignedInt(0);
    }

    @Override
    public long powerUsageMilliwatts(long device) throws NvmlException {
        return unsignedOut(Call.POWER_USAGE, device);
    }

    @Override
    public long enforcedPowerLimitMilliwatts(long device) throws NvmlException {
        return unsignedOut(Call.ENFORCED_POWER_LIMIT, device);
    }

    @Override
    public long clockMegahertz(long device, Clock clock) throws NvmlException {
        call(Call.CLOCK_INFO, new Pointer(device), clock.nvmlValue, scratch);
        return unsignedInt(0);
    }

    @Override
    public long volatileEccErrors(long device, boolean corrected) throws NvmlException {
        call(Call.TOTAL_ECC_ERRORS, new Pointer(device), corrected ? ECC_CORRECTED : ECC_UNCORRECTED, ECC_VOLATILE,
                scratch);
        return scratch.getLong(0);
    }

    @Override
    public long encoderUtilization(long device) throws NvmlException {
        call(Call.ENCODER_UTILIZATION, new Pointer(device), scratch, scratch.share(8));
        return unsignedInt(0);
    }

    @Override
    public long fanSpeed(long device) throws NvmlException {
        return unsignedOut(Call.FAN_SPEED, device);
    }

    @Override
    public List<GpuProcess> computeProcesses(long device) throws NvmlException {
        return runningProcesses(device, true);
    }

    @Override
    public List<GpuProcess> graphicsProcesses(long device) throws NvmlException {
        return runningProcesses(device, false);
    }

    /** Tries the newest list function first, and keeps to the newest one the driver has. */
    private List<GpuProcess> runningProcesses(long device, boolean compute) throws NvmlException {
        while (true) {
            Call list = compute ? computeProcesses : graphicsProcesses;
            try {
                return processes(list, device);
            } catch (NvmlException e) {
                if (e.code() != NvmlException.FUNCTION_NOT_FOUND || isV1(list)) {
                    throw e;
                }
                Call older = Call.values()[list.ordinal() + 1];
                if (compute) {
                    computeProcesses = older;
                } else {
                    graphicsProcesses = older;
                }
            }
        }
    }

    private static boolean isV1(Call list) {
        return list == Call.COMPUTE_PROCESSES_V1 || list == Call.GRAPHICS_PROCESSES_V1;
    }

    private List<GpuProcess> processes(Call list, long device) throws NvmlException {
        int stride = isV1(list) ? PROCESS_INFO_V1_SIZE
                : list == Call.COMPUTE_PROCESSES_V3 || list == Call.GRAPHICS_PROCESSES_V3 ? v3ProcessInfoSize()
                : PROCESS_INFO_SIZE;
        int count = fill(list, stride, new Pointer(device), null);
        List<GpuProcess> processes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long offset = (long) i * stride;
            // Every version starts with unsigned int pid, then unsigned long long usedGpuMemory at offset 8.
            long used = entries.getLong(offset + 8);
            processes.add(new GpuProcess(Integer.toUnsignedLong(entries.getInt(offset)),
                    used == NOT_AVAILABLE ? -1 : used));
        }
        return processes;
    }

    /**
     * R535 drivers fill a 32-byte struct in their {@code _v3} process lists (usedGpuCcProtectedMemory
     * appended); earlier and later ones fill 24 bytes. Those drivers are the ones that export
     * nvmlDeviceGetConfComputeMemSizeInfo but not yet nvmlDeviceGetRunningProcessDetailList (the
     * test nvitop uses too).
     */
    private int v3ProcessInfoSize() {
        if (v3ProcessInfoSize == 0) {
            boolean r535 = exports("nvmlDeviceGetConfComputeMemSizeInfo")
                    && !exports("nvmlDeviceGetRunningProcessDetailList");
            v3ProcessInfoSize = r535 ? PROCESS_INFO_R535_SIZE : PROCESS_INFO_SIZE;
        }
        return v3ProcessInfoSize;
    }

    private boolean exports(String symbol) {
        try {
            library.getFunction(symbol);
            return true;
        } catch (UnsatisfiedLinkError e) {
            return false;
        }
    }

    @Override
    public List<ProcessSample> processUtilization(long device, long lastSeenMicros) throws NvmlException {
        int count;
        try {
            count = fill(Call.PROCESS_UTILIZATION, PROCESS_SAMPLE_SIZE, new Pointer(device), lastSeenMicros);
        } catch (NvmlException e) {
            if (e.code() == NvmlException.NOT_FOUND) {
                return List.of(); // no sample newer than lastSeenMicros
            }
            throw e;
        }
        List<ProcessSample> samples = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long offset = (long) i * PROCESS_SAMPLE_SIZE;
            // unsigned int pid; unsigned long long timeStamp; unsigned int smUtil, memUtil, encUtil, decUtil
            samples.add(new ProcessSample(Integer.toUnsignedLong(entries.getInt(offset)), entries.getLong(offset + 8),
                    Integer.toUnsignedLong(entries.getInt(offset + 16)),
                    Integer.toUnsignedLong(entries.getInt(offset + 20))));
        }
        return samples;
    }

    /**
     * Calls a list function with the entry buffer and its capacity (in scratch), growing the buffer
     * while NVML answers INSUFFICIENT_SIZE with the count it needs. Process lists take
     * {@code (device, &count, entries)}, the utilization samples {@code (device, entries, &count, lastSeen)}.
     *
     * @return the number of entries filled
     */
    private int fill(Call list, int stride, Pointer device, Long lastSeenMicros) throws NvmlException {
        for (int attempt = 0; ; attempt++) {
            scratch.setInt(0, (int) (entries.size() / stride));
            try {
                if (lastSeenMicros == null) {
                    call(list, device, scratch, entries);
                } else {
                    call(list, device, entries, scratch, lastSeenMicros);
                }
                return scratch.getInt(0);
            } catch (NvmlException e) {
                if (e.code() != NvmlException.INSUFFICIENT_SIZE || attempt == 3) {
                    throw e;
                }
                // Lists grow between calls: leave room for a few more than asked for.
                entries = new Memory((Integer.toUnsignedLong(scratch.getInt(0)) + 8) * PROCESS_SAMPLE_SIZE);
            }
        }
    }

    @Override
    public boolean migEnabled(long device) throws NvmlException {
        call(Call.MIG_MODE, new Pointer(device), scratch, scratch.share(4));
        return scratch.getInt(0) == MIG_ENABLED;
    }

    @Override
    public int maxMigDevices(long device) throws NvmlException {
        return (int) unsignedOut(Call.MAX_MIG_DEVICES, device);
    }

    @Override
    public long migDeviceHandle(long device, int index) throws NvmlException {
        call(Call.MIG_HANDLE_BY_INDEX, new Pointer(device), index, scratch);
        return Pointer.nativeValue(scratch.getPointer(0));
    }

    // gpm, links, energy (issue 17)

    private static final int GPM_SUPPORT_VERSION = 1;     // NVML_GPM_SUPPORT_VERSION
    private static final int GPM_METRICS_GET_VERSION = 1; // NVML_GPM_METRICS_GET_VERSION
    // nvmlGpmMetricsGet_t: version, numMetrics, sample1, sample2 (one pointer each), then metrics[] of
    // nvmlGpmMetric_t: unsigned int metricId, nvmlReturn_t nvmlReturn, double value, three char pointers.
    private static final int GPM_METRICS_OFFSET = 24;
    private static final int GPM_METRIC_SIZE = 40;
    // NVML_GPM_METRIC_MAX grew with the headers (98 in CUDA 12.0, 333 in CUDA 13). NVML reads only
    // numMetrics entries, so the largest header's length fits every driver.
    private static final int GPM_METRIC_SLOTS = 333;
    private static final int PCIE_UTIL_TX_BYTES = 0;      // nvmlPcieUtilCounter_t
    private static final int PCIE_UTIL_RX_BYTES = 1;
    // nvmlFieldValue_t: fieldId, scopeId, long long timestamp, latencyUsec, nvmlValueType_t valueType,
    // nvmlReturn_t nvmlReturn, nvmlValue_t value (a union of 8 bytes)
    private static final int FIELD_VALUE_SIZE = 40;
    private static final int VALUE_TYPE_DOUBLE = 0;
    private static final int VALUE_TYPE_UNSIGNED_INT = 1;
    private static final int VALUE_TYPE_UNSIGNED_LONG = 2;
    private static final int VALUE_TYPE_UNSIGNED_LONG_LONG = 3;
    private static final int VALUE_TYPE_SIGNED_INT = 5;

    private Memory gpmRequest; // one nvmlGpmMetricsGet_t, made on first use
    private Memory fieldRequest = new Memory(FIELD_VALUE_SIZE * 2L);

    @Override
    public boolean gpmSupported(long device) throws NvmlException {
        scratch.setInt(0, GPM_SUPPORT_VERSION);
        scratch.setInt(4, 0);
        call(Call.GPM_QUERY_DEVICE_SUPPORT, new Pointer(device), scratch);
        return scratch.getInt(4) != 0;
    }

    @Override
    public long gpmSampleAlloc() throws NvmlException {
        call(Call.GPM_SAMPLE_ALLOC, scratch);
        return Pointer.nativeValue(scratch.getPointer(0));
    }

    @Override
    public void gpmSampleFree(long sample) {
        try {
            call(Call.GPM_SAMPLE_FREE, new Pointer(sample));
        } catch (NvmlException | RuntimeException e) {
            // Freeing is best effort: a driver that fails it keeps a few bytes until the process ends.
        }
    }

    @Override
    public void gpmSampleGet(long device, long sample) throws NvmlException {
        call(Call.GPM_SAMPLE_GET, new Pointer(device), new Pointer(sample));
    }

    @Override
    public void gpmMigSampleGet(long device, int gpuInstanceId, long sample) throws NvmlException {
        call(Call.GPM_MIG_SAMPLE_GET, new Pointer(device), gpuInstanceId, new Pointer(sample));
    }

    @Override
    public int gpuInstanceId(long migDevice) throws NvmlException {
        return (int) unsignedOut(Call.GPU_INSTANCE_ID, migDevice);
    }

    @Override
    public double[] gpmMetrics(long older, long newer, int[] metricIds) throws NvmlException {
        if (metricIds.length > GPM_METRIC_SLOTS) {
            throw new IllegalArgumentException(metricIds.length + " GPM metrics asked for; one call takes "
                    + GPM_METRIC_SLOTS);
        }
        if (gpmRequest == null) {
            gpmRequest = new Memory(GPM_METRICS_OFFSET + (long) GPM_METRIC_SIZE * GPM_METRIC_SLOTS);
            gpmRequest.clear();
        }
        gpmRequest.setInt(0, GPM_METRICS_GET_VERSION);
        gpmRequest.setInt(4, metricIds.length);
        gpmRequest.setPointer(8, new Pointer(older));
        gpmRequest.setPointer(16, new Pointer(newer));
        for (int i = 0; i < metricIds.length; i++) {
            gpmRequest.setInt(GPM_METRICS_OFFSET + (long) i * GPM_METRIC_SIZE, metricIds[i]);
        }
        call(Call.GPM_METRICS_GET, gpmRequest);
        double[] values = new double[metricIds.length];
        for (int i = 0; i < metricIds.length; i++) {
            long offset = GPM_METRICS_OFFSET + (long) i * GPM_METRIC_SIZE;
            values[i] = gpmRequest.getInt(offset + 4) == SUCCESS ? gpmRequest.getDouble(offset + 8) : Double.NaN;
        }
        return values;
    }

    @Override
    public long totalEnergyMillijoules(long device) throws NvmlException {
        call(Call.TOTAL_ENERGY, new Pointer(device), scratch);
        return scratch.getLong(0);
    }

    @Override
    public long pcieThroughputKilobytesPerSecond(long device, boolean transmit) throws NvmlException {
        call(Call.PCIE_THROUGHPUT, new Pointer(device), transmit ? PCIE_UTIL_TX_BYTES : PCIE_UTIL_RX_BYTES, scratch);
        return unsignedInt(0);
    }

    @Override
    public FieldValue[] fieldValues(long device, int[] fieldIds) throws NvmlException {
        if (fieldRequest.size() < (long) FIELD_VALUE_SIZE * fieldIds.length) {
            fieldRequest = new Memory((long) FIELD_VALUE_SIZE * fieldIds.length);
        }
        fieldRequest.clear();
        for (int i = 0; i < fieldIds.length; i++) {
            fieldRequest.setInt((long) i * FIELD_VALUE_SIZE, fieldIds[i]);
        }
        call(Call.FIELD_VALUES, new Pointer(device), fieldIds.length, fieldRequest);
        FieldValue[] values = new FieldValue[fieldIds.length];
        for (int i = 0; i < fieldIds.length; i++) {
            long offset = (long) i * FIELD_VALUE_SIZE;
            values[i] = new FieldValue(fieldRequest.getInt(offset + 28), fieldRequest.getLong(offset + 8),
                    fieldValue(fieldRequest.getInt(offset + 24), offset + 32));
        }
        return values;
    }

    /** Reads an {@code nvmlValue_t} as its {@code nvmlValueType_t} says. */
    private double fieldValue(int type, long offset) {
        return switch (type) {
            case VALUE_TYPE_DOUBLE -> fieldRequest.getDouble(offset);
            case VALUE_TYPE_UNSIGNED_INT -> Integer.toUnsignedLong(fieldRequest.getInt(offset));
            case VALUE_TYPE_SIGNED_INT -> fieldRequest.getInt(offset);
            // unsigned long (8 bytes on 64-bit Linux), unsigned and signed long long
            default -> type == VALUE_TYPE_UNSIGNED_LONG || type == VALUE_TYPE_UNSIGNED_LONG_LONG
                    ? unsignedDouble(fieldRequest.getLong(offset)) : fieldRequest.getLong(offset);
        };
    }

    private static double unsignedDouble(long value) {
        return value >= 0 ? value : (value >>> 1) * 2.0 + (value & 1);
    }

    // health (issue 17)
    private NvmlHealth health;

    @Override
    public NvmlHealth health() {
        if (health == null) {
            health = new JnaNvmlHealth(library, this::describe);
        }
        return health;
    }

    @Override
    public void close() {
        if (initialized) {
            initialized = false;
            try {
                call(Call.SHUTDOWN);
            } catch (NvmlException | RuntimeException e) {
                // Shutting down is best effort: the process is about to stop using NVML anyway.
            }
        }
    }

    /** Calls {@code function(device, unsigned int *out)}. */
    private long unsignedOut(Call function, long device) throws NvmlException {
        call(function, new Pointer(device), scratch);
        return unsignedInt(0);
    }

    private void call(Call function, Object... arguments) throws NvmlException {
        int code = function(function).invokeInt(arguments);
        if (code != SUCCESS) {
            throw new NvmlException(function.symbol, code, describe(code));
        }
    }

    private Function function(Call function) throws NvmlException {
        Function bound = functions[function.ordinal()];
        if (bound != null) {
            return bound;
        }
        if (!missing[function.ordinal()]) {
            try {
                bound = library.getFunction(function.symbol);
                functions[function.ordinal()] = bound;
                return bound;
            } catch (UnsatisfiedLinkError e) {
                missing[function.ordinal()] = true; // an older driver that predates the function
            }
        }
        throw new NvmlException(function.symbol, NvmlException.FUNCTION_NOT_FOUND, "not in this driver's NVML library");
    }

    private String describe(int code) {
        try {
            Object description = library.getFunction("nvmlErrorString").invoke(String.class, new Object[] {code});
            return description == null ? "unknown error" : description.toString();
        } catch (UnsatisfiedLinkError e) {
            return "unknown error";
        }
    }

    private long unsignedInt(long offset) {
        return Integer.toUnsignedLong(scratch.getInt(offset));
    }
}
