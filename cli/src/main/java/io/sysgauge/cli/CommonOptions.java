package io.sysgauge.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options every command takes. */
final class CommonOptions {

    @Option(names = "--config", paramLabel = "FILE",
            description = "YAML configuration file (default: <install>/conf/sysgauge.yaml when present).")
    Path configFile;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Set any configuration key; the value is YAML, e.g. --set disk.paths=[/,/data]. Repeatable.")
    List<String> assignments = new ArrayList<>();

    @Option(names = {"-v", "--verbose"}, description = "Log debug details, including PF4J's.")
    boolean verbose;
}
