package io.sysgauge.plugin.nvidia;

import io.sysgauge.plugin.nvidia.GpuDevice.Reading;
import io.sysgauge.plugin.nvidia.Nvml.GpuProcess;
import io.sysgauge.plugin.nvidia.Nvml.ProcessSample;
import io.sysgauge.plugin.nvidia.ProcessAttribution.TreeUsage;
import io.sysgauge.spi.ProcessScope;
import io.sysgauge.spi.SampleWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * One tick of the nvidia collector: every selected GPU's device metrics, then the monitored tree's
 * share of each GPU it uses. Process lists cost the driver far more than a utilization read, so
 * they are read at most every {@link #PROCESS_PERIOD}; the tree's use found then is reported on
 * every tick until the next read, as long as one of its processes lives.
 */
final class NvidiaSampler {

    static final Duration PROCESS_PERIOD = Duration.ofSeconds(5);

    private final Nvml nvml;
    private final List<GpuDevice> devices;
    private final ProcessScope scope;
    private final Path procRoot;
    private final long refreshNanos;
    private final long windowMicros;
    private final LongSupplier nanoClock;
    private final LongSupplier wallMicros;
    private final Map<GpuDevice, TreeUsage> usages = new HashMap<>();
    private long lastRefreshNanos;
    private boolean refreshed;

    /**
     * @param interval the sampling interval: a refresh is due within half an interval of the period
     * @param nanoClock a monotonic clock in nanoseconds
     * @param wallMicros the wall clock in microseconds since the epoch, as NVML stamps its samples
     */
    NvidiaSampler(Nvml nvml, List<GpuDevice> devices, ProcessScope scope, Path procRoot, Duration interval,
            LongSupplier nanoClock, LongSupplier wallMicros) {
        this.nvml = nvml;
        this.devices = List.copyOf(devices);
        this.scope = scope;
        this.procRoot = procRoot;
        this.refreshNanos = Math.max(0, PROCESS_PERIOD.toNanos() - interval.toNanos() / 2);
        this.windowMicros = Math.max(PROCESS_PERIOD.toNanos(), interval.toNanos()) / 1000;
        this.nanoClock = nanoClock;
        this.wallMicros = wallMicros;
    }

    void sample(SampleWriter out) {
        for (GpuDevice device : devices) {
            if (!device.isLost()) {
                device.sample(nvml, out);
            }
        }
        if (scope.rootPid().isEmpty()) {
            return; // the node view: no tree to attribute to, and no process lists to pay for
        }
        long now = nanoClock.getAsLong();
        if (!refreshed || now - lastRefreshNanos >= refreshNanos) {
            refreshed = true;
            lastRefreshNanos = now;
            refreshUsages();
        }
        Set<Long> pids = scope.pids();
        for (GpuDevice device : devices) {
            TreeUsage usage = usages.get(device);
            if (usage == null || device.isLost()) {
                continue;
            }
            if (usage.pids().stream().noneMatch(pids::contains)) {
                usages.remove(device); // the processes that used the GPU have exited
                continue;
            }
            device.writeProcessMetrics(out, usage);
        }
    }

    private void refreshUsages() {
        usages.clear();
        Set<Long> pids = scope.pids();
        if (pids.isEmpty()) {
            return;
        }
        Map<Long, Long> treePidByNvmlPid = PidAliases.byAlias(procRoot, pids);
        for (GpuDevice device : devices) {
            List<GpuProcess> compute = device.attempt(Reading.COMPUTE_PROCESSES,
                    () -> nvml.computeProcesses(device.handle()));
            List<GpuProcess> graphics = device.attempt(Reading.GRAPHICS_PROCESSES,
                    () -> nvml.graphicsProcesses(device.handle()));
            List<GpuProcess> processes = new ArrayList<>();
            if (compute != null) {
                processes.addAll(compute);
            }
            if (graphics != null) {
                processes.addAll(graphics);
            }
            if (processes.stream().noneMatch(process -> treePidByNvmlPid.containsKey(process.pid()))) {
                continue;
            }
            TreeUsage usage = ProcessAttribution.attribute(processes, processSamples(device), treePidByNvmlPid);
            if (usage != null) {
                usages.put(device, usage);
            }
        }
    }

    /**
     * The per-process samples since the newest one of the last read; on the first read, and after
     * a gap, those of the last period or interval, whichever is longer.
     */
    private List<ProcessSample> processSamples(GpuDevice device) {
        long now = wallMicros.getAsLong();
        long lastSeen = device.lastProcessSampleMicros();
        long since = lastSeen > 0 ? Math.max(lastSeen, now - 2 * windowMicros) : now - windowMicros;
        List<ProcessSample> samples = device.attempt(Reading.PROCESS_UTILIZATION,
                () -> nvml.processUtilization(device.handle(), since));
        if (samples != null) {
            device.lastProcessSampleMicros(samples.stream().mapToLong(ProcessSample::timestampMicros)
                    .reduce(since, Math::max));
        }
        return samples;
    }
}
