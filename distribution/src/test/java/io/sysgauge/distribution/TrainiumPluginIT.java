package io.sysgauge.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sysgauge.distribution.Distribution.Result;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
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
 * The launcher with the trainium plugin running a fake neuron-monitor: a script that prints a real
 * trn1.2xlarge report (plugin-trainium's fixture) for the monitored process and stays up, or exits
 * to be restarted.
 */
class TrainiumPluginIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TRN1_2XLARGE = "neuron-monitor-trn1.2xlarge-3reports.json";
    /** The pid of the training process the fixture was captured with. */
    private static final String CAPTURED_PID = "\"pid\":16851,";

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
    void onceWritesEverySeedKeyOfTheTreeAndLeavesNoNeuronMonitorBehind() throws Exception {
        Path pids = work.resolve("pids");
        Path tool = tool("""
                echo $$ >> %1$s
                cat %2$s
                sleep 60 &
                echo $! >> %1$s
                wait
                """.formatted(pids, trainersReport(2)));

        Result result = Distribution.run(work, "once", "--format", "json", "--pid", Long.toString(trainer.pid()),
                "--set", "trainium.detect=force", "--set", "trainium.neuronMonitor=" + tool);

        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode sample = JSON.readTree(result.out());
        assertThat(trnKeys(sample)).containsExactlyInAnyOrder(
                "trn.0.neuroncore_utilization", "trn.1.neuroncore_utilization",
                "trn.host_total_memory_usage", "trn.neuron_device_total_memory_usage",
                "trn.host_total_memory_usage.application_memory", "trn.host_total_memory_usage.constants",
                "trn.host_total_memory_usage.dma_buffers", "trn.host_total_memory_usage.tensors",
                "trn.0.neuroncore_memory_usage.constants", "trn.0.neuroncore_memory_usage.model_code",
                "trn.0.neuroncore_memory_usage.model_shared_scratchpad", "trn.0.neuroncore_memory_usage.runtime_memory",
                "trn.0.neuroncore_memory_usage.tensors", "trn.1.neuroncore_memory_usage.constants",
                "trn.1.neuroncore_memory_usage.model_code", "trn.1.neuroncore_memory_usage.model_shared_scratchpad",
                "trn.1.neuroncore_memory_usage.runtime_memory", "trn.1.neuroncore_memory_usage.tensors");
        assertThat(sample.get("trn.0.neuroncore_utilization").asDouble()).isEqualTo(1.3128372400154966);
        assertThat(sample.get("trn.host_total_memory_usage").asLong()).isEqualTo(612_179_968L);
        assertThat(sample.get("trn.neuron_device_total_memory_usage").asLong()).isEqualTo(102_298_328L);
        assertThat(sample.get("trn.host_total_memory_usage.application_memory").asLong()).isEqualTo(611_131_392L);
        assertThat(sample.get("trn.0.neuroncore_memory_usage.tensors").asLong()).isEqualTo(943_608L);
        assertThat(sample.has("cpu")).isTrue();
        assertNoneAlive(pids, 2);
    }

    @Test
    void aNeuronMonitorThatExitsIsRestartedDuringARun() throws Exception {
        Path starts = work.resolve("starts");
        Path tool = tool("""
                echo $$ >> %s
                cat %s
                sleep 1
                """.formatted(starts, trainersReport(0)));

        Result result = Distribution.run(work, "run", "--quiet", "--interval", "500ms", "--duration", "8s",
                "--pid", Long.toString(trainer.pid()), "--set", "trainium.detect=force",
                "--set", "trainium.neuronMonitor=" + tool);

        assertThat(result.exitCode()).as(result.err()).isZero();
        Path run = Distribution.onlyRun(work.resolve("sysgauge-runs"));
        List<JsonNode> records = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve("events.jsonl"))) {
            records.add(Distribution.STRICT_JSON.readTree(line));
        }
        assertThat(Distribution.sinceJoined(records, "trainium")).hasSizeGreaterThanOrEqualTo(3)
                .allMatch(record -> record.path("system.trn.0.neuroncore_utilization").asDouble() == 1.3631567613356375);
        assertThat(Files.readAllLines(starts)).as("neuron-monitor started at 0 s and again after it exited")
                .hasSizeGreaterThanOrEqualTo(2);
        assertThat(result.err().lines().filter(line -> line.contains("neuron-monitor exited"))).first().asString()
                .startsWith("WARN").contains("exited with status 0", "restarting it after 1 s");
        JsonNode trainium = collector(JSON.readTree(run.resolve("metadata.json").toFile()), "trainium");
        assertThat(trainium.get("state").asText()).isEqualTo("present");
        assertThat(trainium.get("metadata").get("neuron_device_count").asInt()).isEqualTo(1);
        assertThat(trainium.get("metadata").get("neuroncore_per_device_count").asInt()).isEqualTo(2);
        assertThat(trainium.get("metadata").get("instance_type").asText()).isEqualTo("trn1.2xlarge");
        assertNoneAlive(starts, Files.readAllLines(starts).size());
    }

    @Test
    void withoutANeuronDeviceThePluginSaysWhatIsMissing() throws Exception {
        assumeFalse(hasNeuronDevice(), "a Neuron machine: the plugin is present here");

        Result result = Distribution.run(work, "plugins", "--format", "json");

        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode trainium = StreamSupport.stream(JSON.readTree(result.out()).get("plugins").spliterator(), false)
                .filter(plugin -> plugin.get("id").asText().equals("trainium")).findFirst().orElseThrow();
        assertThat(trainium.get("version").asText()).isEqualTo("0.1.0");
        assertThat(trainium.get("collectors").get(0).get("state").asText()).isEqualTo("absent");
        assertThat(trainium.get("collectors").get(0).get("reason").asText()).isEqualTo("no Neuron device"
                + " (/dev/neuron*); set trainium.detect=force to run neuron-monitor anyway");
    }

    /** @return a file holding one line of the fixture, with the trainer's pid where the captured one was */
    private Path trainersReport(int line) throws IOException {
        String report;
        try (InputStream in = TrainiumPluginIT.class.getResourceAsStream(
                "/io/sysgauge/plugin/trainium/fixtures/" + TRN1_2XLARGE)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + TRN1_2XLARGE + " on the test class path");
            }
            report = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList().get(line);
        }
        assertThat(report).contains(CAPTURED_PID);
        Path file = work.resolve("report-" + line + ".json");
        Files.writeString(file, report.replace(CAPTURED_PID, "\"pid\":" + trainer.pid() + ",") + "\n");
        return file;
    }

    /** A fake neuron-monitor: a shell script with this body. */
    private Path tool(String body) throws IOException {
        Path script = work.resolve("bin/neuron-monitor");
        Files.createDirectories(script.getParent());
        Files.writeString(script, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    /** The fake's processes are gone; a killed one may take a moment to be reaped. */
    private static void assertNoneAlive(Path pidFile, int expected) throws Exception {
        List<Long> pids = Files.readAllLines(pidFile).stream().map(String::strip).map(Long::parseLong).toList();
        assertThat(pids).hasSize(expected);
        for (int attempt = 0; attempt < 40 && pids.stream().anyMatch(TrainiumPluginIT::alive); attempt++) {
            Thread.sleep(50);
        }
        assertThat(pids).as("pids of the fake neuron-monitor and what it started").noneMatch(TrainiumPluginIT::alive);
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static boolean hasNeuronDevice() throws IOException {
        try (DirectoryStream<Path> nodes = Files.newDirectoryStream(Path.of("/dev"), "neuron[0-9]*")) {
            return nodes.iterator().hasNext();
        }
    }

    private static JsonNode collector(JsonNode metadata, String pluginId) {
        return StreamSupport.stream(metadata.get("plugins").spliterator(), false)
                .filter(plugin -> plugin.get("id").asText().equals(pluginId))
                .findFirst().orElseThrow().get("collectors").get(0);
    }

    private static List<String> trnKeys(JsonNode sample) {
        List<String> keys = new ArrayList<>();
        sample.fieldNames().forEachRemaining(key -> {
            if (key.startsWith("trn.")) {
                keys.add(key);
            }
        });
        return keys;
    }
}
