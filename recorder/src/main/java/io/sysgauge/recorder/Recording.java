package io.sysgauge.recorder;

import io.sysgauge.core.config.Config;
import io.sysgauge.core.config.Settings;
import io.sysgauge.core.export.ExporterHost;
import io.sysgauge.core.export.Exporters;
import io.sysgauge.core.platform.CommandWatcher;
import io.sysgauge.core.platform.IoErrors;
import io.sysgauge.core.platform.ProcessCommandRunner;
import io.sysgauge.core.plugin.LoadedPlugins;
import io.sysgauge.core.sampling.RecordSink;
import io.sysgauge.core.sampling.Sampler;
import io.sysgauge.core.session.Session;
import io.sysgauge.events.EnergyTotals;
import io.sysgauge.events.EventFileSink;
import io.sysgauge.events.HealthFileSink;
import io.sysgauge.events.HealthSummary;
import io.sysgauge.events.Metadata;
import io.sysgauge.events.MetricDescriptions;
import io.sysgauge.events.RunDirectory;
import io.sysgauge.host.HostEnvironment;
import io.sysgauge.spi.ConfigException;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One recording from start to end, without a command line: the run folder, the command and the
 * signals it is sent, the session with its sinks and exporters, {@code metadata.json} kept as
 * plugins answer, and the end (the command's exit, {@code --duration}, a signal, a rejected
 * configuration, or the JVM shutting down, which still flushes what was recorded).
 *
 * <p>{@link #prepare} does everything that can fail on the user's input before sampling starts,
 * so a bad folder or command stops the run with nothing left running; {@link #record} samples
 * until the end and writes the closing metadata.
 */
public final class Recording {

    /**
     * What to record and where its records go besides the run folder.
     *
     * @param config the loaded configuration ({@code sampling.interval}, {@code output.dir},
     *     {@code process.pid}, ...)
     * @param plugins the plugins found; closed when the recording ends
     * @param command the command to start and record; empty for a process ({@code process.pid})
     *     or the host alone
     * @param limit how long to record; null until the work ends or a signal comes
     * @param sinks further record sinks (a live page, a progress line)
     * @param withScrapedExporters whether exporters read by scraping ({@code /metrics}) are served
     * @param metadataListener told a copy of the run's metadata each time it changes; null for none
     * @param terminal where warnings and a killed command are told (standard error)
     */
    public record Plan(Config config, LoadedPlugins plugins, List<String> command, Duration limit, List<RecordSink> sinks,
            boolean withScrapedExporters, Consumer<Map<String, Object>> metadataListener, PrintWriter terminal) {

        public Plan {
            command = List.copyOf(command);
            sinks = List.copyOf(sinks);
        }
    }

    /**
     * How the recording ended.
     *
     * @param stoppedBy why: {@code command exited}, {@code --duration}, {@code SIGTERM}, ...
     * @param exitCode the command's exit code; null without a command
     * @param records records written to {@code events.jsonl}
     * @param folder the run folder
     * @param healthSummary one line per GPU that throttled, raised an XID or ECC error or was lost
     *     ({@code GPU 3: thermal throttling 4 min 12 s (7 % of the run), 1 XID 79 at 01:12:33});
     *     empty when {@code health.jsonl} has no events
     */
    public record Result(String stoppedBy, Integer exitCode, long records, Path folder, List<String> healthSummary) {}

    private final Plan plan;
    private final RunDirectory run;
    private final Instant started;
    private final long startNanos;
    private final HealthFileSink health;
    private final Process child;
    private final CommandWatcher watcher;
    private final OptionalLong root;
    private final RunEnd end;
    private final Session session;
    private final EventFileSink events;
    private final Map<String, Object> metadata;
    private final Sampler sampler;
    private final EnergyTotals energy; // the run's GPU energy, for metadata.json at the end
    private final MetricDescriptions descriptions; // what each recorded key is, for metadata.json at the end
    private final AtomicBoolean finished = new AtomicBoolean();
    private boolean metadataFailed; // guarded by the metadata map's lock, as every write of metadata.json is

    private Recording(Plan plan, RunDirectory run, Instant started, long startNanos, Process child, CommandWatcher watcher,
            OptionalLong root, RunEnd end, Session session, EventFileSink events, HealthFileSink health, EnergyTotals energy,
            MetricDescriptions descriptions, Map<String, Object> metadata, Sampler sampler) {
        this.plan = plan;
        this.run = run;
        this.started = started;
        this.startNanos = startNanos;
        this.health = health;
        this.child = child;
        this.watcher = watcher;
        this.root = root;
        this.end = end;
        this.session = session;
        this.events = events;
        this.energy = energy;
        this.descriptions = descriptions;
        this.metadata = metadata;
        this.sampler = sampler;
    }

    /**
     * Creates the run folder, starts the command, opens the session and installs the signal
     * handlers and a shutdown hook; sampling starts with {@link #record}. Counting toward the
     * plan's limit starts here.
     *
     * @param plan what to record
     * @return the recording, ready to sample
     * @throws RecordingException when the folder cannot be written, the command cannot be run, or
     *     the process to attach to is not running; nothing started is left running
     */
    public static Recording prepare(Plan plan) {
        Settings settings = plan.config().settings();
        List<String> command = plan.command();
        if (!command.isEmpty() && settings.pid().isPresent()) {
            throw new RecordingException("give either --pid or a command after --, not both");
        }
        settings.pid().ifPresent(Recording::requireRunning);
        Instant started = Instant.now();
        long startNanos = System.nanoTime();
        HostEnvironment host = HostWiring.environment(settings);
        PrintWriter terminal = plan.terminal();
        RunDirectory run = null;
        Process child = null;
        CommandWatcher watcher = null;
        Session session = null;
        EventFileSink events = null;
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
            RunEnd end = RunEnd.install(!command.isEmpty(), terminal);
            child = command.isEmpty() ? null : start(command);
            if (child != null) {
                end.commandStarted(child);
                // Not a child of the command: its tree and metrics stay the command's own.
                watcher = CommandWatcher.watch(child, RunEnd.GRACE);
            }
            OptionalLong root = child != null ? OptionalLong.of(child.pid()) : settings.pid();
            end.watch(child != null ? OptionalLong.empty() : root);
            session = Session.open(plan.config(), plan.plugins(), HostWiring.builtIns(host, settings, root, true),
                    new ProcessCommandRunner());
            session.configProblem().thenAccept(end::configRejected);
            HealthFileSink health = new HealthFileSink(run.path().resolve(RunDirectory.HEALTH), message -> {
                terminal.println("sysgauge: warning: " + message);
                terminal.flush();
            });
            session.health().addListener(health); // closed by the session, after its collectors' last events
            Map<String, Object> metadata = Metadata.forRun(started, settings, host.facts(settings.diskPaths()),
                    HostWiring.labels(host, settings, root), session, plan.plugins(), command);
            // The folder's name says which run this is (what `report` takes); exporters label with it.
            metadata.put("run_id", run.path().getFileName().toString());
            List<RecordSink> sinks = new ArrayList<>(List.of(events));
            sinks.addAll(plan.sinks());
            EnergyTotals energy = new EnergyTotals();
            sinks.add(energy);
            MetricDescriptions descriptions = new MetricDescriptions();
            sinks.add(descriptions);
            ExporterHost exporters = Exporters.start(plan.plugins(), plan.config(), metadata, plan.withScrapedExporters());
            sinks.add(exporters);
            Sampler sampler = session.sampler(sinks, startNanos, Sampler.deadlineFor(settings.interval()));
            sampler.addOwnValues(exporters::healthSamples);
            Recording recording = new Recording(plan, run, started, startNanos, child, watcher, root, end, session, events,
                    health, energy, descriptions, metadata, sampler);
            recording.begin();
            return recording;
        } catch (IOException e) {
            abandon(child, watcher, session, events);
            removeIfEmpty(run);
            throw new RecordingException("cannot write the run folder " + (run == null ? settings.outputDir() : run.path())
                    + " (" + IoErrors.describe(e) + "); choose another with --out or output.dir");
        } catch (RuntimeException | Error e) {
            abandon(child, watcher, session, events);
            throw e;
        }
    }

    private void begin() {
        // Plugins join while the run records: metadata.json and the live page follow their probes.
        session.onChange(this::describe);
        describe();
        Runtime.getRuntime().addShutdownHook(new Thread(this::finish, "sysgauge-flush"));
        end.limit(plan.limit());
    }

    /** @return the run folder */
    public Path folder() {
        return run.path();
    }

    /** @return the recorded process: the command's, or the one attached to; empty for the host alone */
    public OptionalLong root() {
        return root;
    }

    /**
     * Samples until the recording ends, stops a command still running (SIGTERM, then SIGKILL
     * after {@link RunEnd#GRACE}), and writes the closing metadata.
     *
     * @return how it ended
     * @throws ConfigException when a plugin rejected its configuration, which ended the recording
     * @throws InterruptedException when interrupted waiting for the command
     */
    public Result record() throws InterruptedException {
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
        finish();
        end.rejectedConfiguration().ifPresent(problem -> {
            throw problem;
        });
        List<String> summary = HealthSummary.lines(health.events(), started.toEpochMilli() / 1000.0,
                (System.nanoTime() - startNanos) / 1e9);
        return new Result(stoppedBy, exitCode, events.records(), run.path(), summary);
    }

    // Recording could not start: nothing it began may go on without it.
    private static void abandon(Process child, CommandWatcher watcher, Session session, EventFileSink events) {
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

    private void describe() {
        synchronized (metadata) {
            if (finished.get()) {
                return;
            }
            metadata.putAll(Metadata.collectors(session, plan.plugins()));
            writeMetadata();
            if (plan.metadataListener() != null) {
                // A copy: the listener may read it on its own threads.
                plan.metadataListener().accept(new LinkedHashMap<>(metadata));
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
            throw new RecordingException("cannot create a run folder in " + settings.outputDir() + " ("
                    + IoErrors.describe(e) + "); choose another with --out or output.dir");
        }
    }

    // Called once by record, or by the shutdown hook when the JVM exits first; the second call does nothing.
    private void finish() {
        synchronized (metadata) {
            if (!finished.compareAndSet(false, true)) {
                return;
            }
        }
        sampler.close();
        session.close();
        plan.plugins().close();
        synchronized (metadata) {
            metadata.putAll(Metadata.collectors(session, plan.plugins()));
            metadata.put("endedAt", Instant.now().toString());
            metadata.put("records", events.records());
            energy.describe().ifPresent(totals -> metadata.put("energy", totals));
            metadata.put("metrics", descriptions.describe());
            if (events.lost() > 0) {
                metadata.put("recordsLost", events.lost()); // a disk that stayed full: kept in memory, never written
            }
            writeMetadata();
        }
    }

    // Plugins that join write metadata.json again: on a full disk each attempt fails, and one line says so.
    private void writeMetadata() {
        try {
            run.writeMetadata(metadata);
            metadataFailed = false;
        } catch (IOException e) {
            if (!metadataFailed) {
                metadataFailed = true;
                plan.terminal().println("sysgauge: error: cannot update " + run.path().resolve(RunDirectory.METADATA)
                        + ": " + IoErrors.describe(e));
                plan.terminal().flush();
            }
        }
    }

    private static Process start(List<String> command) {
        try {
            return new ProcessBuilder(command).inheritIO().start();
        } catch (IOException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            int detail = message.indexOf(", ");
            throw new RecordingException("cannot run '" + command.get(0) + "': "
                    + (message.contains("error=") && detail >= 0 ? message.substring(detail + 2) : message));
        }
    }

    /**
     * @param pid a process to attach to
     * @throws RecordingException when no running process has it
     */
    public static void requireRunning(long pid) {
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return;
        }
        throw new RecordingException("no running process has pid " + pid);
    }
}
