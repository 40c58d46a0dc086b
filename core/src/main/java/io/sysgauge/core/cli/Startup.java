package io.sysgauge.core.cli;

import io.sysgauge.core.config.Config;
import io.sysgauge.core.config.ConfigLoader;
import io.sysgauge.core.plugin.ContextClassLoader;
import io.sysgauge.core.plugin.InstalledPlugin;
import io.sysgauge.core.plugin.LoadedPlugins;
import io.sysgauge.core.plugin.PluginLoader;
import io.sysgauge.spi.MetricCollector;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Configuration and plugins, in the order they depend on each other. */
final class Startup {

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
                    Map.Entry<String, Set<String>> section = ContextClassLoader.call(plugin.classLoader(),
                            () -> Map.entry(collector.id(), Set.copyOf(collector.configKeys())));
                    sections.computeIfAbsent(section.getKey(), id -> new HashSet<>()).addAll(section.getValue());
                }
            }
            return new Prepared(loader.load(sections), plugins);
        } catch (RuntimeException e) {
            plugins.close();
            throw e;
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
