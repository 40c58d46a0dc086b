package io.sysgauge.plugin.nvidia;

import io.sysgauge.plugin.nvidia.Nvml.GpuProcess;
import io.sysgauge.plugin.nvidia.Nvml.ProcessSample;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the monitored process tree itself uses of one GPU: the memory its processes hold and the
 * share of SM and memory-controller time NVML attributes to them. Never a copy of the device's
 * values, which is what W&B's {@code gpu.process.*} keys hold.
 */
final class ProcessAttribution {

    /**
     * The tree's use of one GPU.
     *
     * @param pids the tree's pids (sysgauge's numbering) that hold a context on the GPU
     * @param memoryBytes GPU memory they hold; -1 when NVML does not say for one of them
     * @param smPercent their summed SM busy percent over the sample window; NaN when unknown
     * @param memoryPercent their summed memory-controller busy percent; NaN when unknown
     */
    record TreeUsage(Set<Long> pids, long memoryBytes, double smPercent, double memoryPercent) {

        boolean memoryKnown() {
            return memoryBytes >= 0;
        }
    }

    private ProcessAttribution() {}

    /**
     * @param processes the device's compute and graphics process lists, one after the other
     * @param samples per-process utilization samples of the window; null when the driver gives none
     * @param treePidByNvmlPid the tree's pids under every number NVML may use for them ({@link PidAliases})
     * @return the tree's use, or null when no process of the tree has a context on the device
     */
    static TreeUsage attribute(Collection<GpuProcess> processes, List<ProcessSample> samples,
            Map<Long, Long> treePidByNvmlPid) {
        // A process with a compute and a graphics context is listed twice, with the same memory.
        Map<Long, Long> memoryByNvmlPid = new LinkedHashMap<>();
        for (GpuProcess process : processes) {
            if (treePidByNvmlPid.containsKey(process.pid())) {
                memoryByNvmlPid.merge(process.pid(), process.usedGpuMemory(), ProcessAttribution::largerOrUnknown);
            }
        }
        if (memoryByNvmlPid.isEmpty()) {
            return null;
        }
        long memory = 0;
        for (long used : memoryByNvmlPid.values()) {
            if (used < 0) {
                memory = -1;
                break;
            }
            memory += used;
        }
        double sm = Double.NaN;
        double controller = Double.NaN;
        if (samples != null) {
            sm = treeShare(samples, memoryByNvmlPid.keySet(), true);
            controller = treeShare(samples, memoryByNvmlPid.keySet(), false);
        }
        Set<Long> treePids = memoryByNvmlPid.keySet().stream().map(treePidByNvmlPid::get)
                .collect(Collectors.toUnmodifiableSet());
        return new TreeUsage(treePids, memory, sm, controller);
    }

    private static long largerOrUnknown(long first, long second) {
        return first < 0 || second < 0 ? -1 : Math.max(first, second);
    }

    /**
     * NVML returns a sample for each process in each of the driver's sampling periods since the
     * last read in which it saw the process. A process's figure is the mean of its samples; a
     * process without samples ran nothing and adds 0. The tree's figure is the sum, which cannot
     * exceed the whole GPU. Whether the driver also reports idle periods as zero samples (which
     * decides whether the mean covers the window or only the process's busy periods) is to be
     * checked on a GPU: docs/hardware-validation.md.
     */
    private static double treeShare(List<ProcessSample> samples, Set<Long> nvmlPids, boolean sm) {
        Map<Long, double[]> sumAndCount = new HashMap<>();
        for (ProcessSample sample : samples) {
            if (nvmlPids.contains(sample.pid())) {
                double[] accumulated = sumAndCount.computeIfAbsent(sample.pid(), pid -> new double[2]);
                accumulated[0] += sm ? sample.smPercent() : sample.memoryPercent();
                accumulated[1]++;
            }
        }
        double share = 0;
        for (double[] accumulated : sumAndCount.values()) {
            share += accumulated[0] / accumulated[1];
        }
        return Math.min(100.0, share);
    }
}
