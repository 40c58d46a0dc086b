package io.sysgauge.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sysgauge.distribution.Distribution.Result;
import io.sysgauge.spi.Platform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example out-of-tree plugin (examples/hwmon-plugin, built from docs/writing-a-plugin.md) as
 * its author and an operator meet it: verified, installed, listed, and read by {@code once} from
 * a host sysfs mounted elsewhere, as in a container.
 */
class HwmonExampleIT {

    private static final Path EXAMPLE_JAR = Path.of(System.getProperty("sysgauge.example.jar"));

    @TempDir
    Path work;

    @Test
    void theExamplePluginVerifiesInstallsAndReportsTheSensorsOfTheSysfsItIsPointedAt() throws Exception {
        Path plugins = Files.createDirectories(work.resolve("plugins")); // install needs an existing folder
        Path hostSys = work.resolve("host-sys");
        Path chip = Files.createDirectories(hostSys.resolve("class/hwmon/hwmon4"));
        Files.writeString(chip.resolve("name"), "k10temp\n");
        Files.writeString(chip.resolve("temp1_input"), "48625\n");
        Files.writeString(chip.resolve("temp1_label"), "Tctl\n");

        Result verify = Distribution.run(work, "plugins", "verify", EXAMPLE_JAR.toString());
        Result install = Distribution.run(work, "plugins", "install", EXAMPLE_JAR.toString(),
                "--set", "plugins.dir=" + plugins);
        Result list = Distribution.run(work, "plugins", "--set", "plugins.dir=" + plugins,
                "--set", "hwmon.sysfs=" + hostSys);
        Result once = Distribution.run(work, "once", "--format", "json", "--set", "plugins.dir=" + plugins,
                "--set", "hwmon.sysfs=" + hostSys);

        assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
        assertThat(verify.out()).isEqualTo("sysgauge-plugin-hwmon-0.1.0.jar: plugin hwmon 0.1.0 (platform >=1.2.0 & <2.0.0),"
                + " collector hwmon: OK\n");
        assertThat(install.exitCode()).as(install.err()).isZero();
        assertThat(plugins.resolve(EXAMPLE_JAR.getFileName())).exists();
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out().lines()).anyMatch(line -> line.matches("hwmon\\s+0\\.1\\.0\\s+present\\s.*"));
        assertThat(once.exitCode()).as(once.err()).isZero();
        JsonNode values = new ObjectMapper().readTree(once.out());
        assertThat(values.path("hwmon.k10temp.temp1").asDouble()).isEqualTo(48.625);
        assertThat(values.path("sysgauge.collector.hwmon.up").asDouble()).isEqualTo(1.0);
    }

    @Test
    void theGuideShowsTheExamplesPomAsItIs() throws Exception {
        Path example = EXAMPLE_JAR.getParent().getParent();
        String pom = Files.readString(example.resolve("pom.xml"));
        String guide = Files.readString(example.resolve("../../docs/writing-a-plugin.md"));

        // From <project> on: the guide leaves out the XML declaration, nothing else.
        assertThat(guide).as("docs/writing-a-plugin.md shows examples/hwmon-plugin/pom.xml")
                .contains("```xml\n" + pom.substring(pom.indexOf("<project")) + "```\n");
        assertThat(pom).doesNotContain("<parent>").contains("<artifactId>sysgauge-bom</artifactId>");
    }

    // The examples have no parent, so their platform version is written out; one left behind imports a BOM that
    // only a Maven repository holding an old install can give, and a clean clone cannot even read the reactor.
    @Test
    void everyExampleBuildsAgainstThisPlatform() throws Exception {
        Path examples = EXAMPLE_JAR.getParent().getParent().getParent();
        try (Stream<Path> folders = Files.list(examples)) {
            List<Path> poms = folders.map(folder -> folder.resolve("pom.xml")).filter(Files::exists).toList();
            assertThat(poms).hasSizeGreaterThanOrEqualTo(2);
            for (Path pom : poms) {
                assertThat(Files.readString(pom)).as(pom.toString())
                        .contains("<sysgauge.platform.version>" + Platform.version() + "</sysgauge.platform.version>");
            }
        }
    }

    @Test
    void withoutSensorsThePluginIsListedAbsentWithTheReason() throws Exception {
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        Files.copy(EXAMPLE_JAR, plugins.resolve(EXAMPLE_JAR.getFileName()));
        Path emptySys = Files.createDirectories(work.resolve("empty-sys"));

        Result list = Distribution.run(work, "plugins", "--set", "plugins.dir=" + plugins,
                "--set", "hwmon.sysfs=" + emptySys);

        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).contains("hwmon   0.1.0    absent  no " + emptySys.resolve("class/hwmon")
                + " on this machine");
    }
}
