package io.sysgauge.core.session;

import io.sysgauge.core.config.Config;
import io.sysgauge.core.config.Durations;
import io.sysgauge.core.config.Settings;
import io.sysgauge.core.plugin.ContextClassLoader;
import io.sysgauge.core.plugin.InstalledPlugin;
import io.sysgauge.core.plugin.LoadedPlugins;
import io.sysgauge.core.sampling.CollectorRunner;
import io.sysgauge.core.sampling.CollectorRunner.ProbeOutcome;
import io.sysgauge.core.sampling.RecordSink;
import io.sysgauge.core.sampling.Sampler;
import io.sysgauge.spi.CommandRunner;
import io.sysgauge.spi.ConfigException;
import io.sysgauge.spi.Detect;
import io.sysgauge.spi.MetricCollector;
import io.sysgauge.spi.Probe;
import io.sysgauge.spi.ProcessScope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every collector of one command: the built-in collectors the launcher hands in (the host and
 * process-tree collectors) and those of the loaded plugins.
 *
 * <p>Probing never holds back recording. The built-in collectors probe at once (the host's
 * probes read a few /proc files), so they record from the first tick; each plugin probes on its own
 * worker in the background and joins the sampling loop when its probe answers. A probe that hangs
 * costs its plugin only: after {@link #PROBE_TIMEOUT} it is interrupted (a vendor tool it waits
 * for is killed), the plugin counts as absent, and a fresh instance of the collector probes again
 * after a growing back-off. A probe that throws is retried the same way; one that answers absent
 * is not.
 *
 * <p>GPU families share one {@code gpu.{i}} index space ({@link GpuIndexSpace}): a family that
 * reports GPUs joins only once every family before it in {@link #GPU_FAMILY_ORDER} has answered
 * its first probe, so the numbering is stable whatever probe is quickest.
 */
public final class Session implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(Session.class);

    /** How long a probe may take before its collector counts as absent and is probed again later. */
    public static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);
    /** The wait before probing again a collector whose probe hung or threw; doubled each time. */
    static final Duration FIRST_RETRY = Duration.ofSeconds(30);
    /** The longest wait between two probes of one collector. */
    static final Duration LONGEST_RETRY = Duration.ofMinutes(10);
    /** The families whose GPUs keep the lowest indices, in this order; others follow by id. */
    static final List<String> GPU_FAMILY_ORDER = List.of("nvidia", "amd", "apple");
    private static final Comparator<Slot> GPU_FAMILY_FIRST = Comparator
            .comparingInt((Slot slot) -> familyRank(slot.id)).thenComparing(slot -> slot.id);
    // How long opening waits for probes to answer, so that the first record has the keys of the
    // collectors that answer at once (the disk collector, whose statvfs a dead NFS mount can hang,
    // and plugins whose hardware is there); a share of the interval, so the first record still
    // comes within one interval of start.
    private static final Duration LONGEST_FIRST_WAIT = Duration.ofSeconds(1);

    private final Settings settings;
    private final BuiltIns builtIns;
    private final Duration probeTimeout;
    private final Duration firstRetry;
    private final List<Slot> slots = new ArrayList<>();
    private final GpuIndexSpace gpus = new GpuIndexSpace();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "sysgauge-probes");
        thread.setDaemon(true);
        return thread;
    });
    private final CompletableFuture<ConfigException> configProblem = new CompletableFuture<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile List<CollectorRunner> active = List.of();
    // health (issue 17): collectors' health events, to the listeners the launcher adds (health.jsonl)
    private final HealthRelay health = new HealthRelay();
    private boolean closed;

    /** One collector's place: its probes, and the runner that samples it once present. */
    private final class Slot {
        final int order;
        final String id;
        final InstalledPlugin plugin;
        final ClassLoader classLoader;
        final boolean inline;
        final Supplier<MetricCollector> freshInstance; // null: never probed again
        final Context context;
        MetricCollector nextInstance;
        CollectorRunner runner;
        CollectorRunner awaited; // the runner whose probe answer counts; null when none does
        CollectorStatus status;
        boolean answered; // its first probe answered or timed out
        int failures;
        Probe waitingToJoin;
        ScheduledFuture<?> timer;

        Slot(int order, String id, Candidate candidate, Context context) {
            this.order = order;
            this.id = id;
            this.plugin = candidate.plugin();
            this.classLoader = candidate.classLoader();
            this.inline = candidate.inline();
            this.freshInstance = candidate.freshInstance();
            this.context = context;
            this.nextInstance = candidate.collector();
        }

        boolean probes() {
            return context != null;
        }
    }

    private Session(Settings settings, BuiltIns builtIns, Duration probeTimeout, Duration firstRetry) {
        this.settings = settings;
        this.builtIns = builtIns;
        this.probeTimeout = probeTimeout;
        this.firstRetry = firstRetry;
    }

    /**
     * Creates the collectors and starts their probes: the built-in ones are probed when this
     * returns (a hung filesystem excepted), plugins go on probing in the background.
     *
     * @param config the resolved configuration
     * @param plugins the loaded plugins
     * @param builtIns the built-in collectors, the monitored process tree and the host's folders
     * @param commands runs vendor tools for plugins
     * @return the session
     */
    public static Session open(Config config, LoadedPlugins plugins, BuiltIns builtIns, CommandRunner commands) {
        return open(config, plugins, builtIns, commands, PROBE_TIMEOUT, FIRST_RETRY);
    }

    // Tests give shorter waits.
    static Session open(Config config, LoadedPlugins plugins, BuiltIns builtIns, CommandRunner commands,
            Duration probeTimeout, Duration firstRetry) {
        Settings settings = config.settings();
        Session session = new Session(settings, builtIns, probeTimeout, firstRetry);

        List<Candidate> candidates = new ArrayList<>();
        ClassLoader application = Session.class.getClassLoader();
        for (BuiltIns.BuiltIn builtIn : builtIns.collectors()) {
            candidates.add(new Candidate(builtIn.collector(), application, null, builtIn.inline(), null));
        }
        for (InstalledPlugin plugin : plugins.plugins()) {
            for (MetricCollector collector : plugin.collectors()) {
                candidates.add(new Candidate(collector, plugin.classLoader(), plugin, false, () -> freshInstanceOf(plugin, collector)));
            }
        }
        Set<String> ids = new HashSet<>();
        synchronized (session) {
            for (Candidate candidate : candidates) {
                String id = ContextClassLoader.call(candidate.classLoader(), candidate.collector()::id);
                String disabledBecause = disabledReason(config, settings, candidate, id, ids);
                ids.add(id);
                Slot[] owner = new Slot[1]; // health events follow the slot's GPU offset, known once it joins
                Context context = disabledBecause != null ? null : new Context(config.section(id), builtIns.processScope(),
                        settings.interval(), settings.gpuDevices(), builtIns.procRoot(), builtIns.sysRoot(), builtIns.devRoot(),
                        commands, session.health.shifted(() -> owner[0].runner == null ? 0 : owner[0].runner.gpuOffset()));
                Slot slot = session.new Slot(session.slots.size(), id, candidate, context);
                owner[0] = slot;
                session.slots.add(slot);
                slot.status = disabledBecause != null
                        ? new CollectorStatus(id, candidate.plugin(), "disabled", disabledBecause, Map.of())
                        : new CollectorStatus(id, candidate.plugin(), "probing", null, Map.of());
            }
            for (Slot slot : session.slots) {
                if (slot.probes()) {
                    session.startProbe(slot);
                }
            }
        }
        Duration half = settings.interval().dividedBy(2);
        session.awaitFirstAnswers(half.compareTo(LONGEST_FIRST_WAIT) < 0 ? half : LONGEST_FIRST_WAIT);
        session.fireChange();
        return session;
    }

    // A new collector for another probe: PF4J extensions have a public no-argument constructor.
    private static MetricCollector freshInstanceOf(InstalledPlugin plugin, MetricCollector collector) {
        return ContextClassLoader.call(plugin.classLoader(), () -> {
            try {
                return collector.getClass().getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot create another " + collector.getClass().getName() + ": " + e, e);
            }
        });
    }

    private static String disabledReason(Config config, Settings settings, Candidate candidate, String id, Set<String> ids) {
        if (ids.contains(id)) {
            return "another collector already has the id '" + id + "'";
        }
        if (candidate.plugin() == null) {
            return null;
        }
        if (settings.pluginsDisabled().contains(candidate.plugin().id())) {
            return "listed in plugins.disabled";
        }
        if (config.section(id).detect() == Detect.OFF) {
            return "switched off by " + id + ".detect=off";
        }
        return null;
    }

    // Called with the lock held.
    private void startProbe(Slot slot) {
        MetricCollector collector = slot.nextInstance;
        slot.nextInstance = null;
        if (collector == null) {
            try {
                collector = slot.freshInstance.get();
            } catch (RuntimeException | LinkageError e) {
                slot.status = new CollectorStatus(slot.id, slot.plugin, "absent", CollectorRunner.oneLine(e), Map.of());
                return;
            }
        }
        int maxBackoffTicks = (int) Math.max(1, Duration.ofMinutes(1).toMillis() / settings.interval().toMillis());
        CollectorRunner runner = slot.inline
                ? CollectorRunner.inline(collector, maxBackoffTicks)
                : CollectorRunner.onOwnThread(collector, slot.classLoader, maxBackoffTicks);
        slot.runner = runner;
        slot.awaited = runner;
        if (!slot.inline) {
            slot.timer = timers.schedule(() -> timedOut(slot, runner), probeTimeout.toNanos(), TimeUnit.NANOSECONDS);
        }
        runner.probe(slot.context, outcome -> answered(slot, runner, outcome));
    }

    private void answered(Slot slot, CollectorRunner runner, ProbeOutcome outcome) {
        synchronized (this) {
            if (closed || slot.awaited != runner) {
                return; // abandoned at its time-out; its close is queued behind it
            }
            slot.awaited = null;
            if (slot.timer != null) {
                slot.timer.cancel(false);
            }
            boolean first = !slot.answered;
            slot.answered = true;
            Probe probe = outcome.probe();
            if (outcome.failure() instanceof ConfigException problem) {
                absent(slot, problem.getMessage());
                if (first) {
                    configProblem.complete(problem);
                }
            } else if (outcome.failure() != null) {
                failed(slot, "its probe failed: " + CollectorRunner.oneLine(outcome.failure()));
            } else if (probe == null) {
                failed(slot, "its probe returned nothing");
            } else if (!probe.isPresent()) {
                absent(slot, probe.reason().orElse("absent"));
            } else if (!probe.gpus().isEmpty() && !earlierFamiliesAnswered(slot)) {
                slot.waitingToJoin = probe;
            } else {
                join(slot, probe);
            }
            joinWaitingFamilies();
            notifyAll();
        }
        fireChange();
    }

    private void timedOut(Slot slot, CollectorRunner runner) {
        synchronized (this) {
            if (closed || slot.awaited != runner) {
                return;
            }
            slot.awaited = null;
            slot.answered = true;
            runner.abandonProbe();
            failed(slot, "its probe did not finish within " + Durations.format(probeTimeout));
            joinWaitingFamilies();
            notifyAll();
        }
        fireChange();
    }

    // With the lock held: the collector is absent for now, and probed again later.
    private void failed(Slot slot, String reason) {
        slot.failures++;
        if (slot.freshInstance == null) {
            absent(slot, reason);
            return;
        }
        Duration delay = firstRetry.multipliedBy(1L << Math.min(slot.failures - 1, 20));
        if (delay.compareTo(LONGEST_RETRY) > 0) {
            delay = LONGEST_RETRY;
        }
        String retried = reason + "; probed again in " + Durations.format(delay);
        if (slot.failures == 1) {
            logger.warn("collector {}: {} (it is probed again later; recording goes on without it)", slot.id, reason);
        }
        absent(slot, retried);
        slot.timer = timers.schedule(() -> retry(slot), delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void absent(Slot slot, String reason) {
        slot.status = new CollectorStatus(slot.id, slot.plugin, "absent", reason, Map.of());
        CollectorRunner runner = slot.runner;
        // Never on the collector's own worker, which this may run on: its close queues behind this call.
        timers.execute(runner::close);
    }

    private void retry(Slot slot) {
        synchronized (this) {
            if (closed) {
                return;
            }
            slot.status = new CollectorStatus(slot.id, slot.plugin, "probing", null, Map.of());
            startProbe(slot);
        }
        fireChange();
    }

    private void join(Slot slot, Probe probe) {
        slot.waitingToJoin = null;
        slot.runner.useGpuOffset(gpus.assign(slot.id, probe.gpus()));
        slot.status = new CollectorStatus(slot.id, slot.plugin, "present", null, probe.metadata());
        List<CollectorRunner> present = new ArrayList<>();
        for (Slot each : slots) {
            if (each.status.state().equals("present")) {
                present.add(each.runner);
            }
        }
        active = List.copyOf(present);
    }

    private void joinWaitingFamilies() {
        List<Slot> waiting = slots.stream().filter(slot -> slot.waitingToJoin != null)
                .sorted(GPU_FAMILY_FIRST).toList();
        for (Slot slot : waiting) {
            if (earlierFamiliesAnswered(slot)) {
                join(slot, slot.waitingToJoin);
            }
        }
    }

    private static int familyRank(String id) {
        int rank = GPU_FAMILY_ORDER.indexOf(id);
        return rank < 0 ? GPU_FAMILY_ORDER.size() : rank;
    }

    // Every plugin collector before this one in the family order has had its first say, and none
    // of those that reported GPUs still waits to join.
    private boolean earlierFamiliesAnswered(Slot slot) {
        for (Slot other : slots) {
            if (other != slot && other.plugin != null && other.probes() && GPU_FAMILY_FIRST.compare(other, slot) < 0
                    && (!other.answered || other.waitingToJoin != null)) {
                return false;
            }
        }
        return true;
    }

    private synchronized void awaitFirstAnswers(Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (slots.stream().anyMatch(slot -> slot.probes() && !slot.answered)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Waits until every collector's first probe has answered or timed out, or the bound passes.
     *
     * @param bound the longest wait
     * @throws ConfigException when a collector rejected its configuration
     */
    public void awaitProbes(Duration bound) {
        awaitFirstAnswers(bound);
        Optional.ofNullable(configProblem.getNow(null)).ifPresent(problem -> {
            throw problem;
        });
    }

    /**
     * @return completes when a collector's first probe rejects its configuration: the command
     *     should end with that one-line error
     */
    public CompletableFuture<ConfigException> configProblem() {
        return configProblem;
    }

    /** @param listener told, on a probing thread, whenever a collector's status changes */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    private void fireChange() {
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                logger.warn("cannot record a collector's new status: {}", CollectorRunner.oneLine(e));
            }
        }
    }

    /** @return every collector's status, in collector order; {@code probing} while a probe runs */
    public synchronized List<CollectorStatus> statuses() {
        return slots.stream().map(slot -> slot.status).toList();
    }

    /** @return for {@code metadata.json}: every {@code gpu.{i}} with its vendor, name, UUID and the vendor's index */
    public synchronized Map<String, Object> gpus() {
        return gpus.describe();
    }

    /** @return the collectors being sampled now, in collector order */
    public List<CollectorRunner> active() {
        return active;
    }

    /** @return the monitored process tree */
    public ProcessScope processScope() {
        return builtIns.processScope();
    }

    /**
     * @param sinks where records go
     * @param startNanos the run's start, for {@code _runtime}
     * @param deadline how long each tick waits for a collector before it counts as hung
     * @return a loop over the present collectors, those that join later included
     */
    public Sampler sampler(List<RecordSink> sinks, long startNanos, Duration deadline) {
        return new Sampler(this::active, builtIns.refreshProcessScope(), settings.interval(), deadline, sinks, startNanos);
    }

    /**
     * Stops probing and closes every collector. Stop the sampler first. A collector busy in a
     * call that hangs closes when the call returns.
     */
    @Override
    public void close() {
        List<CollectorRunner> runners = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            for (Slot slot : slots) {
                if (slot.timer != null) {
                    slot.timer.cancel(false);
                }
                if (slot.runner != null) {
                    runners.add(slot.runner);
                }
            }
            active = List.of();
            notifyAll();
        }
        timers.shutdown();
        try {
            // Closes of absent collectors may still be queued there.
            timers.awaitTermination(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        runners.forEach(CollectorRunner::close);
        health.close(); // after the collectors: a close may still report (a throttle episode ends then)
    }

    /** @return where collectors' health events go; add a listener to record them */
    public HealthRelay health() {
        return health;
    }

    private record Candidate(MetricCollector collector, ClassLoader classLoader, InstalledPlugin plugin, boolean inline,
            Supplier<MetricCollector> freshInstance) {}
}
