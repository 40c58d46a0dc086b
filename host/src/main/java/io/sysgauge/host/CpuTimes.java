package io.sysgauge.host;

/**
 * Cumulative CPU time of the machine, in whatever tick unit the source uses.
 *
 * @param busy time not idle, all CPUs
 * @param iowait time idle while I/O the CPU issued was outstanding, all CPUs (part of total, not of busy)
 * @param total all time, all CPUs
 * @param cpus the number the operating system gives each logical CPU that is online ({@code N}
 *     of /proc/stat's {@code cpuN}); an offline CPU leaves a gap, so numbers and positions differ
 * @param perCpuBusy busy time per logical CPU, in the order of {@code cpus}
 * @param perCpuTotal total time per logical CPU, in the order of {@code cpus}
 */
public record CpuTimes(long busy, long iowait, long total, int[] cpus, long[] perCpuBusy, long[] perCpuTotal) {

    public CpuTimes {
        if (cpus.length != perCpuBusy.length || cpus.length != perCpuTotal.length) {
            throw new IllegalArgumentException("one busy and one total time per CPU number");
        }
    }

    /**
     * @param previous an earlier reading
     * @return busy share of the time between the readings in percent, or NaN without progress
     */
    public double busyPercentSince(CpuTimes previous) {
        return percent(busy - previous.busy, total - previous.total);
    }

    /**
     * @param previous an earlier reading
     * @return share of the time between the readings that the CPUs spent waiting on I/O, in
     *     percent, or NaN without progress
     */
    public double iowaitPercentSince(CpuTimes previous) {
        return percent(iowait - previous.iowait, total - previous.total);
    }

    /**
     * @param previous an earlier reading
     * @param cpu a logical CPU number, as in {@link #cpus()}
     * @return that CPU's busy share in percent, or NaN if it was not online in both readings
     */
    public double busyPercentSince(CpuTimes previous, int cpu) {
        int now = indexOf(cpu);
        int before = previous.indexOf(cpu);
        if (now < 0 || before < 0) {
            return Double.NaN;
        }
        return percent(perCpuBusy[now] - previous.perCpuBusy[before], perCpuTotal[now] - previous.perCpuTotal[before]);
    }

    // CPU numbers are nearly always 0..n-1 in order: try the number as a position before scanning.
    private int indexOf(int cpu) {
        if (cpu >= 0 && cpu < cpus.length && cpus[cpu] == cpu) {
            return cpu;
        }
        for (int i = 0; i < cpus.length; i++) {
            if (cpus[i] == cpu) {
                return i;
            }
        }
        return -1;
    }

    private static double percent(long busyDelta, long totalDelta) {
        if (totalDelta <= 0) {
            return Double.NaN;
        }
        return Math.min(100.0, Math.max(0.0, 100.0 * busyDelta / totalDelta));
    }
}
