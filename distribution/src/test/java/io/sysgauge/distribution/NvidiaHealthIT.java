package io.sysgauge.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GPU health record (issue 17) end to end: {@code sysgauge run} with the nvidia plugin reading
 * the NVML stub, a scripted throttle window and XID, then health.jsonl and the summary line.
 */
class NvidiaHealthIT {

    private static final String TWO_GPUS = NvmlStub.fixture("two-gpus.conf");
    private static final String THROTTLE_KEY = "system.gpu.1.throttle.hwThermalSlowdown";
    private static final Duration PATIENCE = Duration.ofSeconds(90);

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
    void aThrottleWindowAndAnXidEndInHealthJsonlAndTheSummaryLine() throws Exception {
        // GPU 1 reports XIDs and its clock-event reasons; GPU 0 neither.
        String config = TWO_GPUS + "device 1\nclocks_event_reasons 0\nevent_types 0x8\n";
        NvmlStub stub = NvmlStub.install(work.resolve("driver"), config);
        Launched run = Distribution.start(work, Map.of(), "run", "--no-report", "--interval", "200ms",
                "--pid", Long.toString(trainer.pid()), "--set", "nvidia.library=" + stub.library());
        Path folder = Distribution.awaitRun(work.resolve("sysgauge-runs"));
        Path events = folder.resolve("events.jsonl");
        Path health = folder.resolve("health.jsonl");
        awaitRecords(events, record -> record.path(THROTTLE_KEY).asDouble(-1) == 0, 2, "two records before the window");
        assertThat(health).as("no event yet, no file").doesNotExist();

        String throttled = config + "device 1\nclocks_event_reasons 0x40\nevent xid 79\n";
        stub.configure(throttled);
        awaitRecords(events, record -> record.path(THROTTLE_KEY).asDouble() == 1, 3, "three throttled records");
        stub.configure(config + "device 1\nevent xid 79\n"); // the window ends; the XID, delivered, stays delivered
        awaitHealthLines(health, 2);
        trainer.destroy();
        Result result = run.await();

        assertThat(result.exitCode()).as(result.err()).isZero();
        List<JsonNode> records = Distribution.records(folder);
        List<JsonNode> lines = healthLines(health);
        assertThat(lines).extracting(line -> line.get("kind").asText()).containsExactlyInAnyOrder("xid", "throttle");
        JsonNode xid = lines.stream().filter(line -> line.get("kind").asText().equals("xid")).findFirst().orElseThrow();
        assertThat(List.of(fieldNames(xid), xid.get("device").asText(), xid.get("code").asInt(), xid.get("message").asText()))
                .containsExactly(List.of("timestamp", "device", "kind", "code", "message"), "gpu.1", 79,
                        "XID 79: GPU has fallen off the bus");

        JsonNode episode = lines.stream().filter(line -> line.get("kind").asText().equals("throttle")).findFirst()
                .orElseThrow();
        assertThat(fieldNames(episode))
                .containsExactly("timestamp", "device", "kind", "reason", "start", "durationSeconds", "message");
        assertThat(episode.get("device").asText()).isEqualTo("gpu.1");
        assertThat(episode.get("reason").asText()).isEqualTo("hwThermalSlowdown");
        double start = episode.get("start").asDouble();
        double end = episode.get("timestamp").asDouble();
        assertThat(episode.get("durationSeconds").asDouble()).isCloseTo(end - start, within(0.0015));
        // The episode starts on the first tick that saw the bit and ends on the first that saw it clear:
        // each of those ticks' values are read after its record's _timestamp, and before the next record's.
        int firstOne = indexOf(records, record -> record.path(THROTTLE_KEY).asDouble() == 1, 0);
        int firstZeroAfter = indexOf(records, record -> record.path(THROTTLE_KEY).asDouble(-1) == 0, firstOne);
        assertThat(start).isBetween(timestamp(records, firstOne), timestamp(records, firstOne + 1));
        assertThat(end).isBetween(timestamp(records, firstZeroAfter), timestamp(records, firstZeroAfter + 1));
        assertThat(records.subList(firstOne, firstZeroAfter))
                .allMatch(record -> record.path(THROTTLE_KEY).asDouble() == 1);

        assertThat(records.get(firstOne - 1).get("system.gpu.1.xidErrors").asDouble()).isZero();
        assertThat(records.get(records.size() - 1).get("system.gpu.1.xidErrors").asDouble()).isEqualTo(1.0);
        assertThat(records).noneMatch(record -> record.has("system.gpu.0.xidErrors")
                || record.has("system.gpu.0.throttle.hwThermalSlowdown"));

        // The run's last words: one line for GPU 1, nothing for GPU 0.
        List<String> summary = result.err().lines().filter(line -> line.startsWith("sysgauge: GPU ")).toList();
        assertThat(summary).singleElement().asString().matches(
                "sysgauge: GPU 1: thermal throttling \\d+ s \\((under 1|\\d+) % of the run\\), 1 XID 79 at 00:0\\d:\\d\\d");
    }

    @Test
    void aRunWithoutEventsHasNoHealthFileAndNoSummary() throws Exception {
        NvmlStub stub = NvmlStub.install(work.resolve("driver"), TWO_GPUS + "device 0\nclocks_event_reasons 0\n");
        List<String> args = new ArrayList<>(List.of("run", "--no-report", "--interval", "200ms", "--set",
                "nvidia.library=" + stub.library(), "--"));
        args.addAll(Distribution.untilJoinedFor("nvidia", 3));

        Result result = Distribution.run(work, args.toArray(String[]::new));

        assertThat(result.exitCode()).as(result.err()).isZero();
        Path folder = Distribution.onlyRun(work.resolve("sysgauge-runs"));
        assertThat(folder.resolve("health.jsonl")).doesNotExist();
        assertThat(result.err()).doesNotContain("sysgauge: GPU ");
        assertThat(Distribution.records(folder)).anyMatch(record -> record.has("system.gpu.0.throttle.swPowerCap"));
    }

    private static void awaitRecords(Path events, Predicate<JsonNode> matching, int count, String what)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!Files.exists(events) || Distribution.records(events.getParent()).stream().filter(matching).count() < count) {
            assertThat(System.nanoTime() - deadline).as(what).isNegative();
            Thread.sleep(50);
        }
    }

    private static void awaitHealthLines(Path health, int count) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!Files.exists(health) || Files.readAllLines(health).size() < count) {
            assertThat(System.nanoTime() - deadline).as("%d lines in health.jsonl", count).isNegative();
            Thread.sleep(50);
        }
    }

    private static int indexOf(List<JsonNode> records, Predicate<JsonNode> matching, int from) {
        for (int i = from; i < records.size(); i++) {
            if (matching.test(records.get(i))) {
                return i;
            }
        }
        throw new AssertionError("no such record after " + from);
    }

    // A record's _timestamp; past the last record, no bound.
    private static double timestamp(List<JsonNode> records, int index) {
        return index < records.size() ? records.get(index).get("_timestamp").asDouble() : Double.MAX_VALUE;
    }

    private static List<JsonNode> healthLines(Path health) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(health)) {
            lines.add(Distribution.STRICT_JSON.readTree(line));
        }
        return lines;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
