package io.sysgauge.host.process;

import java.util.List;
import java.util.Set;

/**
 * The monitored tree at one tick.
 *
 * @param processes live processes, root first
 * @param pids their pids
 * @param nanoTime the tick it was read for, on {@link System#nanoTime()}'s clock
 */
public record TreeSnapshot(List<ProcessSample> processes, Set<Long> pids, long nanoTime) {

    /** An empty tree. */
    public static final TreeSnapshot EMPTY = new TreeSnapshot(List.of(), Set.of(), 0);
}
