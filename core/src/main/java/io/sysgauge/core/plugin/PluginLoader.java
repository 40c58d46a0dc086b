package io.sysgauge.core.plugin;

import io.sysgauge.spi.MetricCollector;
import io.sysgauge.spi.MetricExporter;
import io.sysgauge.spi.Platform;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
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
 * built for another SPI major version, or one whose {@code Plugin-Id} is not a valid id is
 * skipped with one warning naming the file while the others load (a major version is a plugin
 * {@link Platform} version: the SPI and the libraries sysgauge shares). Two jars with the same
 * {@code Plugin-Id} are an error naming both, and neither loads: which one won would otherwise
 * depend on the order of file names.
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
            logger.warn("no plugins folder at {}: only the host collectors run (set plugins.dir to the folder of"
                    + " plugin jars)", directory.toAbsolutePath().normalize());
            return new LoadedPlugins(directory, List.of(), List.of(), null);
        }
        PluginManager manager = new JarPluginManager(directory);
        // Plugin-Requires is a range on the plugin platform's version (the SPI's, see Platform).
        manager.setSystemVersion(Platform.version());
        List<InstalledPlugin> plugins = new ArrayList<>();
        List<SkippedJar> skipped = new ArrayList<>();
        Map<Path, String> idByJar = new LinkedHashMap<>();
        for (Path jar : jars()) {
            String problem = readId(jar, idByJar);
            if (problem != null) {
                skip(jar, problem, skipped);
            }
        }
        // Two jars with one id: which one wins would depend on file names, so neither loads.
        Map<String, List<Path>> jarsById = new LinkedHashMap<>();
        idByJar.forEach((jar, id) -> jarsById.computeIfAbsent(id, key -> new ArrayList<>()).add(jar));
        jarsById.forEach((id, jars) -> {
            if (jars.size() > 1) {
                String names = jars.stream().map(jar -> jar.getFileName().toString()).collect(Collectors.joining(" and "));
                logger.error("plugin id '{}' is provided by both {}: neither is loaded; remove all but one from {}", id,
                        names, directory);
                jars.forEach(jar -> skipped.add(new SkippedJar(jar, "plugin id '" + id + "' is provided by both " + names
                        + ": neither is loaded; remove all but one")));
            }
        });
        for (Map.Entry<Path, String> entry : idByJar.entrySet()) {
            Path jar = entry.getKey();
            if (jarsById.get(entry.getValue()).size() > 1) {
                continue;
            }
            String problem;
            try {
                problem = load(manager, jar, plugins);
            } catch (RuntimeException e) {
                problem = "not a valid plugin jar (" + rootMessage(e) + ")";
            }
            if (problem != null) {
                skip(jar, problem, skipped);
            }
        }
        skipped.sort(Comparator.comparing(SkippedJar::jar));
        return new LoadedPlugins(directory, List.copyOf(plugins), List.copyOf(skipped), manager);
    }

    // Returns null when the jar has a valid Plugin-Id (recorded in idByJar), else why not.
    private static String readId(Path jar, Map<Path, String> idByJar) {
        PluginDescriptor descriptor;
        try {
            descriptor = new ManifestPluginDescriptorFinder().find(jar);
        } catch (RuntimeException e) {
            return "not a valid plugin jar (" + rootMessage(e) + ")";
        }
        String id = descriptor.getPluginId();
        if (id == null || id.isBlank()) {
            return "not a valid plugin jar (its manifest has no Plugin-Id)";
        }
        String problem = PluginIds.problem(id);
        if (problem != null) {
            return "its Plugin-Id " + PluginIds.quoted(id) + " " + problem;
        }
        idByJar.put(jar, id);
        return null;
    }

    private static void skip(Path jar, String problem, List<SkippedJar> skipped) {
        logger.warn("skipping plugin {}: {}", jar, problem);
        skipped.add(new SkippedJar(jar, problem));
    }

    // Returns null when loaded, else why not.
    private static String load(PluginManager manager, Path jar, List<InstalledPlugin> plugins) {
        String id = manager.loadPlugin(jar);
        PluginWrapper wrapper = manager.getPlugin(id);
        PluginDescriptor descriptor = wrapper.getDescriptor();
        if (wrapper.getPluginState() == PluginState.DISABLED && wrapper.getFailedException() != null) {
            manager.unloadPlugin(id);
            return PlatformMismatch.reason(descriptor.getRequires());
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
        List<MetricExporter> exporters;
        try {
            collectors = ContextClassLoader.call(loader, () -> manager.getExtensions(MetricCollector.class, id));
            exporters = ContextClassLoader.call(loader, () -> manager.getExtensions(MetricExporter.class, id));
        } catch (RuntimeException | LinkageError e) {
            // An extension whose class fails to initialise throws an Error from PF4J: it costs this jar only.
            manager.unloadPlugin(id);
            return "its collector or exporter could not be created (" + rootMessage(e) + ")";
        }
        if (collectors.isEmpty() && exporters.isEmpty()) {
            manager.unloadPlugin(id);
            return "it has no usable MetricCollector or MetricExporter (no META-INF/extensions.idx entry, a constructor"
                    + " that failed, or a bundled copy of the sysgauge SPI)";
        }
        plugins.add(new InstalledPlugin(id, descriptor.getVersion(), descriptor.getProvider(), descriptor.getRequires(),
                descriptor.getPluginDescription(), jar, loader, List.copyOf(collectors), List.copyOf(exporters)));
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
