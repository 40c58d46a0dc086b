package io.sysgauge.core.session;

import io.sysgauge.core.config.Config;
import io.sysgauge.core.config.Settings;
import io.sysgauge.core.host.CpuBudget;
import io.sysgauge.core.host.CpuCollector;
import io.sysgauge.core.host.DiskCollector;
import io.sysgauge.core.host.MemoryCollector;
import io.sysgauge.core.host.NetworkCollector;
import io.sysgauge.core.plugin.ContextClassLoader;
import io.sysgauge.core.plugin.InstalledPlugin;
import io.sysgauge.core.plugin.LoadedPlugins;
import io.sysgauge.core.process.ProcessCollector;
import io.sysgauge.core.process.ProcessTracker;
import io.sysgauge.core.sampling.CollectorRunner;
import io.sysgauge.core.sampling.RecordSink;
import io.sysgauge.core.sampling.Sampler;
import io.sysgauge.spi.CommandRunner;
import io.sysgauge.spi.Detect;
import io.sysgauge.spi.MetricCollector;
import io.sysgauge.spi.Probe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Future;

/**
 * Every collector of one command: the built-in host collectors and those of the loaded
 * plugins, probed in parallel on their own workers. Present ones are sampled; the others keep
 * their reason for {@code metadata.json} and {@code sysgauge plugins}.
 */
public final class Session implements AutoCloseable {

    /** How long a probe may take before its collector counts as absent. */
    public static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);

    private final Settings settings;
    private final ProcessTracker tracker;
    private final List<CollectorRunner> present = new ArrayList<>();
    private final List<CollectorStatus> statuses = new ArrayList<>();
    private boolean samplerOwnsPresent;

    private Session(Settings settings, ProcessTracker tracker) {
        this.settings = settings;
        this.tracker = tracker;
    }

    /**
     * Creates and probes the collectors.
     *
     * @param config the resolved configuration
     * @param plugins the loaded plugins
     * @param host where host facts come from
     * @param commands runs vendor tools for plugins
     * @param rootPid the monitored process, if any
     * @param withHostCollectors false to probe only plugin collectors ({@code sysgauge plugins})
     * @return the session
     * @throws io.sysgauge.spi.ConfigException when a collector rejects its configuration
     */
    public static Session open(Config config, LoadedPlugins plugins, HostEnvironment host, CommandRunner commands,
            OptionalLong rootPid, boolean withHostCollectors) {
        Settings settings = config.settings();
        ProcessTracker tracker = new ProcessTracker(host.processSource(), rootPid, settings.tree());
        Session session = new Session(settings, tracker);
        int maxBackoffTicks = (int) Math.max(1, Duration.ofMinutes(1).toMillis() / settings.interval().toMillis());

        List<Candidate> candidates = new ArrayList<>();
        if (withHostCollectors) {
            candidates.addAll(hostCandidates(settings, host, tracker, rootPid));
        }
        for (InstalledPlugin plugin : plugins.plugins()) {
            for (MetricCollector collector : plugin.collectors()) {
                candidates.add(new Candidate(collector, plugin.classLoader(), plugin, false));
            }
        }

        // Probes run in parallel, each on its collector's worker; statuses keep the candidates' order.
        CollectorStatus[] statuses = new CollectorStatus[candidates.size()];
        List<Pending> pending = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < candidates.size(); i++) {
            Candidate candidate = candidates.get(i);
            String id = ContextClassLoader.call(candidate.classLoader(), candidate.collector()::id);
            String disabledBecause = disabledReason(config, settings, candidate, id, ids);
            ids.add(id);
            if (disabledBecause != null) {
                statuses[i] = new CollectorStatus(id, candidate.plugin(), "disabled", disabledBecause, Map.of());
                continue;
            }
            CollectorRunner runner = candidate.inline()
                    ? CollectorRunner.inline(candidate.collector(), maxBackoffTicks)
                    : CollectorRunner.onOwnThread(candidate.collector(), candidate.classLoader(), maxBackoffTicks);
            Context context = new Context(config.section(id), tracker, settings.interval(), settings.gpuDevices(),
                    host.procRoot(), host.sysRoot(), host.devRoot(), commands);
            pending.add(new Pending(i, runner, runner.startProbe(context)));
        }
        long deadline = System.nanoTime() + PROBE_TIMEOUT.toNanos();
        try {
            for (Pending probing : pending) {
                Probe probe = probing.runner().awaitProbe(probing.probe(), deadline);
                statuses[probing.index()] = new CollectorStatus(probing.runner().id(), candidates.get(probing.index()).plugin(),
                        probe.isPresent() ? "present" : "absent", probe.reason().orElse(null), probe.metadata());
                if (probe.isPresent()) {
                    session.present.add(probing.runner());
                } else {
                    probing.runner().close(); // frees its worker thread for the whole run
                }
            }
        } catch (RuntimeException e) {
            pending.forEach(probing -> probing.runner().close());
            throw e;
        }
        session.statuses.addAll(List.of(statuses));
        return session;
    }

    // /proc reads cannot block and cost less than a thread hand-off: they run inline. A
    // filesystem (statvfs of a dead NFS mount) can block: disk gets its own worker.
    private static List<Candidate> hostCandidates(Settings settings, HostEnvironment host, ProcessTracker tracker,
            OptionalLong rootPid) {
        ClassLoader application = Session.class.getClassLoader();
        long memoryDenominator = host.cgroup().memoryLimitBytes().orElse(totalMemory(host));
        double cpus = CpuBudget.available(host.procRoot(), rootPid, host.cgroup());
        return List.of(
                new Candidate(new CpuCollector(host.hostSource(), settings.cpuPerCore()), application, null, true),
                new Candidate(new MemoryCollector(host.hostSource(), host.cgroup()), application, null, true),
                new Candidate(new DiskCollector(host.hostSource(), settings.diskPaths()), application, null, false),
                new Candidate(new NetworkCollector(host.hostSource()), application, null, true),
                new Candidate(new ProcessCollector(tracker, cpus, memoryDenominator), application, null, true));
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

    private static long totalMemory(HostEnvironment host) {
        try {
            return host.hostSource().memory().totalBytes();
        } catch (Exception e) {
            return Runtime.getRuntime().maxMemory();
        }
    }

    /** @return every collector's status, in probe order */
    public List<CollectorStatus> statuses() {
        return List.copyOf(statuses);
    }

    /** @return the monitored process tree */
    public ProcessTracker tracker() {
        return tracker;
    }

    /**
     * @param sinks where records go
     * @param startNanos the run's start, for {@code _runtime}
     * @param deadline how long each tick waits for collectors
     * @return a loop over the present collectors
     */
    public Sampler sampler(List<RecordSink> sinks, long startNanos, Duration deadline) {
        samplerOwnsPresent = true;
        return new Sampler(present, tracker, settings.interval(), deadline, sinks, startNanos);
    }

    /** Closes the present collectors unless a sampler took them; absent ones are closed after probing. */
    @Override
    public void close() {
        if (!samplerOwnsPresent) {
            present.forEach(CollectorRunner::close);
            present.clear();
        }
    }

    private record Candidate(MetricCollector collector, ClassLoader classLoader, InstalledPlugin plugin, boolean inline) {}

    private record Pending(int index, CollectorRunner runner, Future<Probe> probe) {}
}
