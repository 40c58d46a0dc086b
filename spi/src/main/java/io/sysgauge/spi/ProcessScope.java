package io.sysgauge.spi;

import java.util.OptionalLong;
import java.util.Set;

/**
 * The monitored process tree: the root ({@code --pid N} or the child of {@code run -- CMD})
 * and, unless {@code --no-tree}, all its descendants.
 *
 * <p>Core refreshes the scope at the start of every tick, before any collector samples, so a
 * collector sees the tree of the current tick. Without a root the scope is empty and collectors
 * report every device on the machine (the node view) and leave per-process keys out.
 */
public interface ProcessScope {

    /** @return the root pid, empty when sysgauge watches the whole machine only */
    OptionalLong rootPid();

    /** @return whether descendants of the root are part of the scope */
    boolean includesDescendants();

    /**
     * @return the live pids of the scope at this tick, the root included, as the kernel of
     *     sysgauge's pid namespace numbers them; empty without a root or once the root exited
     */
    Set<Long> pids();

    /**
     * @param pid a pid in sysgauge's pid namespace
     * @return whether it belongs to the scope at this tick
     */
    default boolean contains(long pid) {
        return pids().contains(pid);
    }
}
