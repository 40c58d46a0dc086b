package io.sysgauge.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysgauge.distribution.Distribution.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
                .anyMatch(line -> line.startsWith("sysgauge-plugin-nvidia-0.1.0.jar: plugin nvidia 0.1.0 (SPI >=1.2.0 & <2.0.0),"
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
}
