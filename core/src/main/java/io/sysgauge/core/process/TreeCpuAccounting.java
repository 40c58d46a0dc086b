package io.sysgauge.core.process;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time a process tree used between two snapshots.
 *
 * <p>Summing each process's own time misses children that exited between ticks; summing
 * lifetime time (own + reaped children) counts an exited child twice, once while it ran and
 * again when its parent reaps it. So a parent's growth in reaped-children time is counted
 * minus the last time already seen for the tracked children that vanished under it. A process
 * first seen after the first snapshot is new, and all its time is in the interval.
 */
public final class TreeCpuAccounting {

    private record Identity(long pid, long startTime) {}

    private final boolean countReapedChildren;
    private Map<Identity, ProcessSample> previous;

    /**
     * @param countReapedChildren true for a whole tree; false with {@code --no-tree}, where
     *     only the root's own time counts
     */
    public TreeCpuAccounting(boolean countReapedChildren) {
        this.countReapedChildren = countReapedChildren;
    }

    /**
     * @param processes the tree now
     * @return CPU milliseconds used since the previous call, or -1 on the first call
     */
    public long advance(List<ProcessSample> processes) {
        Map<Identity, ProcessSample> now = new HashMap<>(processes.size() * 2);
        for (ProcessSample process : processes) {
            now.put(new Identity(process.pid(), process.startTime()), process);
        }
        if (previous == null) {
            previous = now;
            return -1;
        }
        Map<Long, Long> vanishedChildTime = new HashMap<>();
        previous.forEach((identity, process) -> {
            if (!now.containsKey(identity)) {
                vanishedChildTime.merge(process.parentPid(), process.lifetimeCpuMillis(), Long::sum);
            }
        });
        long used = 0;
        for (Map.Entry<Identity, ProcessSample> entry : now.entrySet()) {
            ProcessSample process = entry.getValue();
            ProcessSample before = previous.get(entry.getKey());
            if (before == null) {
                used += countReapedChildren ? process.lifetimeCpuMillis() : process.ownCpuMillis();
                continue;
            }
            used += Math.max(0, process.ownCpuMillis() - before.ownCpuMillis());
            if (countReapedChildren) {
                long reapedGrowth = process.reapedChildrenCpuMillis() - before.reapedChildrenCpuMillis();
                used += Math.max(0, reapedGrowth - vanishedChildTime.getOrDefault(process.pid(), 0L));
            }
        }
        previous = now;
        return used;
    }
}
