package io.sysgauge.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sysgauge.distribution.Distribution.Launched;
import io.sysgauge.distribution.Distribution.Result;
import io.sysgauge.plugin.nvidia.stub.NvmlStub;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher with the nvidia plugin reading the NVML stub: what a user on a GPU machine sees. */
class NvidiaPluginIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** An H100 (GPU 0) and an A100 (GPU 1). */
    private static final String TWO_GPUS = NvmlStub.fixture("two-gpus.conf");

    @TempDir
    Path work;

    private Process trainer;

    @BeforeEach
    void startTrainer() throws IOException {
        trainer = new ProcessBuilder("sleep", "60").start();
    }

    @AfterEach
    void stopTrainer() {
        trainer.destroyForcibly();
    }

    @Test
    void pluginsShowsTheGpusTheLibraryReports() throws Exception {
        NvmlStub stub = NvmlStub.install(work.resolve("driver"), TWO_GPUS);

        Result result = Distribution.run(work, "plugins", "--set", "nvidia.library=" + stub.library());

        assertThat(result.err()).isEmpty();
        assertThat(result.out()).containsPattern("nvidia\\s+0\\.1\\.0\\s+present")
                .contains("gpu=NVIDIA H100 80GB HBM3", "gpu_count=2", "driver_version=550.54.15", "cuda_version=12.4");
    }

    @Test
    void onceWritesEveryGpuKeyInSysgaugeUnitsAndTheTreesShareOfItsGpu() throws Exception {
        NvmlStub stub = NvmlStub.install(work.resolve("driver"), TWO_GPUS + "device 1\nfail nvmlDeviceGetFanSpeed 3\n"
                + "compute_process " + trainer.pid() + " 2147483648\nprocess_utilization " + trainer.pid()
                + " now 71 23\ncompute_process 99999999 4294967296\n");

        Result result = Distribution.run(work, "once", "--format", "json", "--pid", Long.toString(trainer.pid()),
                "--set", "nvidia.library=" + stub.library());

        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode sample = JSON.readTree(result.out());
        assertThat(sample.get("gpu.0.powerWatts").asDouble()).isEqualTo(123.456);
        assertThat(sample.get("gpu.0.powerPercent").asDouble()).isEqualTo(100.0 * 123_456 / 700_000);
        assertThat(sample.get("gpu.0.memoryAllocatedBytes").asLong()).isEqualTo(1_073_741_824L);
        assertThat(sample.get("gpu.0.memoryAllocated").asDouble()).isEqualTo(100.0 * 1_073_741_824L / 85_520_809_984L);
        assertThat(sample.get("gpu.0.fanSpeed").asDouble()).isEqualTo(40.0);
        assertThat(sample.get("gpu.1.smClock").asDouble()).isEqualTo(1410.0);
        assertThat(sample.has("gpu.1.fanSpeed")).as("NOT_SUPPORTED leaves the key out").isFalse();
        assertThat(fieldNames(sample)).filteredOn(key -> key.startsWith("gpu.") && !key.startsWith("gpu.process."))
                .hasSize(15 + 14);
        assertThat(sample.get("gpu.process.1.memoryAllocatedBytes").asLong()).isEqualTo(2_147_483_648L);
        assertThat(sample.get("gpu.process.1.gpu").asDouble()).isEqualTo(71.0);
        assertThat(sample.get("gpu.process.1.memory").asDouble()).isEqualTo(23.0);
        assertThat(sample.get("gpu.process.1.temp").asDouble()).isEqualTo(61.0);
        assertThat(sample.get("gpu.process.1.powerWatts").asDouble()).isEqualTo(250.0);
        assertThat(fieldNames(sample)).noneMatch(key -> key.startsWith("gpu.process.0."));
        assertThat(sample.has("cpu")).isTrue();
    }

    @Test
    void gpuDevicesLimitsWhatIsRead() throws Exception {
        NvmlStub stub = NvmlStub.install(work.resolve("driver"), TWO_GPUS);

        Result result = Distribution.run(work, "once", "--format", "json", "--set", "gpu.devices=[1]",
                "--set", "nvidia.library=" + stub.library());

        assertThat(fieldNames(JSON.readTree(result.out()))).filteredOn(key -> key.startsWith("gpu."))
                .isNotEmpty().allMatch(key -> key.startsWith("gpu.1."));
    }

    @Test
    void aGpuLostDuringARunIsReportedOnceWhileTheOtherKeepsRecording() throws Exception {
        String config = TWO_GPUS + "device 0\ncompute_process " + trainer.pid() + " 1048576\n";
        NvmlStub stub = NvmlStub.install(work.resolve("driver"), config);
        Launched run = Distribution.start(work, Map.of(), "run", "--quiet", "--interval", "200ms",
                "--pid", Long.toString(trainer.pid()), "--set", "nvidia.library=" + stub.library());
        Path events = awaitRunFolder().resolve("events.jsonl");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        // The folder appears a moment before events.jsonl does.
        while (!Files.exists(events) || Files.readString(events).split("system.sysgauge.collector.nvidia.up", -1).length < 3) {
            assertThat(System.nanoTime()).as("two records with the nvidia plugin").isLessThan(deadline);
            Thread.sleep(50);
        }

        stub.configure(config + "device 1\nlost\n");
        int linesAtLoss = Files.readAllLines(events).size();
        Distribution.awaitLines(events, linesAtLoss + 4, Duration.ofSeconds(20));
        trainer.destroy();
        Result result = run.await();

        assertThat(result.exitCode()).isZero();
        List<JsonNode> records = records(events);
        JsonNode first = Distribution.sinceJoined(records, "nvidia").get(0);
        assertThat(first.get("system.gpu.1.temp").asDouble()).isEqualTo(61.0);
        assertThat(first.get("system.gpu.process.0.memoryAllocatedBytes").asLong()).isEqualTo(1_048_576L);
        // The last record written while the trainer still ran: the very last may come after it exited, without `cpu`.
        JsonNode afterLoss = records.get(linesAtLoss + 3);
        assertThat(afterLoss.has("system.gpu.1.temp")).isFalse();
        assertThat(afterLoss.get("system.gpu.0.temp").asDouble()).isEqualTo(45.0);
        assertThat(afterLoss.has("system.cpu")).isTrue();
        assertThat(records.get(records.size() - 1).has("system.gpu.1.temp")).isFalse();
        assertThat(result.err().lines().filter(line -> line.contains("GPU 1"))).singleElement().asString()
                .startsWith("WARN").contains("is lost", "the other GPUs keep reporting");
        JsonNode metadata = JSON.readTree(events.resolveSibling("metadata.json").toFile());
        JsonNode nvidia = collector(metadata, "nvidia");
        assertThat(nvidia.get("state").asText()).isEqualTo("present");
        assertThat(nvidia.get("metadata").get("gpu_nvidia").get(1).get("uuid").asText())
                .isEqualTo("GPU-9c1d2e3f-0a1b-4c5d-8e9f-a0b1c2d3e4f5");
    }

    @Test
    void withoutNvmlARunRecordsTheHostAndSaysWhereItLooked() throws Exception {
        Path missing = work.resolve("no-driver/libnvidia-ml.so.1");

        Result result = Distribution.run(work, "run", "--quiet", "--interval", "200ms", "--set",
                "nvidia.library=" + missing, "--", "sleep", "1");

        assertThat(result.exitCode()).isZero();
        Path run = Distribution.onlyRun(work.resolve("sysgauge-runs"));
        List<JsonNode> records = records(run.resolve("events.jsonl"));
        assertThat(records).isNotEmpty().allMatch(record -> record.has("system.memory_percent"));
        assertThat(records).noneMatch(record -> fieldNames(record).stream().anyMatch(key -> key.startsWith("system.gpu.")));
        JsonNode nvidia = collector(JSON.readTree(run.resolve("metadata.json").toFile()), "nvidia");
        assertThat(nvidia.get("state").asText()).isEqualTo("absent");
        assertThat(nvidia.get("reason").asText()).startsWith("nvidia.library is " + missing + ", which is not a file");
    }

    private Path awaitRunFolder() throws Exception {
        return Distribution.awaitRun(work.resolve("sysgauge-runs"));
    }

    private static JsonNode collector(JsonNode metadata, String pluginId) {
        return StreamSupport.stream(metadata.get("plugins").spliterator(), false)
                .filter(plugin -> plugin.get("id").asText().equals(pluginId))
                .findFirst().orElseThrow().get("collectors").get(0);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<JsonNode> records(Path events) throws IOException {
        List<JsonNode> records = new ArrayList<>();
        for (String line : Files.readAllLines(events)) {
            records.add(Distribution.STRICT_JSON.readTree(line));
        }
        return records;
    }
}
