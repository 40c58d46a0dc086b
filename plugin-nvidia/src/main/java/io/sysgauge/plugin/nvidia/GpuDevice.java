package io.sysgauge.plugin.nvidia;

import io.sysgauge.plugin.nvidia.Nvml.Clock;
import io.sysgauge.plugin.nvidia.Nvml.MemoryInfo;
import io.sysgauge.plugin.nvidia.Nvml.Utilization;
import io.sysgauge.plugin.nvidia.ProcessAttribution.TreeUsage;
import io.sysgauge.spi.GpuMetrics;
import io.sysgauge.spi.MetricDescriptor;
import io.sysgauge.spi.SampleWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One NVIDIA GPU and what is known about reading it. A call that fails costs only its own
 * metric: NOT_SUPPORTED, NO_PERMISSION or a symbol the driver lacks turns that reading off for
 * good (as W&B does), any other error drops the value for the tick, and a lost GPU stops being
 * read at all while the others carry on.
 */
final class GpuDevice {

    private static final Logger logger = LoggerFactory.getLogger(GpuDevice.class);

    /** The NVML reads of one device, each switched off on its own. */
    enum Reading {
        MEMORY, UTILIZATION, TEMPERATURE, POWER, POWER_LIMIT, SM_CLOCK, MEMORY_CLOCK, GRAPHICS_CLOCK,
        CORRECTED_ECC, UNCORRECTED_ECC, ENCODER, FAN, COMPUTE_PROCESSES, GRAPHICS_PROCESSES, PROCESS_UTILIZATION
    }

    /** One NVML call. */
    interface Read<T> {
        T read() throws NvmlException;
    }

    /**
     * A MIG instance: its index under the GPU ({@code {mig}} in the keys), its handle, and whether
     * reading it is off or has been warned about; each instance fails on its own.
     */
    private static final class MigInstance {
        final String label;
        final long handle;
        boolean off;
        boolean warned;

        MigInstance(int index, long handle) {
            this.label = Integer.toString(index);
            this.handle = handle;
        }
    }

    private final int index;
    private final String label;
    private final long handle;
    private final String name;
    private final Map<String, Object> facts;
    private final List<MigInstance> migInstances;
    private final ReadingSwitches<Reading> readings;
    private boolean lost;

    // This tick's device values, which the process keys repeat; NaN (dropped by writers) when not read.
    private double temperature = Double.NaN;
    private double powerWatts = Double.NaN;
    private double powerPercent = Double.NaN;
    private long totalMemory = -1;
    private long lastProcessSampleMicros;

    private GpuDevice(int index, long handle, String name, Map<String, Object> facts, List<MigInstance> migInstances,
            long totalMemory) {
        this.index = index;
        this.readings = new ReadingSwitches<>(index, Reading.class);
        this.label = Integer.toString(index);
        this.handle = handle;
        this.name = name;
        this.facts = facts;
        this.migInstances = migInstances;
        this.totalMemory = totalMemory;
    }

    /** Reads the facts that never change while the driver is loaded: once, at probe. */
    static GpuDevice open(Nvml nvml, int index, long handle) {
        String name = orNull(() -> nvml.name(handle));
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("index", index);
        putIfKnown(facts, "name", name);
        putIfKnown(facts, "uuid", orNull(() -> nvml.uuid(handle)));
        MemoryInfo memory = orNull(() -> nvml.memory(handle));
        if (memory != null) {
            facts.put("memory_total", memory.total());
        }
        Long architecture = orNull(() -> nvml.architecture(handle));
        if (architecture != null) {
            facts.put("architecture", NvmlUnits.architecture(architecture));
        }
        List<MigInstance> migInstances = migInstances(nvml, handle);
        if (!migInstances.isEmpty()) {
            facts.put("mig_instances", migInstances.size());
        }
        GpuDevice device = new GpuDevice(index, handle, name == null ? "NVIDIA GPU" : name, facts, migInstances,
                memory == null ? -1 : memory.total());
        device.openGpmAndCounters(nvml); // gpm, links, energy (issue 17)
        return device;
    }

    private static List<MigInstance> migInstances(Nvml nvml, long handle) {
        Boolean enabled = orNull(() -> nvml.migEnabled(handle));
        Integer slots = Boolean.TRUE.equals(enabled) ? orNull(() -> nvml.maxMigDevices(handle)) : null;
        List<MigInstance> instances = new ArrayList<>();
        for (int slot = 0; slots != null && slot < slots; slot++) {
            int migIndex = slot;
            Long migHandle = orNull(() -> nvml.migDeviceHandle(handle, migIndex)); // NOT_FOUND: an empty slot
            if (migHandle != null) {
                instances.add(new MigInstance(migIndex, migHandle));
            }
        }
        return List.copyOf(instances);
    }

    int index() {
        return index;
    }

    /** @return this GPU as the probe reports it, for the index space GPU families share */
    io.sysgauge.spi.GpuDevice reported() {
        return new io.sysgauge.spi.GpuDevice(index, name, (String) facts.get("uuid"));
    }

    long handle() {
        return handle;
    }

    boolean isLost() {
        return lost;
    }

    /** @return name, UUID, total memory, architecture and MIG instances, for metadata.json */
    Map<String, Object> facts() {
        return facts;
    }

    long lastProcessSampleMicros() {
        return lastProcessSampleMicros;
    }

    void lastProcessSampleMicros(long micros) {
        lastProcessSampleMicros = micros;
    }

    /** Reads and writes every device metric for this tick. */
    void sample(Nvml nvml, SampleWriter out) {
        temperature = Double.NaN;
        powerWatts = Double.NaN;
        powerPercent = Double.NaN;
        MemoryInfo memory = attempt(Reading.MEMORY, () -> nvml.memory(handle));
        if (memory != null) {
            totalMemory = memory.total();
            out.write(GpuMetrics.MEMORY_ALLOCATED_BYTES, memory.used(), label);
            out.write(GpuMetrics.MEMORY_ALLOCATED, NvmlUnits.percent(memory.used(), memory.total()), label);
        }
        Utilization utilization = attempt(Reading.UTILIZATION, () -> nvml.utilization(handle));
        if (utilization != null) {
            out.write(GpuMetrics.GPU, utilization.gpu(), label);
            out.write(GpuMetrics.MEMORY, utilization.memory(), label);
        }
        Long celsius = attempt(Reading.TEMPERATURE, () -> nvml.temperature(handle));
        if (celsius != null) {
            temperature = celsius;
            out.write(GpuMetrics.TEMP, temperature, label);
        }
        Long milliwatts = attempt(Reading.POWER, () -> nvml.powerUsageMilliwatts(handle));
        Long limitMilliwatts = attempt(Reading.POWER_LIMIT, () -> nvml.enforcedPowerLimitMilliwatts(handle));
        if (milliwatts != null) {
            powerWatts = NvmlUnits.watts(milliwatts);
            out.write(GpuMetrics.POWER_WATTS, powerWatts, label);
        }
        if (limitMilliwatts != null) {
            out.write(NvidiaMetrics.ENFORCED_POWER_LIMIT_WATTS, NvmlUnits.watts(limitMilliwatts), label);
            if (milliwatts != null) {
                powerPercent = NvmlUnits.percent(milliwatts, limitMilliwatts);
                out.write(GpuMetrics.POWER_PERCENT, powerPercent, label);
            }
        }
        write(out, NvidiaMetrics.SM_CLOCK, attempt(Reading.SM_CLOCK, () -> nvml.clockMegahertz(handle, Clock.SM)));
        write(out, NvidiaMetrics.MEMORY_CLOCK,
                attempt(Reading.MEMORY_CLOCK, () -> nvml.clockMegahertz(handle, Clock.MEMORY)));
        write(out, NvidiaMetrics.GRAPHICS_CLOCK,
                attempt(Reading.GRAPHICS_CLOCK, () -> nvml.clockMegahertz(handle, Clock.GRAPHICS)));
        write(out, NvidiaMetrics.CORRECTED_MEMORY_ERRORS,
                attempt(Reading.CORRECTED_ECC, () -> nvml.volatileEccErrors(handle, true)));
        write(out, NvidiaMetrics.UNCORRECTED_MEMORY_ERRORS,
                attempt(Reading.UNCORRECTED_ECC, () -> nvml.volatileEccErrors(handle, false)));
        write(out, NvidiaMetrics.ENCODER_UTILIZATION, attempt(Reading.ENCODER, () -> nvml.encoderUtilization(handle)));
        write(out, NvidiaMetrics.FAN_SPEED, attempt(Reading.FAN, () -> nvml.fanSpeed(handle)));
        for (MigInstance instance : migInstances) {
            MemoryInfo migMemory = readMig(nvml, instance);
            if (migMemory != null) {
                out.write(NvidiaMetrics.MIG_MEMORY_ALLOCATED_BYTES, migMemory.used(), label, instance.label);
                out.write(NvidiaMetrics.MIG_MEMORY_ALLOCATED, NvmlUnits.percent(migMemory.used(), migMemory.total()),
                        label, instance.label);
            }
        }
        sampleGpmAndCounters(nvml, out); // gpm, links, energy (issue 17)
    }

    /**
     * One MIG instance's memory. Its errors stay with the instance: a handle made stale by a MIG
     * reconfiguration turns that instance off, and only the GPU's own reads can find the GPU lost.
     */
    private MemoryInfo readMig(Nvml nvml, MigInstance instance) {
        if (lost || instance.off) {
            return null;
        }
        try {
            return nvml.memory(instance.handle);
        } catch (NvmlException e) {
            if (e.isPermanent()) {
                instance.off = true;
                logger.debug("GPU {} MIG instance {}: memory is not available ({}); not asked again", index,
                        instance.label, e.getMessage());
            } else if (!instance.warned) {
                instance.warned = true;
                logger.warn("GPU {} MIG instance {}: reading memory failed ({}); its value is left out while this"
                        + " lasts", index, instance.label, e.getMessage());
            }
            return null;
        }
    }

    /** Writes the tree's use of this GPU, with this tick's device temperature and power beside it. */
    void writeProcessMetrics(SampleWriter out, TreeUsage usage) {
        if (usage.memoryKnown()) {
            out.write(NvidiaMetrics.PROCESS_MEMORY_ALLOCATED_BYTES, usage.memoryBytes(), label);
            out.write(NvidiaMetrics.PROCESS_MEMORY_ALLOCATED, NvmlUnits.percent(usage.memoryBytes(), totalMemory), label);
        }
        out.write(NvidiaMetrics.PROCESS_GPU, usage.smPercent(), label);
        out.write(NvidiaMetrics.PROCESS_MEMORY, usage.memoryPercent(), label);
        out.write(NvidiaMetrics.PROCESS_TEMP, temperature, label);
        out.write(NvidiaMetrics.PROCESS_POWER_WATTS, powerWatts, label);
        out.write(NvidiaMetrics.PROCESS_POWER_PERCENT, powerPercent, label);
    }

    /**
     * Makes one NVML call under the error policy.
     *
     * @return the value, or null when the reading is off, the GPU is lost, or the call failed
     */
    <T> T attempt(Reading reading, Read<T> read) {
        if (lost || readings.isOff(reading)) {
            return null;
        }
        try {
            return read.read();
        } catch (NvmlException e) {
            if (e.isDeviceLost()) {
                lost = true;
                logger.warn("GPU {} ({}) is lost: {}; it is not read again, the other GPUs keep reporting",
                        index, name, e.getMessage());
            } else {
                readings.failed(reading, e);
            }
            return null;
        }
    }

    // gpm, links, energy (issue 17)

    private GpmSampler gpm;
    private GpuCounters counters;

    private void openGpmAndCounters(Nvml nvml) {
        List<GpmSampler.MigInstance> migs = migInstances.stream()
                .map(instance -> new GpmSampler.MigInstance(instance.label, instance.handle)).toList();
        gpm = GpmSampler.open(nvml, index, handle, (String) facts.get("architecture"), migs);
        counters = new GpuCounters(index);
    }

    private void sampleGpmAndCounters(Nvml nvml, SampleWriter out) {
        if (!lost) {
            gpm.sample(nvml, out);
            counters.sample(nvml, handle, gpm.readsLinks(), out);
        }
    }

    /** @return why this GPU has no GPM metrics; empty when it has them */
    Optional<String> gpmAbsence() {
        return gpm.absence();
    }

    /** Frees what NVML allocated for this GPU (its GPM samples); call before NVML shuts down. */
    void close(Nvml nvml) {
        gpm.close(nvml);
    }

    private void write(SampleWriter out, MetricDescriptor metric, Long value) {
        if (value != null) {
            out.write(metric, value, label);
        }
    }

    private static <T> T orNull(Read<T> read) {
        try {
            return read.read();
        } catch (NvmlException e) {
            return null;
        }
    }

    private static void putIfKnown(Map<String, Object> facts, String key, String value) {
        if (value != null && !value.isBlank()) {
            facts.put(key, value);
        }
    }
}
