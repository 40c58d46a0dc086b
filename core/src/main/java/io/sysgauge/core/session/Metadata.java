package io.sysgauge.core.session;

import io.sysgauge.core.config.Settings;
import io.sysgauge.host.HostFacts;
import io.sysgauge.host.process.LaunchLabels;
import io.sysgauge.core.plugin.ContextClassLoader;
import io.sysgauge.core.plugin.InstalledPlugin;
import io.sysgauge.core.plugin.LoadedPlugins;
import io.sysgauge.core.plugin.SkippedJar;
import io.sysgauge.spi.SpiVersion;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** The content of {@code metadata.json}, and the plugin listing {@code sysgauge plugins} prints. */
public final class Metadata {

    private Metadata() {}

    /**
     * @param started when the run started
     * @param settings core settings
     * @param host where host facts come from
     * @param session the probed collectors
     * @param plugins the loaded plugins
     * @param command the monitored command, empty when attaching or host-only
     * @return the run's description
     */
    public static Map<String, Object> forRun(Instant started, Settings settings, HostEnvironment host, Session session,
            LoadedPlugins plugins, List<String> command) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("sysgauge", Map.of("version", Version.current(), "spi", SpiVersion.current()));
        metadata.put("startedAt", started.toString());
        metadata.putAll(HostFacts.describe(host.procRoot(), host.sysRoot(), host.hostSource(), settings.diskPaths(), host.cgroup()));
        if (!command.isEmpty()) {
            metadata.put("program", command.get(0));
            metadata.put("args", command.subList(1, command.size()));
        }
        session.tracker().rootPid().ifPresent(pid -> metadata.put("pid", pid));
        metadata.put("labels", labels(settings, host.procRoot(), session.tracker().rootPid()));
        metadata.put("process_tree", settings.tree());
        metadata.put("interval", settings.interval().toMillis() / 1000.0);
        metadata.putAll(collectors(session, plugins));
        return metadata;
    }

    /**
     * The run's labels: the rank, node and job a launcher (torchrun, Slurm, Open MPI) gave the monitored
     * process in its environment, then the user's ({@code labels:}, {@code --label}), which win.
     *
     * @param settings core settings, with the user's labels
     * @param procRoot where /proc is
     * @param rootPid the monitored process; without one, sysgauge's own environment (a sidecar started
     *     by the same launcher)
     * @return the labels, launch labels first
     */
    static Map<String, String> labels(Settings settings, Path procRoot, OptionalLong rootPid) {
        Map<String, String> labels = new LinkedHashMap<>(rootPid.isPresent()
                ? LaunchLabels.ofProcess(procRoot, rootPid.getAsLong())
                : LaunchLabels.ofEnvironment(System.getenv()));
        labels.putAll(settings.labels());
        return labels;
    }

    /**
     * The parts of {@code metadata.json} that change while plugins probe in the background.
     *
     * @param session the collectors
     * @param plugins the loaded plugins
     * @return {@code collectors} (the built-in ones), {@code plugins}, {@code skipped_plugins}
     *     and {@code gpus} (every {@code gpu.{i}} with vendor, name, UUID and the vendor's index)
     */
    public static Map<String, Object> collectors(Session session, LoadedPlugins plugins) {
        List<CollectorStatus> statuses = session.statuses();
        List<Map<String, Object>> builtIn = new ArrayList<>();
        for (CollectorStatus status : statuses) {
            if (status.plugin() == null) {
                builtIn.add(status.describe());
            }
        }
        Map<String, Object> parts = new LinkedHashMap<>();
        parts.put("collectors", builtIn);
        parts.putAll(plugins(plugins, statuses));
        parts.put("gpus", session.gpus());
        return parts;
    }

    /**
     * @param plugins the loaded plugins
     * @param statuses probe results of their collectors
     * @return {@code plugins} (id, version, provider, requires, jar, collectors, and exporters when it has any) and
     *     {@code skipped_plugins} (jar, reason)
     */
    public static Map<String, Object> plugins(LoadedPlugins plugins, List<CollectorStatus> statuses) {
        List<Map<String, Object>> loaded = new ArrayList<>();
        for (InstalledPlugin plugin : plugins.plugins()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", plugin.id());
            entry.put("version", plugin.version());
            entry.put("provider", plugin.provider());
            entry.put("requires", plugin.requires());
            entry.put("jar", plugin.jar().getFileName().toString());
            List<Map<String, Object>> collectors = new ArrayList<>();
            for (CollectorStatus status : statuses) {
                if (status.plugin() == plugin) {
                    collectors.add(status.describe());
                }
            }
            entry.put("collectors", collectors);
            if (!plugin.exporters().isEmpty()) {
                entry.put("exporters", plugin.exporters().stream()
                        .map(exporter -> ContextClassLoader.call(plugin.classLoader(), exporter::id)).toList());
            }
            loaded.add(entry);
        }
        List<Map<String, Object>> skipped = new ArrayList<>();
        for (SkippedJar jar : plugins.skipped()) {
            skipped.add(Map.of("jar", jar.jar().getFileName().toString(), "reason", jar.reason()));
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("plugins", loaded);
        result.put("skipped_plugins", skipped);
        return result;
    }
}
