package io.sysgauge.host.process;

import io.sysgauge.spi.ProcessScope;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The monitored process tree, refreshed once per tick by the sampling loop before collectors
 * run; collectors read the same snapshot through {@link ProcessScope}.
 */
public final class ProcessTracker implements ProcessScope {

    private final ProcessSource source;
    private final OptionalLong rootPid;
    private final boolean descendants;
    private final LongSupplier nanoClock;
    private volatile TreeSnapshot current = TreeSnapshot.EMPTY;

    /**
     * @param source reads processes
     * @param rootPid the root, empty to watch no process
     * @param descendants whether children count
     */
    public ProcessTracker(ProcessSource source, OptionalLong rootPid, boolean descendants) {
        this(source, rootPid, descendants, System::nanoTime);
    }

    ProcessTracker(ProcessSource source, OptionalLong rootPid, boolean descendants, LongSupplier nanoClock) {
        this.source = source;
        this.rootPid = rootPid;
        this.descendants = descendants;
        this.nanoClock = nanoClock;
    }

    /** Reads the tree again, as of now; cheap when there is no root. */
    public TreeSnapshot refresh() {
        return refresh(nanoClock.getAsLong());
    }

    /**
     * Reads the tree again as of the given time, the one the record carrying it is stamped with.
     * Rates over snapshots must use the time a record shows, not the time a read ended: a read of
     * /proc that a busy machine delays would otherwise stretch one interval and shrink the next,
     * and cpu times the time between records would no longer add up to the tree's CPU time.
     *
     * @param tickNanos the tick's start, on {@link System#nanoTime()}'s clock
     * @return the snapshot
     */
    public TreeSnapshot refresh(long tickNanos) {
        if (rootPid.isEmpty()) {
            return current;
        }
        List<ProcessSample> processes = source.tree(rootPid.getAsLong(), descendants);
        Set<Long> pids = new HashSet<>(processes.size() * 2);
        for (ProcessSample process : processes) {
            pids.add(process.pid());
        }
        current = new TreeSnapshot(List.copyOf(processes), Set.copyOf(pids), tickNanos);
        return current;
    }

    /** @return the snapshot of the current tick */
    public TreeSnapshot current() {
        return current;
    }

    @Override
    public OptionalLong rootPid() {
        return rootPid;
    }

    @Override
    public boolean includesDescendants() {
        return descendants;
    }

    @Override
    public Set<Long> pids() {
        return current.pids();
    }
}
