package io.sysgauge.core.plugin;

import java.nio.file.Path;
import java.util.List;
import org.pf4j.PluginManager;

/**
 * What {@link PluginLoader} found in the plugins folder.
 *
 * @param directory the plugins folder
 * @param plugins the plugins that loaded, in file-name order
 * @param skipped the jars that did not, with reasons
 * @param manager PF4J's manager, kept to unload the plugins at exit; null without a folder
 */
public record LoadedPlugins(Path directory, List<InstalledPlugin> plugins, List<SkippedJar> skipped, PluginManager manager)
        implements AutoCloseable {

    /** Stops and unloads every plugin, closing their class loaders. */
    @Override
    public void close() {
        if (manager != null) {
            // unloadPlugins stops each plugin first; PF4J 3.15's stopPlugins trips over its own list
            manager.unloadPlugins();
        }
    }
}
