package io.sysgauge.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sysgauge.distribution.Distribution.Launched;
import io.sysgauge.distribution.Distribution.Result;
import io.sysgauge.plugin.nvidia.stub.NvmlStub;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17 through the launcher: GPM keys of the GPU that has GPM, the older link readings of the
 * one that has not, and the run's energy in events.jsonl and metadata.json, against the NVML stub.
 */
class GpmEnergyIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double MIB = 1024.0 * 1024.0;
    /** An H100 (GPU 0, with GPM) and an A100 (GPU 1, without). */
    private static final String TWO_GPUS = NvmlStub.fixture("two-gpus.conf") + """
            device 0
            gpm 1
            gpm_metric 2 61.5
            gpm_metric 3 33.25
            gpm_metric 5 47
            gpm_metric 11 0.5
            gpm_metric 12 12.75
            gpm_metric 13 3
            gpm_metric 10 55.5
            gpm_metric 20 1234.5
            gpm_metric 21 987.25
            gpm_metric 61 45678
            gpm_metric 60 40000.5
            """;
    private static final String COUNTERS = """
            device 0
            energy %d
            device 1
            energy %d
            pcie 2048 1000
            nvlink %d %d %d
            """;

    @TempDir
    Path work;

    private Process trainer;

    @BeforeEach
    void startTrainer() throws IOException {
        trainer = new ProcessBuilder("sleep", "120").start();
    }

    @AfterEach
    void stopTrainer() {
        trainer.destroyForcibly();
    }

    @Test
    void aRunRecordsGpmLinkRatesAndItsEnergyPerGpuAndOverall() throws Exception {
        NvmlStub stub = NvmlStub.install(work.resolve("driver"), TWO_GPUS
                + COUNTERS.formatted(9_000_000_000L, 1_000L, 1_000_000L, 500_000L, 1_700_000_000_000_000L));
        Launched run = Distribution.start(work, Map.of(), "run", "--quiet", "--interval", "200ms",
                "--pid", Long.toString(trainer.pid()), "--set", "nvidia.library=" + stub.library());
        Path events = Distribution.awaitRun(work.resolve("sysgauge-runs")).resolve("events.jsonl");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!Files.exists(events) || Files.readString(events).split("system.gpu.0.smActive", -1).length < 2) {
            assertThat(System.nanoTime()).as("a record with GPM keys").isLessThan(deadline);
            Thread.sleep(50);
        }

        // 123.456 J more on GPU 0 and 250.001 J on GPU 1; NVLink counters 2.5 s later by NVML's stamps.
        stub.configure(TWO_GPUS + COUNTERS.formatted(9_000_123_456L, 251_001L, 4_000_000L, 1_750_000L,
                1_700_000_002_500_000L));
        Distribution.awaitLines(events, Files.readAllLines(events).size() + 3, Duration.ofSeconds(30));
        trainer.destroy();
        Result result = run.await();

        assertThat(result.exitCode()).as(result.err()).isZero();
        List<JsonNode> records = Distribution.sinceJoined(Distribution.records(events.getParent()), "nvidia");
        JsonNode last = records.get(records.size() - 1);
        assertThat(last.get("system.gpu.0.smActive").asDouble()).isEqualTo(61.5);
        assertThat(last.get("system.gpu.0.smOccupancy").asDouble()).isEqualTo(33.25);
        assertThat(last.get("system.gpu.0.pipeTensorActive").asDouble()).isEqualTo(47.0);
        assertThat(last.get("system.gpu.0.pipeFp64Active").asDouble()).isEqualTo(0.5);
        assertThat(last.get("system.gpu.0.pipeFp32Active").asDouble()).isEqualTo(12.75);
        assertThat(last.get("system.gpu.0.pipeFp16Active").asDouble()).isEqualTo(3.0);
        assertThat(last.get("system.gpu.0.dramActive").asDouble()).isEqualTo(55.5);
        assertThat(last.get("system.gpu.0.pcieTxBytes").asDouble()).isEqualTo(1234.5 * MIB);
        assertThat(last.get("system.gpu.0.pcieRxBytes").asDouble()).isEqualTo(987.25 * MIB);
        assertThat(last.get("system.gpu.0.nvlinkTxBytes").asDouble()).isEqualTo(45678 * MIB);
        assertThat(last.get("system.gpu.0.nvlinkRxBytes").asDouble()).isEqualTo(40000.5 * MIB);
        assertThat(records.get(0).has("system.gpu.0.smActive")).as("GPM needs two samples").isFalse();
        assertThat(records).noneMatch(record -> record.has("system.gpu.1.smActive"));
        assertThat(last.get("system.gpu.1.pcieTxBytes").asDouble()).isEqualTo(2048 * 1024.0);
        assertThat(last.get("system.gpu.1.pcieRxBytes").asDouble()).isEqualTo(1000 * 1024.0);
        // The counters moved once: one rate, over the 2.5 s between their stamps.
        assertThat(records).filteredOn(record -> record.has("system.gpu.1.nvlinkTxBytes")).singleElement()
                .satisfies(record -> {
                    assertThat(record.get("system.gpu.1.nvlinkTxBytes").asDouble()).isEqualTo(3_000_000 * 1024.0 / 2.5);
                    assertThat(record.get("system.gpu.1.nvlinkRxBytes").asDouble()).isEqualTo(1_250_000 * 1024.0 / 2.5);
                });
        assertThat(records.get(0).get("system.gpu.0.energyJoules").asDouble()).isZero();
        assertThat(last.get("system.gpu.0.energyJoules").asDouble()).isEqualTo(123.456);
        assertThat(last.get("system.gpu.1.energyJoules").asDouble()).isEqualTo(250.001);

        JsonNode metadata = JSON.readTree(events.resolveSibling("metadata.json").toFile());
        JsonNode energy = metadata.get("energy");
        assertThat(energy.get("gpu.0").get("joules").asDouble()).isEqualTo(123.456);
        assertThat(energy.get("gpu.0").get("wattHours").asDouble()).isEqualTo(123.456 / 3600);
        assertThat(energy.get("gpu.1").get("joules").asDouble()).isEqualTo(250.001);
        assertThat(energy.get("total").get("joules").asDouble()).isEqualTo(123.456 + 250.001);
        assertThat(energy.get("total").get("wattHours").asDouble()).isEqualTo((123.456 + 250.001) / 3600);
        assertThat(collector(metadata, "nvidia").get("metadata").get("gpm").asText())
                .isEqualTo("not supported on GPU 1 (Ampere)");
    }

    @Test
    void serveExposesEnergyAsAPrometheusCounterOfJoulesSinceTheFirstSampleAndLinkRatesInBytesPerSecond() throws Exception {
        NvmlStub stub = NvmlStub.install(work.resolve("driver"), TWO_GPUS
                + COUNTERS.formatted(9_000_000_000L, 1_000L, 0L, 0L, 0L));
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/metrics";
        Launched serve = Distribution.start(work, Map.of(), "serve", "--interval", "200ms", "--listen",
                "127.0.0.1:" + port, "--set", "nvidia.library=" + stub.library());
        String before;
        String after;
        try {
            before = await(url, body -> body.contains("sysgauge_gpu_energy_joules_total{gpu=\"1\""));
            stub.configure(TWO_GPUS + COUNTERS.formatted(9_000_123_456L, 251_001L, 0L, 0L, 0L));
            after = await(url, body -> body.lines().anyMatch(line ->
                    line.startsWith("sysgauge_gpu_energy_joules_total{gpu=\"0\"") && line.endsWith(" 123.456")));
        } finally {
            serve.process().destroy();
        }

        assertThat(serve.await().exitCode()).isZero();
        assertThat(before).contains("# TYPE sysgauge_gpu_energy_joules_total counter",
                "sysgauge_gpu_pcie_tx_bytes_per_second{gpu=\"1\"} 2097152");
        assertThat(before.lines().filter(line -> line.startsWith("sysgauge_gpu_energy_joules_total{")))
                .allMatch(line -> line.endsWith(" 0.0") || line.endsWith(" 0"));
        assertThat(after.lines().filter(line -> line.startsWith("sysgauge_gpu_energy_joules_total{gpu=\"1\"")))
                .singleElement().asString().endsWith(" 250.001");
    }

    private String await(String url, Predicate<String> ready) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                last = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                if (ready.test(last)) {
                    return last;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError(url + " did not answer as expected within a minute; last answer:\n" + last);
    }

    private static JsonNode collector(JsonNode metadata, String pluginId) {
        return StreamSupport.stream(metadata.get("plugins").spliterator(), false)
                .filter(plugin -> plugin.get("id").asText().equals(pluginId))
                .findFirst().orElseThrow().get("collectors").get(0);
    }
}
