package io.sysgauge.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sysgauge.distribution.Distribution.Result;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher with the ipu plugin running a fake gc-info, which prints plugin-ipu's fixtures: a
 * real partition listing, real device dumps of an IPU-M2000 and a C600, and written dumps of a
 * four-IPU partition, with the pid of a process this test starts as the user of one IPU.
 */
class IpuPluginIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    // The user process ids printed for the other IPUs: another job's, and the one in the real C600 dump.
    private static final List<Long> OTHER_USERS = List.of(4243L, 5151L, 1262065L);

    @TempDir
    Path work;

    private Process watched;

    @BeforeEach
    void startTheWatchedProcess() throws IOException {
        watched = new ProcessBuilder("sleep", "60").start();
        assumeThat(OTHER_USERS).as("the watched process has a pid of its own").doesNotContain(watched.pid());
    }

    @AfterEach
    void stopTheWatchedProcess() {
        watched.destroy();
    }

    @Test
    void onceWritesTheWatchedProcesssIpuUnderTheSeedsKeysAndLeavesTheOthersOut() throws Exception {
        Path gcInfo = tool("gc-info", """
                case "$*" in
                  "--list-devices") cat %s ;;
                  "--device-id 0 --device-info") cat %s; echo "user process id: %d" ;;
                  "--device-id 1 --device-info") sed 's/^  id: 0$/  id: 1/' %s ;;
                  "--device-id 2 --device-info") cat %s ;;
                  "--device-id 3 --device-info") cat %s ;;
                  *) echo "gc-info: unexpected arguments $*" >&2; exit 2 ;;
                esac
                """.formatted(fixture("gc-info-list-devices-pod.txt"), fixture("gc-info-device-info-m2000.txt"),
                watched.pid(), fixture("gc-info-device-info-c600.txt"), fixture("gc-info-device-info-pod4-ipu2.txt"),
                fixture("gc-info-device-info-pod4-ipu3.txt")));

        Result result = Distribution.run(work, "once", "--format", "json", "--pid", Long.toString(watched.pid()),
                "--set", "ipu.detect=force", "--set", "ipu.gcInfo=" + gcInfo);

        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode sample = JSON.readTree(result.out());
        // The real M2000 dump: temperatures and power N/A, so no key for them; version strings are no numbers.
        assertThat(ipuKeys(sample)).containsExactlyInAnyOrder("ipu.0.id", "ipu.0.board ipu index", "ipu.0.clock (MHz)",
                "ipu.0.config domain", "ipu.0.firmware major version", "ipu.0.firmware minor version",
                "ipu.0.firmware patch version", "ipu.0.hexoatt active size (bytes)", "ipu.0.hexoatt total size (bytes)",
                "ipu.0.hexopt active size (bytes)", "ipu.0.hexopt total size (bytes)",
                "ipu.0.host link correctable error count", "ipu.0.ipu utilisation (%)",
                "ipu.0.ipu utilisation (session) (%)", "ipu.0.ipuof routing id", "ipu.0.link correctable error count",
                "ipu.0.link speed (GT/s)", "ipu.0.link width", "ipu.0.number of replicas", "ipu.0.pci id",
                "ipu.0.pcie physical slot", "ipu.0.remote buffers supported", "ipu.0.user process id");
        assertThat(sample.get("ipu.0.clock (MHz)").asDouble()).isEqualTo(1330.0);
        assertThat(sample.get("ipu.0.link speed (GT/s)").asDouble()).isEqualTo(16.0);
        assertThat(sample.get("ipu.0.ipu utilisation (%)").asDouble()).isEqualTo(0.0);
        assertThat(sample.get("ipu.0.hexoatt total size (bytes)").asDouble()).isEqualTo(34_082_914_304.0);
        assertThat(sample.get("ipu.0.user process id").asDouble()).isEqualTo(watched.pid());
    }

    @Test
    void withoutAWatchedProcessNoIpuIsReported() throws Exception {
        Path gcInfo = tool("gc-info", """
                case "$*" in
                  "--list-devices") cat %s ;;
                  *) cat %s ;;
                esac
                """.formatted(fixture("gc-info-list-devices-pod.txt"), fixture("gc-info-device-info-c600.txt")));

        Result result = Distribution.run(work, "once", "--format", "json", "--set", "ipu.detect=force",
                "--set", "ipu.gcInfo=" + gcInfo);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(ipuKeys(JSON.readTree(result.out()))).isEmpty();
    }

    @Test
    void aRunWritesFixedAttributesOnceAndAgainOnChangeAndTheVariableOnesEveryTick() throws Exception {
        // Device 0's dump is rewritten per call: the watched pid as its user; from the 2nd call a warmer board,
        // from the 4th a link that dropped to width 4. The other three IPUs are another job's or idle.
        Path calls = work.resolve("device-0-calls");
        Path gcInfo = tool("gc-info", """
                case "$*" in
                  "--list-devices") cat %1$s ;;
                  "--device-id 0 --device-info")
                    n=$(( $(cat %2$s 2>/dev/null || echo 0) + 1 )); echo $n > %2$s
                    temp=28.5; [ $n -ge 2 ] && temp=31.0
                    width=8; [ $n -ge 4 ] && width=4
                    sed -e "s/user process id: .*/user process id: %3$d/" \\
                        -e "s/average board temp: .*/average board temp: $temp C/" \\
                        -e "s/link width: .*/link width: $width/" %4$s ;;
                  "--device-id 1 --device-info") cat %5$s ;;
                  "--device-id 2 --device-info") cat %6$s ;;
                  "--device-id 3 --device-info") cat %7$s ;;
                  *) echo "gc-info: unexpected arguments $*" >&2; exit 2 ;;
                esac
                """.formatted(fixture("gc-info-list-devices-pod.txt"), calls, watched.pid(),
                fixture("gc-info-device-info-pod4-ipu0.txt"), fixture("gc-info-device-info-pod4-ipu1.txt"),
                fixture("gc-info-device-info-pod4-ipu2.txt"), fixture("gc-info-device-info-pod4-ipu3.txt")));

        Result result = Distribution.run(work, "run", "--quiet", "--interval", "300ms", "--duration", "2s",
                "--pid", Long.toString(watched.pid()), "--set", "ipu.detect=force", "--set", "ipu.gcInfo=" + gcInfo);

        assertThat(result.exitCode()).as(result.err()).isZero();
        Path run = Distribution.onlyRun(work.resolve("sysgauge-runs"));
        List<JsonNode> records = Distribution.sinceJoined(Distribution.records(run), "ipu");
        assertThat(records).hasSizeGreaterThanOrEqualTo(3)
                .allMatch(record -> record.has("system.ipu.0.average board temp (C)"))
                .allMatch(record -> ipuKeys(record).stream().allMatch(key -> key.startsWith("system.ipu.0.")));
        assertThat(records.get(records.size() - 1).get("system.ipu.0.average board temp (C)").asDouble())
                .isEqualTo(31.0);
        assertThat(records.get(0).get("system.ipu.0.link speed (GT/s)").asDouble()).isEqualTo(16.0);
        assertThat(records.subList(1, records.size())).noneMatch(record -> record.has("system.ipu.0.link speed (GT/s)"));
        List<Double> linkWidths = records.stream().filter(record -> record.has("system.ipu.0.link width"))
                .map(record -> record.get("system.ipu.0.link width").asDouble()).toList();
        assertThat(linkWidths).containsExactly(8.0, 4.0);
        assertThat(records.get(0).has("system.ipu.0.link width")).isTrue();
        JsonNode ipu = StreamSupport.stream(JSON.readTree(run.resolve("metadata.json").toFile()).get("plugins")
                .spliterator(), false).filter(plugin -> plugin.get("id").asText().equals("ipu")).findFirst()
                .orElseThrow().get("collectors").get(0);
        assertThat(ipu.get("state").asText()).isEqualTo("present");
    }

    /** A fake tool: a shell script with this body. */
    private Path tool(String name, String body) throws IOException {
        Path script = work.resolve("bin").resolve(name);
        Files.createDirectories(script.getParent());
        Files.writeString(script, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    /** @return a file holding one of plugin-ipu's fixtures */
    private Path fixture(String name) throws IOException {
        Path file = work.resolve("fixtures").resolve(name);
        Files.createDirectories(file.getParent());
        try (InputStream in = IpuPluginIT.class.getResourceAsStream("/io/sysgauge/plugin/ipu/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name + " on the test class path");
            }
            Files.writeString(file, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        return file;
    }

    private static List<String> ipuKeys(JsonNode sample) {
        List<String> keys = new ArrayList<>();
        sample.fieldNames().forEachRemaining(key -> {
            if (key.startsWith("ipu.") || key.startsWith("system.ipu.")) {
                keys.add(key);
            }
        });
        return keys;
    }
}
