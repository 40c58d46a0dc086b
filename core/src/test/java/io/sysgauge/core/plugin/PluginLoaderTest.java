package io.sysgauge.core.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysgauge.spi.Probe;
import io.sysgauge.testkit.RecordingWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginLoaderTest {

    @TempDir
    Path tmp;

    private Path pluginsDir() {
        return tmp.resolve("plugins");
    }

    @Test
    void loadsAPluginWithItsManifestFactsAndACollectorThatWorks() throws Exception {
        new TestPluginJars(tmp).plugin("alpha").version("2.3.4").writeTo(pluginsDir(), "alpha.jar");

        try (LoadedPlugins loaded = new PluginLoader(pluginsDir()).load()) {
            assertThat(loaded.skipped()).isEmpty();
            InstalledPlugin plugin = loaded.plugins().get(0);
            assertThat(plugin.id()).isEqualTo("alpha");
            assertThat(plugin.version()).isEqualTo("2.3.4");
            assertThat(plugin.provider()).isEqualTo("tests");
            assertThat(plugin.requires()).isEqualTo(">=1.0.0 & <2.0.0");
            assertThat(plugin.jar().getFileName()).hasToString("alpha.jar");
            assertThat(plugin.collectors()).singleElement().satisfies(collector -> {
                assertThat(collector.id()).isEqualTo("alpha");
                assertThat(collector.getClass().getClassLoader()).isSameAs(plugin.classLoader());
                Probe probe = ContextClassLoader.call(plugin.classLoader(), () -> collector.probe(null));
                assertThat(probe.metadata()).containsEntry("contextLoaderIsPlugin", true);
                RecordingWriter out = new RecordingWriter();
                collector.sample(out);
                assertThat(out.values()).containsEntry("test.alpha.value", 42.0);
            });
        }
    }

    @Test
    void aCorruptJarIsSkippedWithItsNameAndTheOthersLoad() throws Exception {
        TestPluginJars jars = new TestPluginJars(tmp);
        jars.plugin("alpha").writeTo(pluginsDir(), "a-alpha.jar");
        TestPluginJars.writeGarbage(pluginsDir().resolve("b-broken.jar"));
        jars.plugin("gamma").writeTo(pluginsDir(), "c-gamma.jar");

        try (LoadedPlugins loaded = new PluginLoader(pluginsDir()).load()) {
            assertThat(loaded.plugins()).extracting(InstalledPlugin::id).containsExactly("alpha", "gamma");
            assertThat(loaded.skipped()).singleElement().satisfies(skipped -> {
                assertThat(skipped.jar().getFileName()).hasToString("b-broken.jar");
                assertThat(skipped.reason()).startsWith("not a valid plugin jar (");
            });
        }
    }

    @Test
    void twoJarsWithTheSameIdAreBothRefusedNamingEachOther() {
        TestPluginJars jars = new TestPluginJars(tmp);
        jars.plugin("alpha").version("1.0.0").writeTo(pluginsDir(), "alpha-1.0.0.jar");
        jars.plugin("alpha").version("1.1.0").writeTo(pluginsDir(), "alpha-1.1.0.jar");
        jars.plugin("beta").writeTo(pluginsDir(), "beta.jar");

        try (LoadedPlugins loaded = new PluginLoader(pluginsDir()).load()) {
            assertThat(loaded.plugins()).extracting(InstalledPlugin::id).containsExactly("beta");
            assertThat(loaded.skipped()).extracting(skipped -> skipped.jar().getFileName().toString())
                    .containsExactly("alpha-1.0.0.jar", "alpha-1.1.0.jar");
            assertThat(loaded.skipped()).extracting(SkippedJar::reason).containsOnly("plugin id 'alpha' is provided by both"
                    + " alpha-1.0.0.jar and alpha-1.1.0.jar: neither is loaded; remove all but one");
        }
    }

    @Test
    void aPluginIdThatIsNotACollectorIdIsSkippedBeforeLoading() {
        TestPluginJars jars = new TestPluginJars(tmp);
        jars.plugin("../../evil").collectorId("evil").writeTo(pluginsDir(), "evil.jar");
        jars.plugin("Upper").collectorId("upper").writeTo(pluginsDir(), "upper.jar");

        try (LoadedPlugins loaded = new PluginLoader(pluginsDir()).load()) {
            assertThat(loaded.plugins()).isEmpty();
            assertThat(loaded.skipped()).extracting(SkippedJar::reason).containsExactly(
                    "its Plugin-Id '../../evil' is not lowercase letters, digits and '-' (such as nvidia or my-accelerator)",
                    "its Plugin-Id 'Upper' is not lowercase letters, digits and '-' (such as nvidia or my-accelerator)");
        }
    }

    @Test
    void aPluginBuiltForAnotherPlatformMajorVersionIsRefused() {
        new TestPluginJars(tmp).plugin("future").requires(">=2.0.0 & <3.0.0").writeTo(pluginsDir(), "future.jar");

        try (LoadedPlugins loaded = new PluginLoader(pluginsDir()).load()) {
            assertThat(loaded.plugins()).isEmpty();
            assertThat(loaded.skipped()).singleElement().extracting(SkippedJar::reason)
                    .isEqualTo("it requires platform >=2.0.0 & <3.0.0 but this sysgauge provides platform 1.3.0"
                            + " (SPI 1.3.0, PF4J 3, SLF4J 2, Jackson 2, OSHI 7, JNA 5)");
        }
    }

    @Test
    void aJarWithoutAnExtensionIndexIsSkipped() {
        new TestPluginJars(tmp).plugin("silent").withoutIndex().writeTo(pluginsDir(), "silent.jar");

        try (LoadedPlugins loaded = new PluginLoader(pluginsDir()).load()) {
            assertThat(loaded.plugins()).isEmpty();
            assertThat(loaded.skipped()).singleElement().extracting(SkippedJar::reason).asString()
                    .startsWith("it has no usable MetricCollector or MetricExporter");
        }
    }

    @Test
    void aJarBundlingItsOwnCopyOfTheSpiIsSkippedRatherThanHalfLoaded() {
        new TestPluginJars(tmp).plugin("greedy").bundlingTheSpi().writeTo(pluginsDir(), "greedy.jar");

        try (LoadedPlugins loaded = new PluginLoader(pluginsDir()).load()) {
            assertThat(loaded.plugins()).isEmpty();
            assertThat(loaded.skipped()).singleElement().extracting(SkippedJar::reason).asString()
                    .contains("bundled copy of the sysgauge SPI");
        }
    }

    @Test
    void aCollectorWhoseClassFailsToInitialiseCostsItsJarOnly() {
        Path plugins = tmp.resolve("plugins");
        TestPluginJars jars = new TestPluginJars(tmp);
        jars.plugin("broken").collectorId("broken\" + (1/0) + \"").writeTo(plugins, "broken.jar");
        jars.plugin("good").writeTo(plugins, "good.jar");

        try (LoadedPlugins loaded = new PluginLoader(plugins).load()) {
            assertThat(loaded.plugins()).extracting(InstalledPlugin::id).containsExactly("good");
            assertThat(loaded.skipped()).singleElement()
                    .satisfies(skipped -> assertThat(skipped.reason()).isEqualTo("its collector or exporter could not be created (/ by zero)"));
        }
    }

    @Test
    void aMissingFolderMeansNoPlugins() {
        try (LoadedPlugins loaded = new PluginLoader(tmp.resolve("nowhere")).load()) {
            assertThat(loaded.plugins()).isEmpty();
            assertThat(loaded.skipped()).isEmpty();
        }
    }
}
