package io.sysgauge.cli.plugin;

import io.sysgauge.core.plugin.ContextClassLoader;
import io.sysgauge.core.plugin.InstalledPlugin;
import io.sysgauge.core.plugin.LoadedPlugins;
import io.sysgauge.core.plugin.PlatformMismatch;
import io.sysgauge.core.plugin.PluginIds;
import io.sysgauge.core.plugin.PluginLoader;
import io.sysgauge.spi.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.pf4j.DefaultVersionManager;

/**
 * Checks a plugin jar before it is installed, and says in plain words what is wrong: the manifest
 * entries PF4J needs, a Plugin-Id (and collector ids) of lowercase letters, digits and {@code -},
 * a {@code Plugin-Requires} range that admits this sysgauge's plugin {@link Platform} version, an
 * extension index naming classes the jar has, no copies of the jars sysgauge shares from
 * {@code lib/}, and, when all that holds, that it loads and starts as it would in the plugins
 * folder, with collector ids that belong to its Plugin-Id.
 */
public final class PluginVerifier {

    /**
     * What was found.
     *
     * @param id the Plugin-Id, or null when the manifest has none
     * @param version the Plugin-Version, or null
     * @param requires the Plugin-Requires range, or null
     * @param collectors the ids of the collectors it provides, when it loaded
     * @param exporters the ids of the exporters it provides, when it loaded
     * @param problems what is wrong, one sentence each; empty when the jar is fine
     */
    public record Verdict(String id, String version, String requires, List<String> collectors, List<String> exporters,
            List<String> problems) {

        /** @return whether the jar can be installed */
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private static final Map<String, String> SHARED = new LinkedHashMap<>();

    static {
        SHARED.put("io/sysgauge/spi/", "the sysgauge SPI");
        SHARED.put("org/pf4j/", "PF4J");
        SHARED.put("org/slf4j/", "SLF4J");
        SHARED.put("com/sun/jna/", "JNA");
        SHARED.put("oshi/", "OSHI");
        SHARED.put("com/fasterxml/jackson/", "Jackson");
    }

    private PluginVerifier() {}

    /** @param jar the plugin jar */
    public static Verdict verify(Path jar) {
        List<String> problems = new ArrayList<>();
        if (!Files.isRegularFile(jar)) {
            return new Verdict(null, null, null, List.of(), List.of(), List.of("there is no file at " + jar));
        }
        String id;
        String version;
        String requires;
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            Attributes attributes = manifest == null ? new Attributes() : manifest.getMainAttributes();
            id = required(attributes, "Plugin-Id", "the plugin's id, which names its configuration section", problems);
            version = required(attributes, "Plugin-Version", "the plugin's own version, such as 1.0.0", problems);
            requires = required(attributes, "Plugin-Requires", "the platform versions it was built for, such as"
                    + " >=1.0.0 & <2.0.0", problems);
            checkId(id, problems);
            checkRequires(requires, problems);
            checkIndex(file, problems);
            checkShared(file, problems);
        } catch (IOException e) {
            return new Verdict(null, null, null, List.of(), List.of(), List.of("it is not a jar file (" + e.getMessage() + ")"));
        }
        List<String> collectors = new ArrayList<>();
        List<String> exporters = new ArrayList<>();
        if (problems.isEmpty()) {
            load(jar, collectors, exporters, problems);
        }
        checkIdsBelongTo(id, "collector", collectors, problems);
        checkIdsBelongTo(id, "exporter", exporters, problems);
        return new Verdict(id, version, requires, List.copyOf(collectors), List.copyOf(exporters), List.copyOf(problems));
    }

    private static String required(Attributes attributes, String name, String meaning, List<String> problems) {
        String value = attributes.getValue(name);
        if (value == null || value.isBlank()) {
            problems.add("its manifest has no " + name + " entry (" + meaning + ")");
            return null;
        }
        return value.trim();
    }

    // The id names a config section, an environment variable and, for install, a jar to replace.
    private static void checkId(String id, List<String> problems) {
        String problem = id == null ? null : PluginIds.problem(id);
        if (problem != null) {
            problems.add("its Plugin-Id " + PluginIds.quoted(id) + " " + problem);
        }
    }

    private static void checkRequires(String requires, List<String> problems) {
        if (requires == null) {
            return;
        }
        try {
            if (!new DefaultVersionManager().checkVersionConstraint(Platform.version(), requires)) {
                problems.add(PlatformMismatch.reason(requires) + ": build it against sysgauge-bom " + Platform.version());
            }
        } catch (RuntimeException e) {
            problems.add("its Plugin-Requires '" + requires + "' is not a version range such as >=1.0.0 & <2.0.0");
        }
    }

    // The collector id names the configuration section and the health metrics; the Plugin-Id names the jar
    // and what plugins.disabled matches. Unrelated, an operator reading one cannot find the other. A plugin
    // with several collectors names them <id>-<part>, such as nvidia-mig; exporters likewise. Invalid ids are
    // reported in load().
    private static void checkIdsBelongTo(String pluginId, String kind, List<String> ids, List<String> problems) {
        for (String collector : ids) {
            if (collector != null && PluginIds.problem(collector) == null && !belongsTo(collector, pluginId)) {
                problems.add("its " + kind + " id " + PluginIds.quoted(collector) + " differs from its Plugin-Id "
                        + PluginIds.quoted(pluginId) + ": a" + ("exporter".equals(kind) ? "n " : " ") + kind
                        + "'s id is the Plugin-Id, or starts with it and '-'"
                        + " (such as " + pluginId + "-" + collector + ")");
            }
        }
    }

    private static boolean belongsTo(String collectorId, String pluginId) {
        return collectorId.equals(pluginId) || collectorId.startsWith(pluginId + "-");
    }

    private static void checkIndex(JarFile file, List<String> problems) throws IOException {
        JarEntry index = file.getJarEntry("META-INF/extensions.idx");
        if (index == null) {
            problems.add("it has no META-INF/extensions.idx: annotate the collector with @Extension and compile with"
                    + " PF4J's annotation processor");
            return;
        }
        String text;
        try (InputStream in = file.getInputStream(index)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> classes = text.lines().map(String::trim)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        if (classes.isEmpty()) {
            problems.add("its META-INF/extensions.idx lists no extension");
        }
        for (String className : classes) {
            if (file.getJarEntry(className.replace('.', '/') + ".class") == null) {
                problems.add("META-INF/extensions.idx names " + className + ", which is not in the jar");
            }
        }
    }

    private static void checkShared(JarFile file, List<String> problems) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        file.stream().filter(entry -> entry.getName().endsWith(".class")).forEach(entry -> SHARED.keySet().stream()
                .filter(prefix -> entry.getName().startsWith(prefix)).findFirst()
                .ifPresent(prefix -> counts.merge(prefix, 1, Integer::sum)));
        counts.forEach((prefix, count) -> problems.add("it bundles its own copy of " + SHARED.get(prefix) + " (" + count
                + " classes under " + prefix + "); sysgauge shares that from lib/: give the dependency scope provided"));
    }

    /** Loads the jar as the plugins folder would, alone in a folder of its own; fills in the extensions' ids. */
    private static void load(Path jar, List<String> collectors, List<String> exporters, List<String> problems) {
        Path folder = null;
        try {
            folder = Files.createTempDirectory("sysgauge-verify");
            Files.copy(jar, folder.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            try (LoadedPlugins loaded = new PluginLoader(folder).load()) {
                loaded.skipped().forEach(skipped -> problems.add(skipped.reason()));
                for (InstalledPlugin plugin : loaded.plugins()) {
                    plugin.collectors().forEach(collector ->
                            collectors.add(ContextClassLoader.call(plugin.classLoader(), collector::id)));
                    plugin.exporters().forEach(exporter ->
                            exporters.add(ContextClassLoader.call(plugin.classLoader(), exporter::id)));
                }
                checkIdsAreValid("collector", collectors, problems);
                checkIdsAreValid("exporter", exporters, problems);
            }
        } catch (IOException | RuntimeException | LinkageError e) {
            problems.add("it does not load: " + e);
        } finally {
            delete(folder);
        }
    }

    private static void checkIdsAreValid(String kind, List<String> ids, List<String> problems) {
        for (String id : ids) {
            String problem = id == null ? "is missing" : PluginIds.problem(id);
            if (problem != null) {
                problems.add("its " + kind + " id " + (id == null ? "" : PluginIds.quoted(id) + " ") + problem
                        + ": the id names its configuration section");
            }
        }
    }

    private static void delete(Path folder) {
        if (folder == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // A temporary folder left behind costs nothing but disk.
        }
    }
}
