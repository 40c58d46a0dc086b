package io.sysgauge.core.cli;

import picocli.CommandLine.Option;

/** Which process tree to watch. */
final class ScopeOptions {

    @Option(names = "--pid", paramLabel = "N",
            description = "Watch this running process (and its descendants) for cpu, proc.* and per-process GPU keys.")
    Long pid;

    @Option(names = "--no-tree", description = "Count the root process only, not its children.")
    boolean noTree;
}
