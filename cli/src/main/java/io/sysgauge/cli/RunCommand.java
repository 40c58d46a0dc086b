package io.sysgauge.cli;

import io.sysgauge.cli.config.ConfigLoader;
import io.sysgauge.cli.console.ProgressLine;
import io.sysgauge.cli.console.Terminals;
import io.sysgauge.core.config.Config;
import io.sysgauge.core.config.Durations;
import io.sysgauge.core.config.Settings;
import io.sysgauge.core.export.Exporters;
import io.sysgauge.core.plugin.LoadedPlugins;
import io.sysgauge.core.sampling.RecordSink;
import io.sysgauge.recorder.Recording;
import io.sysgauge.recorder.RecordingException;
import io.sysgauge.views.live.DashboardHandler;
import io.sysgauge.views.live.RecentRecords;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sysgauge run}: record a command, a running process or just the host into a run folder. */
@Command(name = "run", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
            "Record metrics into a new run folder (events.jsonl, metadata.json) until the work ends.",
            "",
            "  sysgauge run -- python train.py      start the command, record its whole process tree,",
            "                                       exit with its exit code",
            "  sysgauge run --pid 1234              attach to a running process until it exits",
            "  sysgauge run --duration 1m           host metrics only, for one minute (or until Ctrl-C)",
            "",
            "SIGTERM and SIGHUP are forwarded to the command; so is SIGINT when sysgauge is not on a",
            "terminal (on one, Ctrl-C already reaches the whole foreground job). A command still running",
            "10 s later, or at a second signal, is killed with its processes (SIGKILL). If sysgauge itself",
            "is killed, the command gets SIGTERM, then SIGKILL 10 s later: it never runs on orphaned.",
            "The progress line is drawn only when stderr is a terminal and there is no command, whose",
            "output would share the line. A full disk: records wait in memory (at most 8 MB) until",
            "there is room again."})
final class RunCommand implements Callable<Integer> {

    @Mixin
    ScopeOptions scope;

    @Option(names = "--interval", paramLabel = "D", description = "Sampling interval: 250ms, 5s, 1m (default 15s, at least 100ms).")
    String interval;

    @Option(names = "--duration", paramLabel = "D",
            description = "Stop recording after D; a command still running then gets SIGTERM.")
    String duration;

    @Option(names = "--out", paramLabel = "DIR", description = "Parent folder of run folders (default ./sysgauge-runs).")
    String outputDir;

    @Option(names = {"-q", "--quiet"}, description = "No progress line and no summary.")
    boolean quiet;

    @Option(names = "--listen", paramLabel = "HOST:PORT",
            description = "Also show the newest values on http://HOST:PORT/metrics for Prometheus, and live charts on http://HOST:PORT/, while recording.")
    String listen;

    @Option(names = "--no-report", description = "Do not write report.html into the run folder when the run ends.")
    boolean noReport;

    @Mixin
    LabelOptions labels;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "CMD", arity = "0..*", description = "The command to run and record, after --.")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (command.isEmpty() && spec.commandLine().getParseResult().originalArgs().contains("--")) {
            // Without this, "run --" would record the host until stopped, as if nothing had been asked.
            throw new UsageException("no command after --: give one (sysgauge run -- CMD ARGS...), or record the host"
                    + " alone with --duration D (or until Ctrl-C without --)");
        }
        ConfigLoader loader = labels.applyTo(scope.applyTo(Startup.loader(common)));
        if (interval != null) {
            loader.flag("sampling.interval", interval, "--interval");
        }
        if (outputDir != null) {
            loader.flag("output.dir", outputDir, "--out");
        }
        Duration limit = duration == null ? null : parseDuration(duration);
        Startup.Prepared prepared = Startup.prepare(loader);
        try (LoadedPlugins plugins = prepared.plugins()) {
            return record(prepared.config(), plugins, limit);
        }
    }

    private int record(Config config, LoadedPlugins plugins, Duration limit) throws InterruptedException {
        Settings settings = config.settings();
        if (!command.isEmpty() && settings.pid().isPresent()) {
            throw new UsageException("give either --pid or a command after --, not both");
        }
        settings.pid().ifPresent(RunCommand::requireRunning);
        // --listen is bound first: a bad or busy address must stop the run before the command starts.
        RecentRecords recent = listen == null ? null : new RecentRecords(settings.serveHistory());
        AtomicReference<Map<String, Object>> described = new AtomicReference<>(Map.of());
        Exposition exposition = listen == null ? null
                : Exposition.start(listen, Exporters.scraped(plugins, config), settings.pluginsDir(),
                        new DashboardHandler(recent, described::get));
        PrintWriter terminal = spec.commandLine().getErr();
        List<RecordSink> sinks = new ArrayList<>();
        if (recent != null) {
            sinks.add(recent);
        }
        if (!quiet && command.isEmpty() && Terminals.isTerminal(Terminals.STANDARD_ERROR)) {
            // Only without a command: a command writes to the same terminal, and its lines would
            // land in the middle of the progress line.
            sinks.add(new ProgressLine(terminal));
        }
        Consumer<Map<String, Object>> page = exposition == null ? null : metadata -> {
            metadata.put("history", settings.serveHistory());
            described.set(metadata);
        };
        Recording recording;
        try {
            recording = Recording.prepare(new Recording.Plan(config, plugins, command, limit, sinks, exposition != null,
                    page, terminal));
        } catch (RuntimeException | Error e) {
            if (exposition != null) {
                exposition.close();
            }
            throw e;
        }
        if (!quiet) {
            OptionalLong root = recording.root();
            terminal.printf("sysgauge: recording to %s every %s%s%s%n", recording.folder(), Durations.format(settings.interval()),
                    root.isPresent() ? " (process " + root.getAsLong() + (settings.tree() ? " and its descendants)" : ")") : "",
                    exposition == null ? "" : "; serving " + exposition.url() + " and the live page " + exposition.dashboardUrl());
            terminal.flush();
        }
        Recording.Result result;
        try {
            result = recording.record();
        } finally {
            if (exposition != null) {
                exposition.close();
            }
        }
        Integer exitCode = result.exitCode();
        if (!quiet) {
            terminal.printf("sysgauge: %d record%s in %s%s%n", result.records(), result.records() == 1 ? "" : "s",
                    result.folder(), exitCode == null ? "" : "; the command exited with " + exitCode);
            result.healthSummary().forEach(line -> terminal.println("sysgauge: " + line));
            terminal.flush();
        }
        if (!noReport) {
            writeReport(result.folder(), terminal);
        }
        return exitCode == null ? 0 : exitCode;
    }

    // The run is recorded already: a report that cannot be written is a warning, not a failed run.
    private void writeReport(Path run, PrintWriter terminal) {
        try {
            // run has no -o: the remedy is the report command, once there is room.
            Path report = ReportCommand.write(run, run.resolve(ReportCommand.REPORT_FILE),
                    "write it later with: sysgauge report " + run);
            if (!quiet) {
                terminal.printf("sysgauge: report %s%n", report);
            }
        } catch (UsageException e) {
            terminal.printf("sysgauge: warning: no report: %s%n", e.getMessage());
        } catch (RuntimeException | OutOfMemoryError e) {
            // The recording is safe on disk and the command's exit code must not be lost to a report.
            terminal.printf("sysgauge: warning: no report (%s); write it later with: sysgauge report %s%n", e, run);
        }
        terminal.flush();
    }

    static void requireRunning(long pid) {
        try {
            Recording.requireRunning(pid);
        } catch (RecordingException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static Duration parseDuration(String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--duration: " + e.getMessage());
        }
    }
}
