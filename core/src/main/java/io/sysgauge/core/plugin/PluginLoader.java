package io.sysgauge.core.plugin;

import io.sysgauge.spi.MetricCollector;
import io.sysgauge.spi.SpiVersion;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.pf4j.JarPluginManager;
import org.pf4j.ManifestPluginDescriptorFinder;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginManager;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the plugin jars of one folder with PF4J, one jar at a time, so that a corrupt jar, one
 * built for another SPI major version, or a second jar with the same {@code Plugin-Id} is
 * skipped with one warning naming the file while the others load.
 */
public final class PluginLoader {

    private static final Logger logger = LoggerFactory.getLogger(PluginLoader.class);

    private final Path directory;

    /** @param directory the plugins folder */
    public PluginLoader(Path directory) {
        this.directory = directory;
    }

    /** @return the plugins that loaded and the jars that were skipped */
    public LoadedPlugins load() {
        if (!Files.isDirectory(directory)) {
            logger.debug("no plugins folder at {}", directory);
            return new LoadedPlugins(directory, List.of(), List.of(), null);
        }
        PluginManager manager = new JarPluginManager(directory);
        manager.setSystemVersion(SpiVersion.current());
        ManifestPluginDescriptorFinder manifests = new ManifestPluginDescriptorFinder();
        List<InstalledPlugin> plugins = new ArrayList<>();
        List<SkippedJar> skipped = new ArrayList<>();
        Map<String, Path> jarById = new HashMap<>();
        for (Path jar : jars()) {
            String problem;
            try {
                PluginDescriptor descriptor = manifests.find(jar);
                Path owner = jarById.get(descriptor.getPluginId());
                problem = owner != null
                        ? "plugin id '" + descriptor.getPluginId() + "' is already provided by " + owner.getFileName()
                        : load(manager, jar, plugins);
                if (problem == null) {
                    jarById.put(descriptor.getPluginId(), jar);
                }
            } catch (RuntimeException e) {
                problem = "not a valid plugin jar (" + rootMessage(e) + ")";
            }
            if (problem != null) {
                logger.warn("skipping plugin {}: {}", jar, problem);
                skipped.add(new SkippedJar(jar, problem));
            }
        }
        return new LoadedPlugins(directory, List.copyOf(plugins), List.copyOf(skipped), manager);
    }

    // Returns null when loaded, else why not.
    private static String load(PluginManager manager, Path jar, List<InstalledPlugin> plugins) {
        String id = manager.loadPlugin(jar);
        PluginWrapper wrapper = manager.getPlugin(id);
        PluginDescriptor descriptor = wrapper.getDescriptor();
        if (wrapper.getPluginState() == PluginState.DISABLED && wrapper.getFailedException() != null) {
            manager.unloadPlugin(id);
            return "it requires SPI " + descriptor.getRequires() + " but this sysgauge provides SPI " + SpiVersion.current();
        }
        if (wrapper.getPluginState() == PluginState.DISABLED) {
            manager.unloadPlugin(id);
            return "disabled in " + jar.resolveSibling("disabled.txt").getFileName();
        }
        PluginState state = manager.startPlugin(id);
        if (state != PluginState.STARTED) {
            Throwable failure = wrapper.getFailedException();
            manager.unloadPlugin(id);
            return "it failed to start" + (failure == null ? "" : " (" + rootMessage(failure) + ")");
        }
        ClassLoader loader = wrapper.getPluginClassLoader();
        List<MetricCollector> collectors;
        try {
            collectors = ContextClassLoader.call(loader, () -> manager.getExtensions(MetricCollector.class, id));
        } catch (RuntimeException | LinkageError e) {
            // A collector whose class fails to initialise throws an Error from PF4J: it costs this jar only.
            manager.unloadPlugin(id);
            return "its collector could not be created (" + rootMessage(e) + ")";
        }
        if (collectors.isEmpty()) {
            manager.unloadPlugin(id);
            return "it has no usable MetricCollector (no META-INF/extensions.idx entry, a constructor that failed,"
                    + " or a bundled copy of the sysgauge SPI)";
        }
        plugins.add(new InstalledPlugin(id, descriptor.getVersion(), descriptor.getProvider(), descriptor.getRequires(),
                descriptor.getPluginDescription(), jar, loader, List.copyOf(collectors)));
        return null;
    }

    private List<Path> jars() {
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, "*.jar")) {
            entries.forEach(jars::add);
        } catch (IOException e) {
            logger.warn("cannot list plugins folder {}: {}", directory, e.getMessage());
        }
        jars.sort(null);
        return jars;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
    }
}
