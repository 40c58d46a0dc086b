package io.sysgauge.core.host;

/**
 * Cumulative CPU time of the machine, in whatever tick unit the source uses.
 *
 * @param busy time not idle, all CPUs
 * @param total all time, all CPUs
 * @param perCpuBusy busy time per logical CPU
 * @param perCpuTotal total time per logical CPU
 */
public record CpuTimes(long busy, long total, long[] perCpuBusy, long[] perCpuTotal) {

    /**
     * @param previous an earlier reading
     * @return busy share of the time between the readings in percent, or NaN without progress
     */
    public double busyPercentSince(CpuTimes previous) {
        return percent(busy - previous.busy, total - previous.total);
    }

    /**
     * @param previous an earlier reading
     * @param cpu a logical CPU index
     * @return that CPU's busy share in percent, or NaN if it was not in both readings
     */
    public double busyPercentSince(CpuTimes previous, int cpu) {
        if (cpu >= perCpuBusy.length || cpu >= previous.perCpuBusy.length) {
            return Double.NaN;
        }
        return percent(perCpuBusy[cpu] - previous.perCpuBusy[cpu], perCpuTotal[cpu] - previous.perCpuTotal[cpu]);
    }

    private static double percent(long busyDelta, long totalDelta) {
        if (totalDelta <= 0) {
            return Double.NaN;
        }
        return Math.min(100.0, Math.max(0.0, 100.0 * busyDelta / totalDelta));
    }
}
