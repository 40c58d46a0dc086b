package io.sysgauge.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysgauge.core.plugin.InstalledPlugin;
import io.sysgauge.core.plugin.LoadedPlugins;
import io.sysgauge.core.plugin.PluginLoader;
import io.sysgauge.spi.MetricCollector;
import io.sysgauge.spi.MetricExporter;
import io.sysgauge.spi.Platform;
import io.sysgauge.spi.SpiVersion;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.pf4j.DefaultVersionManager;

/** Every plugin jar the distribution ships, opened and checked as PF4J and core will read it. */
class PluginJarsIT {

    private static final Pattern FILE_NAME = Pattern.compile("sysgauge-(plugin|exporter)-([a-z]+)-(\\d+\\.\\d+\\.\\d+.*)\\.jar");
    // What lib/ ships once; a second copy inside a plugin breaks discovery or native loading.
    private static final List<String> SHARED_PACKAGES = List.of(
            "io/sysgauge/spi/", "io/sysgauge/core/", "org/pf4j/", "org/slf4j/", "com/sun/jna/", "oshi/", "com/fasterxml/jackson/");

    @Test
    void theSevenFamiliesAndThePrometheusExporterAreInstalled() throws IOException {
        assertThat(Distribution.pluginJars()).extracting(jar -> familyOf(jar)).containsExactlyElementsOf(Distribution.PLUGIN_IDS);
    }

    @Test
    void manifestsCarryThePluginsOwnVersionAndAnSpiRangeThisCoreSatisfies() throws IOException {
        for (Path path : Distribution.pluginJars()) {
            Matcher name = FILE_NAME.matcher(path.getFileName().toString());
            assertThat(name.matches()).as(path.toString()).isTrue();
            try (JarFile jar = new JarFile(path.toFile())) {
                Attributes manifest = jar.getManifest().getMainAttributes();
                String id = name.group(2);
                assertThat(manifest.getValue("Plugin-Id")).as(path + " Plugin-Id").isEqualTo(id);
                assertThat(manifest.getValue("Plugin-Version")).as(path + " Plugin-Version")
                        .isEqualTo(name.group(3))
                        .isEqualTo(pomVersion(jar, "sysgauge-" + name.group(1) + "-" + id));
                assertThat(manifest.getValue("Plugin-Provider")).as(path + " Plugin-Provider").isNotBlank();
                String requires = manifest.getValue("Plugin-Requires");
                assertThat(new DefaultVersionManager().checkVersionConstraint(SpiVersion.current(), requires))
                        .as(path + " Plugin-Requires " + requires + " admits SPI " + SpiVersion.current()).isTrue();
                assertThat(new DefaultVersionManager().checkVersionConstraint("2.0.0", requires))
                        .as(path + " refuses the next SPI major version").isFalse();
            }
        }
    }

    @Test
    void extensionIndexesNameCollectorsOrExportersInsideTheJar() throws IOException, ClassNotFoundException {
        for (Path path : Distribution.pluginJars()) {
            List<String> classNames;
            try (JarFile jar = new JarFile(path.toFile())) {
                JarEntry index = jar.getJarEntry("META-INF/extensions.idx");
                assertThat(index).as(path + " has META-INF/extensions.idx").isNotNull();
                try (InputStream in = jar.getInputStream(index)) {
                    classNames = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                            .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
                }
                assertThat(classNames).as(path + " index").isNotEmpty();
                for (String className : classNames) {
                    assertThat(jar.getJarEntry(className.replace('.', '/') + ".class")).as(className + " in " + path).isNotNull();
                }
            }
            try (URLClassLoader loader = new URLClassLoader(new URL[] {path.toUri().toURL()}, getClass().getClassLoader())) {
                for (String className : classNames) {
                    Class<?> extension = Class.forName(className, false, loader);
                    assertThat(MetricCollector.class.isAssignableFrom(extension)
                            || MetricExporter.class.isAssignableFrom(extension))
                            .as(className + " is a MetricCollector or a MetricExporter").isTrue();
                }
            }
        }
    }

    @Test
    void noJarCarriesItsOwnCopyOfWhatLibShips() throws IOException {
        for (Path path : Distribution.pluginJars()) {
            try (JarFile jar = new JarFile(path.toFile())) {
                List<String> copies = Collections.list(jar.entries()).stream().map(JarEntry::getName)
                        .filter(entry -> SHARED_PACKAGES.stream().anyMatch(entry::startsWith)).toList();
                assertThat(copies).as(path + " bundles shared classes").isEmpty();
            }
        }
    }

    @Test
    void libShipsThePlatformItAnnounces() {
        // The jar that carries each shared library's version: what plugins compile against in provided scope.
        Map<String, String> jarOf = Map.of("PF4J", "pf4j", "SLF4J", "slf4j-api", "Jackson", "jackson-databind",
                "OSHI", "oshi-core", "JNA", "jna-jpms");
        Path lib = Distribution.home().resolve("lib");

        assertThat(lib.resolve("sysgauge-spi-" + Platform.version() + ".jar")).as("the SPI of the platform").exists();
        assertThat(Platform.sharedLibraries()).hasSameSizeAs(jarOf);
        Platform.sharedLibraries().forEach((name, version) -> assertThat(Files.exists(lib.resolve(jarOf.get(name) + "-"
                + version + ".jar"))).as("lib/ has %s %s, as Platform says", name, version).isTrue());
    }

    @Test
    void coreLoadsEveryShippedJar() {
        try (LoadedPlugins loaded = new PluginLoader(Distribution.home().resolve("plugins")).load()) {
            assertThat(loaded.skipped()).isEmpty();
            assertThat(loaded.plugins()).extracting(InstalledPlugin::id).containsExactlyElementsOf(Distribution.PLUGIN_IDS);
            for (InstalledPlugin plugin : loaded.plugins()) {
                boolean exporter = Distribution.EXPORTER_IDS.contains(plugin.id());
                assertThat(plugin.collectors()).extracting(MetricCollector::id)
                        .containsExactlyElementsOf(exporter ? List.of() : List.of(plugin.id()));
                assertThat(plugin.exporters()).extracting(MetricExporter::id)
                        .containsExactlyElementsOf(exporter ? List.of(plugin.id()) : List.of());
            }
        }
    }

    private static String familyOf(Path jar) {
        Matcher name = FILE_NAME.matcher(jar.getFileName().toString());
        return name.matches() ? name.group(2) : jar.getFileName().toString();
    }

    private static String pomVersion(JarFile jar, String artifactId) throws IOException {
        JarEntry entry = jar.getJarEntry("META-INF/maven/io.sysgauge/" + artifactId + "/pom.properties");
        assertThat(entry).as("pom.properties of " + artifactId).isNotNull();
        Properties properties = new Properties();
        try (InputStream in = jar.getInputStream(entry)) {
            properties.load(in);
        }
        return properties.getProperty("version");
    }
}
