package io.sysgauge.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysgauge.distribution.Distribution.Result;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sysgauge plugins verify} and {@code plugins install} as a plugin author or an operator runs them. */
class PluginsVerifyIT {

    @TempDir
    Path work;

    @Test
    void everyPluginWeShipVerifies() throws Exception {
        List<String> arguments = new ArrayList<>(List.of("plugins", "verify"));
        Distribution.pluginJars().forEach(jar -> arguments.add(jar.toString()));

        Result result = Distribution.run(work, arguments.toArray(String[]::new));

        assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
        assertThat(result.out().lines()).hasSize(Distribution.PLUGIN_IDS.size())
                .allMatch(line -> line.endsWith(": OK"))
                .anyMatch(line -> line.startsWith("sysgauge-plugin-nvidia-0.1.0.jar: plugin nvidia 0.1.0 (platform >=1.3.0 & <2.0.0),"
                        + " collector nvidia: OK"));
    }

    @Test
    void aJarThatIsNoPluginIsRefusedWithTheReasonAndExitCode1() throws Exception {
        Path notAPlugin = Files.writeString(work.resolve("gpu-tool.jar"), "#!/bin/sh\n");

        Result verify = Distribution.run(work, "plugins", "verify", notAPlugin.toString());
        Result install = Distribution.run(work, "plugins", "install", notAPlugin.toString(),
                "--set", "plugins.dir=" + work.resolve("plugins"));

        assertThat(verify.exitCode()).isEqualTo(1);
        assertThat(verify.out()).startsWith("gpu-tool.jar: not installable:\n  - it is not a jar file (");
        assertThat(install.exitCode()).isEqualTo(1);
        assertThat(work.resolve("plugins")).doesNotExist();
    }

    @Test
    void installCopiesAVerifiedJarInPlaceOfTheOlderVersion() throws Exception {
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        Path shipped = Distribution.pluginJars().stream()
                .filter(jar -> jar.getFileName().toString().startsWith("sysgauge-plugin-amd-")).findFirst().orElseThrow();
        Files.copy(shipped, plugins.resolve("sysgauge-plugin-amd-0.0.9.jar"));

        Result result = Distribution.run(work, "plugins", "install", shipped.toString(), "--set", "plugins.dir=" + plugins);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).endsWith("installed " + shipped.getFileName() + " into " + plugins
                + " (replacing sysgauge-plugin-amd-0.0.9.jar)\n");
        try (var files = Files.list(plugins)) {
            assertThat(files.map(file -> file.getFileName().toString())).containsExactly(shipped.getFileName().toString());
        }
    }

    @Test
    void aPluginIdThatIsNoIdIsRefusedByVerifyInstallAndTheLoader() throws Exception {
        Path evil = withManifestEntry(shipped("amd"), work.resolve("evil.jar"), "Plugin-Id", "../../evil");
        Path plugins = Files.createDirectories(work.resolve("plugins"));

        Result verify = Distribution.run(work, "plugins", "verify", evil.toString());
        Result install = Distribution.run(work, "plugins", "install", evil.toString(), "--set", "plugins.dir=" + plugins);
        boolean installedNothing;
        try (var files = Files.list(plugins)) {
            installedNothing = files.findAny().isEmpty();
        }
        // as an operator copying it by hand would (over the copy install should not have made)
        Files.copy(evil, plugins.resolve("evil.jar"), StandardCopyOption.REPLACE_EXISTING);
        Result list = Distribution.run(work, "plugins", "--set", "plugins.dir=" + plugins);

        String reason = "its Plugin-Id '../../evil' is not lowercase letters, digits and '-' (such as nvidia or my-accelerator)";
        assertThat(verify.exitCode()).isEqualTo(1);
        assertThat(verify.out()).isEqualTo("evil.jar: not installable:\n  - " + reason + "\n");
        assertThat(install.exitCode()).isEqualTo(1);
        assertThat(installedNothing).as("install copied nothing").isTrue();
        assertThat(list.exitCode()).isZero();
        assertThat(list.out()).contains("No plugins installed").endsWith("Skipped evil.jar: " + reason + "\n");
    }

    @Test
    void aJarWhoseCollectorIdIsNotItsPluginIdIsRefusedByVerifyAndInstall() throws Exception {
        // The amd plugin's collector says "amd"; this manifest says the plugin is "gpu-stats".
        Path renamed = withManifestEntry(shipped("amd"), work.resolve("gpu-stats.jar"), "Plugin-Id", "gpu-stats");
        Path plugins = Files.createDirectories(work.resolve("plugins"));

        Result verify = Distribution.run(work, "plugins", "verify", renamed.toString());
        Result install = Distribution.run(work, "plugins", "install", renamed.toString(), "--set", "plugins.dir=" + plugins);

        assertThat(verify.exitCode()).as(verify.err()).isEqualTo(1);
        assertThat(verify.out()).isEqualTo("gpu-stats.jar: not installable:\n  - its collector id 'amd' differs from its"
                + " Plugin-Id 'gpu-stats': a collector's id is the Plugin-Id, or starts with it and '-' (such as"
                + " gpu-stats-amd)\n");
        assertThat(install.exitCode()).isEqualTo(1);
        try (var files = Files.list(plugins)) {
            assertThat(files).as("install copied nothing").isEmpty();
        }
    }

    @Test
    void aJarBuiltForAnotherPlatformIsRefusedByVerifyAndSkippedByTheLoaderNamingThisPlatform() throws Exception {
        Path future = withManifestEntry(shipped("amd"), work.resolve("amd-next.jar"), "Plugin-Requires", ">=2.0.0 & <3.0.0");
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        Files.copy(future, plugins.resolve(future.getFileName()));

        Result verify = Distribution.run(work, "plugins", "verify", future.toString());
        Result list = Distribution.run(work, "plugins", "--set", "plugins.dir=" + plugins);

        String platform = "platform 1.3.0 (SPI 1.3.0, PF4J 3, SLF4J 2, Jackson 2, OSHI 7, JNA 5)";
        assertThat(verify.exitCode()).as(verify.err()).isEqualTo(1);
        assertThat(verify.out()).isEqualTo("amd-next.jar: not installable:\n  - it requires platform >=2.0.0 & <3.0.0 but"
                + " this sysgauge provides " + platform + ": build it against sysgauge-bom 1.3.0\n");
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).contains("No plugins installed")
                .endsWith("Skipped amd-next.jar: it requires platform >=2.0.0 & <3.0.0 but this sysgauge provides " + platform
                        + "\n");
    }

    @Test
    void twoJarsWithOneIdAreAnErrorNamingBothAndNeitherLoads() throws Exception {
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        Path real = Files.copy(shipped("nvidia"), plugins.resolve(shipped("nvidia").getFileName()));
        Files.copy(real, plugins.resolve("dup-nvidia.jar"));

        Result list = Distribution.run(work, "plugins", "--format", "json", "--set", "plugins.dir=" + plugins);

        assertThat(list.exitCode()).as(list.err()).isZero();
        String both = "plugin id 'nvidia' is provided by both dup-nvidia.jar and " + real.getFileName() + ": neither is loaded";
        assertThat(list.err().lines().filter(line -> line.contains("plugin id 'nvidia'")))
                .containsExactly("ERROR " + both + "; remove all but one from " + plugins);
        JsonNode report = new ObjectMapper().readTree(list.out());
        assertThat(report.get("plugins")).isEmpty();
        assertThat(report.get("skipped_plugins").findValuesAsText("reason")).containsExactly(both + "; remove all but one",
                both + "; remove all but one");
    }

    @Test
    void installRefusesAPluginsFolderThatDoesNotExist() throws Exception {
        Path typo = work.resolve("plugnis");

        Result install = Distribution.run(work, "plugins", "install", shipped("amd").toString(), "--set", "plugins.dir=" + typo);

        assertThat(install.exitCode()).isEqualTo(2);
        assertThat(install.err()).isEqualTo("sysgauge: the plugins folder " + typo + " (plugins.dir) does not exist: create it"
                + " first, or set plugins.dir to the folder sysgauge loads plugins from\n");
        assertThat(typo).doesNotExist();
    }

    @Test
    void aMissingPluginsFolderAndUnknownDisabledIdsGetOneWarningEach() throws Exception {
        Path missing = work.resolve("no-such-plugins");

        Result bare = Distribution.run(work, "plugins", "--set", "plugins.dir=" + missing,
                "--set", "plugins.disabled=[nope, nvidia]");
        Result listed = Distribution.run(work, "plugins", "--set", "plugins.disabled=[nope]");

        assertThat(bare.exitCode()).as(bare.err()).isZero();
        assertThat(bare.err().lines().toList()).containsExactly(
                "WARN no plugins folder at " + missing + ": only the host collectors run (set plugins.dir to the folder of"
                        + " plugin jars)",
                "WARN plugins.disabled names 'nope', 'nvidia', which no installed plugin has (none is installed):"
                        + " they disable nothing");
        assertThat(listed.exitCode()).as(listed.err()).isZero();
        assertThat(listed.err().lines().filter(line -> line.contains("plugins.disabled"))).containsExactly(
                "WARN plugins.disabled names 'nope', which no installed plugin has (installed: "
                        + String.join(", ", new java.util.TreeSet<>(Distribution.PLUGIN_IDS)) + "): it disables nothing");
    }

    private static Path shipped(String family) throws Exception {
        return Distribution.pluginJars().stream()
                .filter(jar -> jar.getFileName().toString().startsWith("sysgauge-plugin-" + family + "-")).findFirst().orElseThrow();
    }

    // A copy of a real plugin jar with one manifest entry changed: what a careless or hostile author ships.
    private static Path withManifestEntry(Path source, Path target, String name, String value) throws Exception {
        try (JarFile in = new JarFile(source.toFile())) {
            Manifest manifest = new Manifest(in.getManifest());
            manifest.getMainAttributes().putValue(name, value);
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(target), manifest)) {
                for (JarEntry entry : Collections.list(in.entries())) {
                    if (entry.getName().equalsIgnoreCase("META-INF/MANIFEST.MF")) {
                        continue;
                    }
                    out.putNextEntry(new JarEntry(entry.getName()));
                    try (InputStream content = in.getInputStream(entry)) {
                        content.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
        }
        return target;
    }
}
