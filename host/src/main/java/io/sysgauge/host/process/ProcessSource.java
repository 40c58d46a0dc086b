package io.sysgauge.host.process;

import java.util.List;

/** Reads a process and, optionally, its descendants. */
public interface ProcessSource {

    /**
     * @param rootPid the root process
     * @param descendants whether to include children, grandchildren and so on
     * @return the live processes, root first; empty once the root exited
     */
    List<ProcessSample> tree(long rootPid, boolean descendants);
}
