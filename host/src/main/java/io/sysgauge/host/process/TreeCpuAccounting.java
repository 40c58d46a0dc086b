package io.sysgauge.host.process;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time a process tree used between two snapshots.
 *
 * <p>Summing each process's own time misses children that exited between snapshots; summing
 * lifetime time (own + reaped children) counts an exited child twice, once while it ran and
 * again when its parent reaps it. So a process's growth in reaped-children time is counted
 * minus the time already counted for the processes that vanished into it. A vanished process's
 * time goes to its nearest ancestor that is still there: when a child and the grandchild it
 * reaped both exit between two snapshots, the grandchild's time reaches the root through the
 * child, and the root's reaped time grows by both. A process first seen after the first
 * snapshot is new, and all its time is in the interval.
 *
 * <p>A snapshot is not one instant: parents are read before their children, so a child reaped
 * between the two reads is gone while its parent's reaped time does not hold it yet; that shows
 * at the next snapshot. What a vanished process owes its heir is therefore kept one snapshot
 * more when the heir's reaped time has not grown by it. It is dropped after that: a process that
 * left the tree without being reaped in it (orphaned to init) would otherwise hold back every
 * later child's time.
 */
public final class TreeCpuAccounting {

    private record Identity(long pid, long startTime) {}

    private final boolean countReapedChildren;
    private Map<Identity, ProcessSample> previous;
    // heir pid -> time of processes that vanished under it before the last snapshot and that its
    // reaped time did not hold yet then
    private Map<Long, Long> owedFromLastSnapshot = Map.of();

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
            now.put(identity(process), process);
        }
        if (previous == null) {
            previous = now;
            return -1;
        }
        Map<Long, Long> owedNow = countReapedChildren ? vanishedTimeByHeir(now) : Map.of();
        Map<Long, Long> stillOwed = new HashMap<>();
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
                long growth = Math.max(0, process.reapedChildrenCpuMillis() - before.reapedChildrenCpuMillis());
                growth -= Math.min(growth, owedFromLastSnapshot.getOrDefault(process.pid(), 0L));
                long owed = owedNow.getOrDefault(process.pid(), 0L);
                long repaid = Math.min(growth, owed);
                used += growth - repaid;
                if (owed > repaid) {
                    stillOwed.put(process.pid(), owed - repaid);
                }
            }
        }
        previous = now;
        owedFromLastSnapshot = stillOwed;
        return used;
    }

    // pid of a surviving process -> lifetime time, as last seen, of the processes that vanished under it
    private Map<Long, Long> vanishedTimeByHeir(Map<Identity, ProcessSample> now) {
        Map<Long, Identity> previousByPid = new HashMap<>(previous.size() * 2);
        previous.keySet().forEach(identity -> previousByPid.put(identity.pid(), identity));
        Map<Long, Long> byHeir = new HashMap<>();
        previous.forEach((identity, process) -> {
            if (now.containsKey(identity)) {
                return;
            }
            long ancestor = process.parentPid();
            // bounded: a parent chain in one snapshot cannot be longer than the snapshot
            for (int step = 0; step < previous.size(); step++) {
                Identity candidate = previousByPid.get(ancestor);
                if (candidate == null) {
                    return; // the root itself vanished
                }
                if (now.containsKey(candidate)) {
                    byHeir.merge(ancestor, process.lifetimeCpuMillis(), Long::sum);
                    return;
                }
                ancestor = previous.get(candidate).parentPid();
            }
        });
        return byHeir;
    }

    private static Identity identity(ProcessSample process) {
        return new Identity(process.pid(), process.startTime());
    }
}
