package io.sysgauge.host.process;

/**
 * One process of the monitored tree at one moment.
 *
 * @param pid process id
 * @param parentPid parent's process id
 * @param startTime when it started, in the source's own unit; with the pid it tells a reused
 *     pid from the process seen before
 * @param ownCpuMillis CPU time of the process itself (user + system)
 * @param reapedChildrenCpuMillis CPU time of its children that exited and were waited for
 * @param threads thread count
 * @param rssBytes resident set size
 */
public record ProcessSample(long pid, long parentPid, long startTime, long ownCpuMillis,
        long reapedChildrenCpuMillis, int threads, long rssBytes) {

    /** @return own CPU time plus that of reaped children */
    public long lifetimeCpuMillis() {
        return ownCpuMillis + reapedChildrenCpuMillis;
    }
}
