package io.sysgauge.views.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the insights need from a run's records, gathered in the same pass that downsamples them:
 * every key's {@link MetricStats}, per GPU how many records found it idle, and the input-bound
 * phases (every GPU nearly idle while the job's processes use all the CPUs they may, or while the
 * machine's CPUs wait on I/O much of the time).
 */
public final class RunAnalysis {

    /** A GPU under this utilization (%) is idle; nvidia-smi shows 0-5 % for a GPU waiting on its input. */
    public static final double IDLE_BELOW = 5;
    /** GPUs under this utilization (%) at once are starved when the CPU is busy. */
    public static final double STARVED_BELOW = 20;
    /** The job's CPU (% of the CPUs available to it) at or above this is "all the CPUs it may use". */
    public static final double CPU_SATURATED = 90;
    /** The machine's CPU time idle waiting on I/O (%) at or above this is a job waiting on its data. */
    public static final double IOWAIT_HIGH = 20;
    /** The fewest consecutive records that make a phase, so one slow tick is no phase. */
    public static final int PHASE_RECORDS = 3;

    private static final Pattern GPU_UTILIZATION = Pattern.compile("gpu\\.(\\d+)\\.gpu");

    /**
     * @param start run time of its first record; @param end of its last; @param records how many
     * @param cpuBound whether the job's CPU was saturated in some of them
     * @param ioBound whether the CPUs waited on I/O much of the time in some of them
     */
    public record Phase(double start, double end, int records, boolean cpuBound, boolean ioBound) {}

    /** @param records how many held the GPU's utilization; @param idle how many of them under {@link #IDLE_BELOW} */
    public record GpuUse(long records, long idle) {
        /** @return idle records over records, in % */
        public double idlePercent() {
            return records == 0 ? Double.NaN : 100.0 * idle / records;
        }
    }

    /** A key's statistics and what the insights read it as, found once per key rather than per value. */
    private static final class Tracked {
        final MetricStats stats = new MetricStats();
        final boolean cpu;
        final boolean iowait;
        final long[] gpuUse; // {records, idle} for gpu.{i}.gpu, else null

        Tracked(String key, long[] gpuUse) {
            this.cpu = key.equals("cpu");
            this.iowait = key.equals("cpu_iowait_percent");
            this.gpuUse = gpuUse;
        }
    }

    private final Map<String, Tracked> tracked = new HashMap<>();
    private final Map<String, MetricStats> stats = new LinkedHashMap<>();
    private final Map<String, long[]> gpuUse = new LinkedHashMap<>();
    private final List<Phase> inputBound = new ArrayList<>();
    private long records;
    private double startEpoch = Double.NaN;
    private double firstRuntime = Double.NaN;
    private double lastRuntime = Double.NaN;
    // The phase being gathered.
    private double phaseStart = Double.NaN;
    private double phaseEnd;
    private int phaseRecords;
    private boolean phaseCpuBound;
    private boolean phaseIoBound;

    /**
     * @param runtime the record's {@code _runtime}
     * @param timestamp its {@code _timestamp} (epoch seconds); NaN when absent
     * @param keys its flat keys (without {@code system.}); {@code values} alike, the first {@code keys.size()}
     * @param values the values
     */
    public void record(double runtime, double timestamp, List<String> keys, double[] values) {
        if (records == 0) {
            firstRuntime = runtime;
        }
        if (Double.isNaN(startEpoch) && !Double.isNaN(timestamp)) {
            startEpoch = timestamp - runtime;
        }
        records++;
        lastRuntime = runtime;
        double busiestGpu = Double.NEGATIVE_INFINITY;
        double cpu = Double.NaN;
        double iowait = Double.NaN;
        for (int i = 0; i < keys.size(); i++) {
            Tracked tracked = tracked(keys.get(i));
            double value = values[i];
            tracked.stats.add(value, runtime);
            if (tracked.cpu) {
                cpu = value;
            } else if (tracked.iowait) {
                iowait = value;
            } else if (tracked.gpuUse != null) {
                tracked.gpuUse[0]++;
                if (value < IDLE_BELOW) {
                    tracked.gpuUse[1]++;
                }
                busiestGpu = Math.max(busiestGpu, value);
            }
        }
        boolean gpusStarved = busiestGpu != Double.NEGATIVE_INFINITY && busiestGpu < STARVED_BELOW;
        boolean cpuBound = cpu >= CPU_SATURATED;
        boolean ioBound = iowait >= IOWAIT_HIGH;
        if (gpusStarved && (cpuBound || ioBound)) {
            if (Double.isNaN(phaseStart)) {
                phaseStart = runtime;
                phaseRecords = 0;
                phaseCpuBound = false;
                phaseIoBound = false;
            }
            phaseEnd = runtime;
            phaseRecords++;
            phaseCpuBound |= cpuBound;
            phaseIoBound |= ioBound;
        } else {
            closePhase();
        }
    }

    private Tracked tracked(String key) {
        Tracked found = tracked.get(key);
        if (found == null) {
            Matcher gpu = GPU_UTILIZATION.matcher(key);
            found = new Tracked(key, gpu.matches() ? gpuUse.computeIfAbsent(gpu.group(1), g -> new long[2]) : null);
            tracked.put(key, found);
            stats.put(key, found.stats);
        }
        return found;
    }

    /** Ends the run: a phase still open is kept. */
    public void finish() {
        closePhase();
    }

    private void closePhase() {
        if (!Double.isNaN(phaseStart) && phaseRecords >= PHASE_RECORDS) {
            inputBound.add(new Phase(phaseStart, phaseEnd, phaseRecords, phaseCpuBound, phaseIoBound));
        }
        phaseStart = Double.NaN;
    }

    /** @return records seen */
    public long records() {
        return records;
    }

    /** @return epoch seconds at run time 0 ({@code _timestamp - _runtime} of the first record); NaN when unknown */
    public double startEpoch() {
        return startEpoch;
    }

    /** @return run time of the first record */
    public double firstRuntime() {
        return firstRuntime;
    }

    /** @return run time of the last record */
    public double lastRuntime() {
        return lastRuntime;
    }

    /** @return each key's statistics, in order of first appearance */
    public Map<String, MetricStats> stats() {
        return stats;
    }

    /** @return per GPU index (as text), its use */
    public Map<String, GpuUse> gpuUse() {
        Map<String, GpuUse> result = new LinkedHashMap<>();
        gpuUse.forEach((gpu, use) -> result.put(gpu, new GpuUse(use[0], use[1])));
        return result;
    }

    /** @return input-bound phases, in order */
    public List<Phase> inputBound() {
        return List.copyOf(inputBound);
    }
}
