package io.sysgauge.cli;

import io.sysgauge.cli.config.ConfigLoader;
import picocli.CommandLine.Option;

/** Which process tree to watch. */
final class ScopeOptions {

    @Option(names = "--pid", paramLabel = "N",
            description = "Watch this running process (and its descendants) for cpu, proc.* and per-process GPU keys.")
    Long pid;

    @Option(names = "--no-tree", description = "Count the root process only, not its children.")
    boolean noTree;

    /** Passes the flags given on to the configuration, where they override file and environment. */
    ConfigLoader applyTo(ConfigLoader loader) {
        if (pid != null) {
            loader.flag("process.pid", pid, "--pid");
        }
        if (noTree) {
            loader.flag("process.tree", false, "--no-tree");
        }
        return loader;
    }
}
