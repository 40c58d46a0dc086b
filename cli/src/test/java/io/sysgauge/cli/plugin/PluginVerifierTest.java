package io.sysgauge.cli.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysgauge.cli.plugin.PluginVerifier.Verdict;
import io.sysgauge.core.plugin.TestPluginJars;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginVerifierTest {

    @TempDir
    Path work;

    private TestPluginJars jars() {
        return new TestPluginJars(work);
    }

    @Test
    void aGoodJarIsOkWithItsIdVersionRangeAndCollectors() {
        Path jar = jars().plugin("gauge").version("1.2.0").writeTo(work.resolve("in"), "gauge-1.2.0.jar");

        Verdict verdict = PluginVerifier.verify(jar);

        assertThat(verdict.problems()).isEmpty();
        assertThat(verdict.id()).isEqualTo("gauge");
        assertThat(verdict.version()).isEqualTo("1.2.0");
        assertThat(verdict.collectors()).containsExactly("gauge");
    }

    @Test
    void aPluginIdOrCollectorIdThatCannotNameAConfigSectionIsRefused() {
        Path traversal = jars().plugin("../../evil").collectorId("evil").writeTo(work.resolve("a"), "evil.jar");
        Path upper = jars().plugin("gauge").collectorId("Gauge.X").writeTo(work.resolve("b"), "gauge.jar");
        Path long65 = jars().plugin("a".repeat(65)).collectorId("gauge").writeTo(work.resolve("c"), "long.jar");

        assertThat(PluginVerifier.verify(traversal).problems()).containsExactly(
                "its Plugin-Id '../../evil' is not lowercase letters, digits and '-' (such as nvidia or my-accelerator)");
        assertThat(PluginVerifier.verify(upper).problems()).containsExactly("its collector id 'Gauge.X' is not lowercase"
                + " letters, digits and '-' (such as nvidia or my-accelerator): the id names its configuration section");
        assertThat(PluginVerifier.verify(long65).problems()).containsExactly(
                "its Plugin-Id '" + "a".repeat(65) + "' is longer than 64 characters");
    }

    @Test
    void eachMissingManifestEntryIsNamed() {
        for (String entry : new String[] {"Plugin-Id", "Plugin-Version", "Plugin-Requires"}) {
            Path jar = jars().plugin("gauge").omitting(entry).writeTo(work.resolve(entry), "gauge.jar");

            assertThat(PluginVerifier.verify(jar).problems()).as(entry)
                    .anySatisfy(problem -> assertThat(problem).startsWith("its manifest has no " + entry + " entry ("));
        }
    }

    @Test
    void aRangeThatDoesNotAdmitThisSpiIsRefused() {
        Path jar = jars().plugin("future").requires(">=2.0.0 & <3.0.0").writeTo(work.resolve("in"), "future.jar");

        assertThat(PluginVerifier.verify(jar).problems()).containsExactly("it requires platform >=2.0.0 & <3.0.0 but this"
                + " sysgauge provides platform 1.3.0 (SPI 1.3.0, PF4J 3, SLF4J 2, Jackson 2, OSHI 7, JNA 5): build it"
                + " against sysgauge-bom 1.3.0");
    }

    @Test
    void aRangeThatAdmitsThisPlatformPasses() {
        Path jar = jars().plugin("current").requires(">=1.2.0 & <2.0.0").writeTo(work.resolve("in"), "current.jar");

        assertThat(PluginVerifier.verify(jar).problems()).isEmpty();
    }

    @Test
    void aCollectorIdOtherThanThePluginIdIsRefused() {
        Path other = jars().plugin("gauge").collectorId("meter").writeTo(work.resolve("a"), "gauge.jar");
        // A prefix that is not followed by '-' is another name, not a part of this plugin.
        Path prefix = jars().plugin("gauge").collectorId("gauges").writeTo(work.resolve("b"), "gauges.jar");

        Verdict verdict = PluginVerifier.verify(other);

        assertThat(verdict.collectors()).containsExactly("meter");
        assertThat(verdict.ok()).isFalse();
        assertThat(verdict.problems()).containsExactly("its collector id 'meter' differs from its Plugin-Id 'gauge':"
                + " a collector's id is the Plugin-Id, or starts with it and '-' (such as gauge-meter)");
        assertThat(PluginVerifier.verify(prefix).problems()).singleElement().asString()
                .startsWith("its collector id 'gauges' differs from its Plugin-Id 'gauge'");
    }

    @Test
    void aCollectorNamedAfterItsPluginWithASuffixIsAPartOfIt() {
        Path jar = jars().plugin("gauge").collectorId("gauge-mig").writeTo(work.resolve("in"), "gauge.jar");

        Verdict verdict = PluginVerifier.verify(jar);

        assertThat(verdict.problems()).isEmpty();
        assertThat(verdict.collectors()).containsExactly("gauge-mig");
    }

    @Test
    void aMissingOrWrongExtensionIndexIsExplained() {
        Path noIndex = jars().plugin("a").withoutIndex().writeTo(work.resolve("a"), "a.jar");
        Path wrongIndex = jars().plugin("b").indexing("com.example.Gone").writeTo(work.resolve("b"), "b.jar");

        assertThat(PluginVerifier.verify(noIndex).problems()).containsExactly("it has no META-INF/extensions.idx:"
                + " annotate the collector with @Extension and compile with PF4J's annotation processor");
        assertThat(PluginVerifier.verify(wrongIndex).problems())
                .containsExactly("META-INF/extensions.idx names com.example.Gone, which is not in the jar");
    }

    @Test
    void aBundledCopyOfTheSpiIsNamedWithWhatToDo() {
        Path jar = jars().plugin("fat").bundlingTheSpi().writeTo(work.resolve("in"), "fat.jar");

        assertThat(PluginVerifier.verify(jar).problems()).singleElement().asString()
                .startsWith("it bundles its own copy of the sysgauge SPI (")
                .endsWith(" classes under io/sysgauge/spi/); sysgauge shares that from lib/: give the dependency scope"
                        + " provided");
    }

    @Test
    void aCollectorThatCannotBeCreatedFailsTheLoadingCheck() {
        Path jar = jars().plugin("broken").collectorId("broken\" + (1/0) + \"").writeTo(work.resolve("in"), "b.jar");

        assertThat(PluginVerifier.verify(jar).problems()).containsExactly("its collector or exporter could not be created (/ by zero)");
    }

    @Test
    void somethingThatIsNotAJarOrNotThereIsSaidSo() throws IOException {
        Path text = Files.writeString(work.resolve("notes.jar"), "not a jar");

        assertThat(PluginVerifier.verify(text).problems()).singleElement().asString().startsWith("it is not a jar file (");
        assertThat(PluginVerifier.verify(work.resolve("nowhere.jar")).problems())
                .containsExactly("there is no file at " + work.resolve("nowhere.jar"));
    }
}
