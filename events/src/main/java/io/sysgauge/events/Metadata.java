package io.sysgauge.events;

import io.sysgauge.core.config.Settings;
import io.sysgauge.core.plugin.ContextClassLoader;
import io.sysgauge.core.plugin.InstalledPlugin;
import io.sysgauge.core.plugin.LoadedPlugins;
import io.sysgauge.core.plugin.SkippedJar;
import io.sysgauge.core.session.CollectorStatus;
import io.sysgauge.core.session.Session;
import io.sysgauge.core.session.Version;
import io.sysgauge.spi.SpiVersion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The content of {@code metadata.json}, and the plugin listing {@code sysgauge plugins} prints. */
public final class Metadata {

    private Metadata() {}

    /**
     * @param started when the run started
     * @param settings core settings
     * @param hostFacts the machine: host name, OS, CPUs, memory, disks, cgroup limits (W&amp;B's fields)
     * @param labels the run's labels: the launcher's (rank, node, job) and the user's
     * @param session the probed collectors
     * @param plugins the loaded plugins
     * @param command the monitored command, empty when attaching or host-only
     * @return the run's description
     */
    public static Map<String, Object> forRun(Instant started, Settings settings, Map<String, Object> hostFacts,
            Map<String, String> labels, Session session, LoadedPlugins plugins, List<String> command) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("sysgauge", Map.of("version", Version.current(), "spi", SpiVersion.current()));
        metadata.put("startedAt", started.toString());
        metadata.putAll(hostFacts);
        if (!command.isEmpty()) {
            metadata.put("program", command.get(0));
            metadata.put("args", command.subList(1, command.size()));
        }
        session.processScope().rootPid().ifPresent(pid -> metadata.put("pid", pid));
        metadata.put("labels", labels);
        metadata.put("process_tree", settings.tree());
        metadata.put("interval", settings.interval().toMillis() / 1000.0);
        metadata.putAll(collectors(session, plugins));
        return metadata;
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
