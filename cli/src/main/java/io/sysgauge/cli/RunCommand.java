package io.sysgauge.cli;

import io.sysgauge.core.config.Config;
import io.sysgauge.core.export.ExporterHost;
import io.sysgauge.core.export.Exporters;
import io.sysgauge.cli.config.ConfigLoader;
import io.sysgauge.core.config.Durations;
import io.sysgauge.core.config.Settings;
import io.sysgauge.core.platform.CommandWatcher;
import io.sysgauge.core.platform.IoErrors;
import io.sysgauge.core.platform.ProcessCommandRunner;
import io.sysgauge.cli.console.Terminals;
import io.sysgauge.core.plugin.LoadedPlugins;
import io.sysgauge.core.sampling.RecordSink;
import io.sysgauge.core.sampling.Sampler;
import io.sysgauge.views.live.DashboardHandler;
import io.sysgauge.views.live.RecentRecords;
import io.sysgauge.core.session.Session;
import io.sysgauge.events.Metadata;
import io.sysgauge.host.HostEnvironment;
import io.sysgauge.events.EventFileSink;
import io.sysgauge.events.HealthFileSink;
import io.sysgauge.events.HealthSummary;
import io.sysgauge.cli.console.ProgressLine;
import io.sysgauge.events.RunDirectory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
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

    private final AtomicBoolean finished = new AtomicBoolean();

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
        Instant started = Instant.now();
        long startNanos = System.nanoTime();
        HostEnvironment host = HostWiring.environment(settings);
        PrintWriter terminal = spec.commandLine().getErr();
        RunDirectory run = null;
        Process child = null;
        CommandWatcher watcher = null;
        Session session = null;
        EventFileSink events = null;
        HealthFileSink health = null; // health (issue 17)
        Map<String, Object> metadata;
        Sampler sampler;
        RunEnd end;
        OptionalLong root;
        try {
            run = createRunDirectory(settings, started);
            // The run folder is written to before the command starts: a full or read-only disk stops
            // the run here, with nothing left running.
            run.writeMetadata(Map.of("startedAt", started.toString()));
            events = new EventFileSink(run.events(), message -> {
                terminal.println("sysgauge: warning: " + message);
                terminal.flush();
            }, EventFileSink.HELD_BYTES_LIMIT);
            // Before the command starts and plugins probe: a SIGTERM must reach the command.
            end = RunEnd.install(!command.isEmpty(), terminal);
            child = command.isEmpty() ? null : start(command);
            if (child != null) {
                end.commandStarted(child);
                // Not a child of the command: its tree and metrics stay the command's own.
                watcher = CommandWatcher.watch(child, RunEnd.GRACE);
            }
            root = child != null ? OptionalLong.of(child.pid()) : settings.pid();
            end.watch(child != null ? OptionalLong.empty() : root);
            session = Session.open(config, plugins, HostWiring.builtIns(host, settings, root, true), new ProcessCommandRunner());
            session.configProblem().thenAccept(end::configRejected);
            health = new HealthFileSink(run.path().resolve(RunDirectory.HEALTH), message -> terminal.println("sysgauge: warning: " + message));
            session.health().addListener(health); // closed by the session, after its collectors' last events
            // written by describe below, and again as probes answer
            metadata = Metadata.forRun(started, settings, host.facts(settings.diskPaths()),
                    HostWiring.labels(host, settings, root), session, plugins, command);
            // The folder's name says which run this is (what `report` takes); exporters label with it.
            metadata.put("run_id", run.path().getFileName().toString());
            List<RecordSink> sinks = new ArrayList<>(List.of(events));
            if (exposition != null) {
                sinks.add(recent);
            }
            if (!quiet && child == null && Terminals.isTerminal(Terminals.STANDARD_ERROR)) {
                // Only without a command: a command writes to the same terminal, and its lines would
                // land in the middle of the progress line.
                sinks.add(new ProgressLine(terminal));
            }
            ExporterHost exporters = Exporters.start(plugins, config, metadata, exposition != null);
            sinks.add(exporters);
            sampler = session.sampler(sinks, startNanos, Sampler.deadlineFor(settings.interval()));
            sampler.addOwnValues(exporters::healthSamples);
        } catch (IOException e) {
            abandon(child, watcher, session, exposition, events);
            removeIfEmpty(run);
            throw new UsageException("cannot write the run folder " + (run == null ? settings.outputDir() : run.path()) + " ("
                    + IoErrors.describe(e) + "); choose another with --out or output.dir");
        } catch (RuntimeException | Error e) {
            abandon(child, watcher, session, exposition, events);
            throw e;
        }
        Session probing = session;
        RunDirectory folder = run;
        EventFileSink recorded = events;
        // Plugins join while the run records: metadata.json and the live page follow their probes.
        Runnable describe = () -> describe(folder, probing, plugins, metadata, exposition == null ? null : described,
                settings.serveHistory());
        session.onChange(describe);
        describe.run();
        Exposition served = exposition;
        Runnable finish = () -> {
            finish(sampler, probing, plugins, folder, metadata, recorded);
            if (served != null) {
                served.close();
            }
        };
        Runtime.getRuntime().addShutdownHook(new Thread(finish, "sysgauge-flush"));
        end.limit(limit);
        if (!quiet) {
            terminal.printf("sysgauge: recording to %s every %s%s%s%n", run.path(), Durations.format(settings.interval()),
                    root.isPresent() ? " (process " + root.getAsLong() + (settings.tree() ? " and its descendants)" : ")") : "",
                    exposition == null ? "" : "; serving " + exposition.url() + " and the live page " + exposition.dashboardUrl());
            terminal.flush();
        }
        sampler.start();

        String stoppedBy = end.await();
        Integer exitCode = child == null ? null : exitCodeOf(child, end);
        if (watcher != null) {
            watcher.release(); // the command has ended and was waited for
        }
        synchronized (metadata) {
            metadata.put("stoppedBy", stoppedBy);
            if (exitCode != null) {
                metadata.put("exitCode", exitCode);
            }
        }
        finish.run();
        end.rejectedConfiguration().ifPresent(problem -> {
            throw problem;
        });
        if (!quiet) {
            terminal.printf("sysgauge: %d record%s in %s%s%n", events.records(), events.records() == 1 ? "" : "s", run.path(),
                    exitCode == null ? "" : "; the command exited with " + exitCode);
            HealthSummary.lines(health.events(), started.toEpochMilli() / 1000.0, (System.nanoTime() - startNanos) / 1e9)
                    .forEach(line -> terminal.println("sysgauge: " + line)); // health (issue 17)
            terminal.flush();
        }
        if (!noReport) {
            writeReport(run, terminal);
        }
        return exitCode == null ? 0 : exitCode;
    }

    // Recording could not start: nothing it began may go on without it.
    private static void abandon(Process child, CommandWatcher watcher, Session session, Exposition exposition,
            EventFileSink events) {
        if (child != null) {
            child.destroy();
        }
        if (watcher != null && child != null && !child.isAlive()) {
            // Ended: nothing for the watcher to do. One still running is ended by the watcher when
            // this JVM exits, with SIGKILL after the grace period if it ignores the SIGTERM.
            watcher.close();
        }
        if (session != null) {
            session.close();
        }
        if (exposition != null) {
            exposition.close();
        }
        if (events != null) {
            try {
                events.close();
            } catch (IOException e) {
                // nothing was recorded into it
            }
        }
    }

    // A run folder that could not be written to is not left behind empty.
    private static void removeIfEmpty(RunDirectory run) {
        if (run == null) {
            return;
        }
        try {
            Path events = run.events();
            if (Files.isRegularFile(events) && Files.size(events) == 0) {
                Files.delete(events);
            }
            Files.delete(run.path());
        } catch (IOException e) {
            // it holds something after all: leave it
        }
    }

    // Guarded by the metadata map's lock, as every write of metadata.json is.
    private boolean metadataFailed;

    private void describe(RunDirectory run, Session session, LoadedPlugins plugins, Map<String, Object> metadata,
            AtomicReference<Map<String, Object>> page, int history) {
        synchronized (metadata) {
            if (finished.get()) {
                return;
            }
            metadata.putAll(Metadata.collectors(session, plugins));
            writeMetadata(run, metadata);
            if (page != null) {
                // A copy: the page reads it on its own threads.
                Map<String, Object> copy = new LinkedHashMap<>(metadata);
                copy.put("history", history);
                page.set(copy);
            }
        }
    }

    // A command still running when --duration ran out gets SIGTERM, then SIGKILL after a grace period.
    private static int exitCodeOf(Process child, RunEnd end) throws InterruptedException {
        if (child.isAlive()) {
            child.destroy();
            if (!child.waitFor(RunEnd.GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                end.kill(child, "no end " + RunEnd.GRACE.toSeconds() + " s after SIGTERM");
            }
        }
        return child.waitFor();
    }

    private static RunDirectory createRunDirectory(Settings settings, Instant started) {
        try {
            return RunDirectory.create(settings.outputDir(), started);
        } catch (IOException e) {
            throw new UsageException("cannot create a run folder in " + settings.outputDir() + " (" + IoErrors.describe(e)
                    + "); choose another with --out or output.dir");
        }
    }

    private void finish(Sampler sampler, Session session, LoadedPlugins plugins, RunDirectory run, Map<String, Object> metadata,
            EventFileSink events) {
        synchronized (metadata) {
            if (!finished.compareAndSet(false, true)) {
                return;
            }
        }
        sampler.close();
        session.close();
        plugins.close();
        synchronized (metadata) {
            metadata.putAll(Metadata.collectors(session, plugins));
            metadata.put("endedAt", Instant.now().toString());
            metadata.put("records", events.records());
            if (events.lost() > 0) {
                metadata.put("recordsLost", events.lost()); // a disk that stayed full: kept in memory, never written
            }
            writeMetadata(run, metadata);
        }
    }

    // Plugins that join write metadata.json again: on a full disk each attempt fails, and one line says so.
    private void writeMetadata(RunDirectory run, Map<String, Object> metadata) {
        try {
            run.writeMetadata(metadata);
            metadataFailed = false;
        } catch (IOException e) {
            if (!metadataFailed) {
                metadataFailed = true;
                spec.commandLine().getErr().println("sysgauge: error: cannot update " + run.path().resolve(RunDirectory.METADATA)
                        + ": " + IoErrors.describe(e));
            }
        }
    }

    private static Process start(List<String> command) {
        try {
            return new ProcessBuilder(command).inheritIO().start();
        } catch (IOException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            int detail = message.indexOf(", ");
            throw new UsageException("cannot run '" + command.get(0) + "': "
                    + (message.contains("error=") && detail >= 0 ? message.substring(detail + 2) : message));
        }
    }

    // The run is recorded already: a report that cannot be written is a warning, not a failed run.
    private void writeReport(RunDirectory run, PrintWriter terminal) {
        try {
            // run has no -o: the remedy is the report command, once there is room.
            Path report = ReportCommand.write(run.path(), run.path().resolve(ReportCommand.REPORT_FILE),
                    "write it later with: sysgauge report " + run.path());
            if (!quiet) {
                terminal.printf("sysgauge: report %s%n", report);
            }
        } catch (UsageException e) {
            terminal.printf("sysgauge: warning: no report: %s%n", e.getMessage());
        } catch (RuntimeException | OutOfMemoryError e) {
            // The recording is safe on disk and the command's exit code must not be lost to a report.
            terminal.printf("sysgauge: warning: no report (%s); write it later with: sysgauge report %s%n", e, run.path());
        }
        terminal.flush();
    }

    static void requireRunning(long pid) {
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return;
        }
        throw new UsageException("no running process has pid " + pid);
    }

    private static Duration parseDuration(String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--duration: " + e.getMessage());
        }
    }
}
