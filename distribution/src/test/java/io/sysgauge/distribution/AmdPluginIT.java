package io.sysgauge.distribution;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher with the amd plugin running fake amd-smi and rocm-smi executables, which print
 * real outputs of several GPU models and ROCm versions (plugin-amd's test fixtures).
 */
class AmdPluginIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void amdSmiDrivesOnceToEveryKeyWithNaFieldsLeftOut() throws Exception {
        Path amdSmi = tool("amd-smi", """
                case "$1" in
                  metric) cat %s ;;
                  static) cat %s ;;
                  *) echo "amd-smi: unknown command $1" >&2; exit 2 ;;
                esac
                """.formatted(fixture("amd-smi-metric-mi300x-rocm7.json"), fixture("amd-smi-static-mi300x-rocm7.json")));

        JsonNode sample = once("--set", "amd.smi=" + amdSmi);

        assertThat(gpuKeys(sample)).containsExactlyInAnyOrder("gpu.0.gpu", "gpu.0.memoryAllocated", "gpu.0.temp",
                "gpu.0.powerWatts", "gpu.0.powerPercent", "gpu.0.memoryReadWriteActivity", "gpu.0.energyJoules",
                "gpu.1.memoryAllocated", "gpu.1.temp", "gpu.1.memoryReadWriteActivity", "gpu.1.energyJoules");
        assertThat(sample.get("gpu.0.gpu").asDouble()).isEqualTo(87.0);
        assertThat(sample.get("gpu.0.powerPercent").asDouble()).isEqualTo(100.0 * 542.5 / 750);
        assertThat(sample.get("gpu.1.temp").asDouble()).isEqualTo(38.0);
    }

    @Test
    void rocmSmiOfFourRocmVersionsWhenAmdSmiFails() throws Exception {
        Path failingAmdSmi = tool("amd-smi", "echo 'ERROR: no AMD GPU driver found' >&2\nexit 1\n");
        record Case(String fixture, double gpu0Temp, double gpu0Watts, int gpus) {}
        List<Case> cases = List.of(
                new Case("rocm-smi-rx6700xt-rocm4.3.0.json", 45.0, 6.0, 1),
                new Case("rocm-smi-mi100-rocm5.7.1.json", 31.0, 39.0, 6),
                new Case("rocm-smi-rx6700xt-rocm6.1.2.json", 45.0, 6.0, 1),
                new Case("rocm-smi-mi250-rocm6-driver6.2.4.json", 43.0, 91.0, 1));
        for (Case model : cases) {
            Path rocmSmi = tool("rocm-smi-" + model.gpus() + model.fixture().hashCode(), "cat " + fixture(model.fixture()));

            JsonNode sample = once("--set", "amd.smi=" + failingAmdSmi, "--set", "amd.rocmSmi=" + rocmSmi);

            assertThat(sample.get("gpu.0.temp").asDouble()).as(model.fixture()).isEqualTo(model.gpu0Temp());
            assertThat(sample.get("gpu.0.powerWatts").asDouble()).as(model.fixture()).isEqualTo(model.gpu0Watts());
            assertThat(gpuKeys(sample)).as(model.fixture()).filteredOn(key -> key.endsWith(".gpu"))
                    .hasSize(model.gpus());
        }
    }

    @Test
    void gpuDevicesLimitsWhatIsReported() throws Exception {
        Path rocmSmi = tool("rocm-smi", "cat " + fixture("rocm-smi-mi100-rocm5.7.1.json"));

        JsonNode sample = once("--set", "amd.smi=" + tool("amd-smi", "exit 1"), "--set", "amd.rocmSmi=" + rocmSmi,
                "--set", "gpu.devices=[2, 4]");

        assertThat(gpuKeys(sample)).isNotEmpty().allMatch(key -> key.startsWith("gpu.2.") || key.startsWith("gpu.4."));
    }

    @Test
    void aToolThatHangsLeavesTheRunRecordingTheHostEveryTick() throws Exception {
        Path hanging = tool("amd-smi", "sleep 30\n");

        Result result = Distribution.run(work, "run", "--quiet", "--interval", "500ms", "--duration", "4s",
                "--set", "amd.detect=force", "--set", "amd.smi=" + hanging, "--set", "amd.rocmSmi=" + hanging);

        assertThat(result.exitCode()).as(result.err()).isZero();
        Path run = Distribution.onlyRun(work.resolve("sysgauge-runs"));
        List<JsonNode> records = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve("events.jsonl"))) {
            records.add(Distribution.STRICT_JSON.readTree(line));
        }
        // Every tick is recorded, with the host's values, while the tool hangs: no tick waits for it.
        assertThat(records).hasSizeGreaterThanOrEqualTo(4).allMatch(record -> record.has("system.memory_percent"))
                .noneMatch(record -> record.has("system.gpu.0.gpu"));
        assertThat(result.err().lines().filter(line -> line.contains("amd-smi"))).singleElement().asString()
                .startsWith("WARN").contains("timed out");
        JsonNode amd = StreamSupport.stream(JSON.readTree(run.resolve("metadata.json").toFile()).get("plugins")
                .spliterator(), false).filter(plugin -> plugin.get("id").asText().equals("amd")).findFirst()
                .orElseThrow().get("collectors").get(0);
        assertThat(amd.get("state").asText()).isEqualTo("present");
    }

    private JsonNode once(String... settings) throws Exception {
        List<String> arguments = new ArrayList<>(List.of("once", "--format", "json", "--set", "amd.detect=force"));
        arguments.addAll(List.of(settings));
        Result result = Distribution.run(work, arguments.toArray(String[]::new));
        assertThat(result.exitCode()).as(result.err()).isZero();
        return JSON.readTree(result.out());
    }

    /** A fake tool: a shell script with this body. */
    private Path tool(String name, String body) throws IOException {
        Path script = work.resolve("bin").resolve(name);
        Files.createDirectories(script.getParent());
        Files.writeString(script, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    /** @return a file holding one of plugin-amd's fixtures */
    private Path fixture(String name) throws IOException {
        Path file = work.resolve("fixtures").resolve(name);
        Files.createDirectories(file.getParent());
        try (InputStream in = AmdPluginIT.class.getResourceAsStream("/io/sysgauge/plugin/amd/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name + " on the test class path");
            }
            Files.writeString(file, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        return file;
    }

    private static List<String> gpuKeys(JsonNode sample) {
        List<String> keys = new ArrayList<>();
        sample.fieldNames().forEachRemaining(key -> {
            if (key.startsWith("gpu.")) {
                keys.add(key);
            }
        });
        return keys;
    }
}
