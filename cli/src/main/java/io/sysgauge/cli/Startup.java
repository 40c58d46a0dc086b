package io.sysgauge.cli;

import io.sysgauge.core.config.Config;
import io.sysgauge.cli.config.ConfigLoader;
import io.sysgauge.core.plugin.ContextClassLoader;
import io.sysgauge.core.plugin.InstalledPlugin;
import io.sysgauge.core.plugin.LoadedPlugins;
import io.sysgauge.core.plugin.PluginIds;
import io.sysgauge.core.plugin.PluginLoader;
import io.sysgauge.spi.MetricCollector;
import io.sysgauge.spi.MetricExporter;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Configuration and plugins, in the order they depend on each other. */
final class Startup {

    private static final Logger logger = LoggerFactory.getLogger(Startup.class);

    private Startup() {}

    /**
     * @param loader the configuration layers, flags already added
     * @return the resolved configuration and the loaded plugins
     * @throws io.sysgauge.spi.ConfigException for any bad key or value
     */
    static Prepared prepare(ConfigLoader loader) {
        Config coreOnly = loader.loadCoreOnly();
        LoadedPlugins plugins = new PluginLoader(coreOnly.settings().pluginsDir()).load();
        try {
            Map<String, Set<String>> sections = new LinkedHashMap<>();
            for (InstalledPlugin plugin : plugins.plugins()) {
                for (MetricCollector collector : plugin.collectors()) {
                    addSection(sections, plugin, () -> Map.entry(collector.id(), Set.copyOf(collector.configKeys())));
                }
                for (MetricExporter exporter : plugin.exporters()) {
                    addSection(sections, plugin, () -> Map.entry(exporter.id(), Set.copyOf(exporter.configKeys())));
                }
            }
            Config config = loader.load(sections);
            warnOfUnknownDisabledIds(config.settings().pluginsDisabled(), plugins);
            return new Prepared(config, plugins);
        } catch (RuntimeException e) {
            plugins.close();
            throw e;
        }
    }

    // The plugin's own code names the section and its keys: it runs under the plugin's class loader.
    private static void addSection(Map<String, Set<String>> sections, InstalledPlugin plugin,
            Supplier<Map.Entry<String, Set<String>>> section) {
        Map.Entry<String, Set<String>> named = ContextClassLoader.call(plugin.classLoader(), section);
        sections.computeIfAbsent(named.getKey(), id -> new HashSet<>()).addAll(named.getValue());
    }

    // A misspelt id in plugins.disabled would leave the plugin running: say so, once, without failing.
    private static void warnOfUnknownDisabledIds(Set<String> disabled, LoadedPlugins plugins) {
        Set<String> installed = new TreeSet<>();
        plugins.plugins().forEach(plugin -> installed.add(plugin.id()));
        List<String> unknown = disabled.stream().filter(id -> !installed.contains(id)).toList();
        if (!unknown.isEmpty()) {
            logger.warn("plugins.disabled names {}, which no installed plugin has ({}): {} nothing",
                    unknown.stream().map(PluginIds::quoted).collect(Collectors.joining(", ")),
                    installed.isEmpty() ? "none is installed" : "installed: " + String.join(", ", installed),
                    unknown.size() == 1 ? "it disables" : "they disable");
        }
    }

    /** @return the installation folder the launcher names, or null outside a distribution */
    static Path home() {
        String home = System.getProperty("sysgauge.home");
        return home == null || home.isBlank() ? null : Path.of(home);
    }

    static ConfigLoader loader(CommonOptions common) {
        return new ConfigLoader(home(), System.getenv(), common.configFile).set(common.assignments);
    }

    record Prepared(Config config, LoadedPlugins plugins) {}
}
