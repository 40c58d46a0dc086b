package io.sysgauge.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sysgauge.distribution.Distribution.Launched;
import io.sysgauge.distribution.Distribution.Result;
import io.sysgauge.plugin.nvidia.stub.NvmlStub;
import io.sysgauge.testkit.Waiting;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher on a training node's bad day: every core busy, vendor tools that never answer, GPUs
 * of two vendors, a disk that takes no more bytes. Each case failed on the code before issue 13.
 */
class BusyHostIT {

    /** Keys every record of a host-only run has: the host collectors' and their health. */
    private static final List<String> HOST_KEYS = List.of("cpu_percent", "memory_percent", "proc.memory.availableMB",
            "disk./.usagePercent", "disk./.usageGB", "disk.in", "disk.out", "network.sent", "network.recv",
            "sysgauge.collector.disk.up");

    @TempDir
    Path work;

    @Test
    void withEveryCoreBusyEveryTickCarriesEveryHostKey() throws Exception {
        List<Process> spinners = new ArrayList<>();
        try {
            // As many busy loops as CPUs, at the same priority as sysgauge: a saturated training node.
            for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) {
                spinners.add(new ProcessBuilder("sh", "-c", "while :; do :; done").start());
            }
            Result result = Distribution.run(work, "run", "--quiet", "--no-report", "--interval", "100ms", "--duration", "6s");

            assertThat(result.exitCode()).as(result.err()).isZero();
            assertThat(result.err()).doesNotContain("did not finish within its deadline");
            List<JsonNode> records = Distribution.records(Distribution.onlyRun(work.resolve("sysgauge-runs")));
            assertThat(records).isNotEmpty();
            long whole = records.stream().filter(record -> HOST_KEYS.stream().allMatch(key -> record.has("system." + key)))
                    .count();
            assertThat(whole).as("records with every host key, of %d", records.size())
                    .isGreaterThanOrEqualTo((long) Math.ceil(0.99 * records.size()));
            assertThat(records).allSatisfy(record -> assertThat(record.get("system.sysgauge.collector.disk.up").asDouble())
                    .isEqualTo(1.0));
        } finally {
            spinners.forEach(Process::destroyForcibly);
        }
    }

    @Test
    void vendorToolsThatNeverAnswerDoNotHoldBackRecording() throws Exception {
        Path bin = hangingTools("rocm-smi", "amd-smi", "gc-info", "neuron-monitor");
        Launched run = Distribution.start(work, Map.of("PATH", bin + ":" + System.getenv("PATH")), "run", "--quiet",
                "--no-report", "--interval", "250ms", "--set", "amd.detect=force", "--set", "ipu.detect=force",
                "--set", "trainium.detect=force", "--", "sleep", "120");
        try {
            Path events = awaitRunFile(run, "events.jsonl");
            Waiting.until(() -> lines(events) >= 2, "two records");
            // The probes' first tool runs: amd-smi (the amd probe's first choice) and gc-info (the ipu probe).
            List<Optional<Long>> probeTools = List.of(firstPid(bin, "amd-smi"), firstPid(bin, "gc-info"));
            assertThat(probeTools).as("records come while a probe still waits for its tool")
                    .anyMatch(pid -> pid.isEmpty() || alive(pid.get()));

            // A probe that hangs is given up: its tool is killed while the run goes on.
            Waiting.until(() -> firstPid(bin, "gc-info").map(pid -> !alive(pid)).orElse(false)
                    && firstPid(bin, "amd-smi").map(pid -> !alive(pid)).orElse(false), "the probes' tools killed");
            int recorded = lines(events);
            Waiting.until(() -> lines(events) > recorded + 2, "records after the probes gave up");
        } finally {
            run.process().destroy(); // SIGTERM, forwarded to the command
        }
        Result result = run.await();
        assertThat(result.exitCode()).as(result.err()).isEqualTo(143);
        List<JsonNode> records = Distribution.records(Distribution.onlyRun(work.resolve("sysgauge-runs")));
        assertThat(records).allSatisfy(record -> assertThat(record.has("system.memory_percent")).isTrue());
    }

    @Test
    void serveAnswersWithHostValuesWhileAVendorToolHangs() throws Exception {
        Path bin = hangingTools("rocm-smi", "amd-smi");
        int port = freePort();
        Launched serve = Distribution.start(work, Map.of("PATH", bin + ":" + System.getenv("PATH")), "serve",
                "--interval", "250ms", "--listen", "127.0.0.1:" + port, "--set", "amd.detect=force");
        try {
            HttpClient http = HttpClient.newHttpClient();
            String[] page = {""};
            Waiting.until(() -> {
                try {
                    page[0] = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                            HttpResponse.BodyHandlers.ofString()).body();
                    return page[0].contains("sysgauge_memory_percent");
                } catch (IOException e) {
                    return false; // not listening yet
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return true;
                }
            }, "host values on /metrics");
            Optional<Long> amdSmi = firstPid(bin, "amd-smi");
            assertThat(amdSmi.isEmpty() || alive(amdSmi.get()))
                    .as("served while the amd probe still waits for its tool").isTrue();
        } finally {
            serve.process().destroy();
        }
        assertThat(serve.await().exitCode()).isZero();
    }

    @Test
    void twoGpuVendorsShareOneIndexSpaceAndNoKeyIsWrittenTwice() throws Exception {
        NvmlStub stub = NvmlStub.install(work.resolve("driver"), NvmlStub.fixture("two-gpus.conf"));
        Path bin = work.resolve("bin");
        Path amdSmi = script(bin.resolve("amd-smi"), "echo 'ERROR: no AMD GPU driver found' >&2\nexit 1\n");
        Path rocmSmi = script(bin.resolve("rocm-smi"), "cat " + amdFixture("rocm-smi-mi100-rocm5.7.1.json") + "\n");
        String[] settings = {"--set", "nvidia.library=" + stub.library(), "--set", "amd.detect=force",
            "--set", "amd.smi=" + amdSmi, "--set", "amd.rocmSmi=" + rocmSmi};

        Result once = Distribution.run(work, concat(List.of("once", "--format", "json"), settings));
        Result run = Distribution.run(work, concat(List.of("run", "--quiet", "--no-report", "--interval", "250ms",
                "--duration", "2s"), settings));

        assertThat(once.exitCode()).as(once.err()).isZero();
        JsonNode sample = Distribution.STRICT_JSON.readTree(once.out());
        for (int gpu = 0; gpu < 8; gpu++) {
            assertThat(sample.has("gpu." + gpu + ".temp")).as("gpu.%d.temp", gpu).isTrue();
        }
        assertThat(sample.has("gpu.8.temp")).isFalse();
        assertThat(sample.get("gpu.0.powerWatts").asDouble()).as("NVIDIA's GPU 0").isEqualTo(123.456);
        assertThat(sample.get("gpu.2.temp").asDouble()).as("AMD's card 0").isEqualTo(31.0);
        assertThat(sample.get("gpu.2.powerWatts").asDouble()).as("AMD's card 0").isEqualTo(39.0);
        assertThat(once.err()).doesNotContain("both write");

        assertThat(run.exitCode()).as(run.err()).isZero();
        Path folder = Distribution.onlyRun(work.resolve("sysgauge-runs"));
        List<JsonNode> records = Distribution.records(folder); // fails on a key written twice
        assertThat(records).anySatisfy(record -> assertThat(record.has("system.gpu.7.gpu")).isTrue());
        JsonNode gpus = Distribution.STRICT_JSON.readTree(folder.resolve("metadata.json").toFile()).get("gpus");
        assertThat(gpus.size()).isEqualTo(8);
        assertThat(gpus.get("0").get("vendor").asText()).isEqualTo("nvidia");
        assertThat(gpus.get("0").get("name").asText()).isEqualTo("NVIDIA H100 80GB HBM3");
        assertThat(gpus.get("0").get("uuid").asText()).startsWith("GPU-");
        assertThat(gpus.get("2").get("vendor").asText()).isEqualTo("amd");
        assertThat(gpus.get("2").get("index").asInt()).isZero();
        assertThat(gpus.get("7").get("index").asInt()).isEqualTo(5);
    }

    @Test
    void aRunFolderThatTakesNoBytesStopsTheRunBeforeTheCommandStarts() throws Exception {
        Path marker = work.resolve("started");
        // A file size limit of 0: the first byte written to the run folder fails, as on a full disk.
        Process run = new ProcessBuilder("sh", "-c", "ulimit -f 0; exec \"$0\" \"$@\"", Distribution.launcher().toString(),
                "run", "--quiet", "--no-report", "--", "touch", marker.toString())
                .directory(work.toFile()).redirectErrorStream(true).start();
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(run.waitFor()).as(output).isEqualTo(2);
        assertThat(output).startsWith("sysgauge: cannot write the run folder ").hasLineCount(1)
                .doesNotContain("Exception");
        assertThat(marker).as("the command never ran").doesNotExist();
    }

    private static String[] concat(List<String> first, String... rest) {
        List<String> all = new ArrayList<>(first);
        all.addAll(List.of(rest));
        return all.toArray(String[]::new);
    }

    /** Tools that note their pid on their first run, then never answer. */
    private Path hangingTools(String... names) throws IOException {
        Path bin = work.resolve("bin");
        for (String name : names) {
            script(bin.resolve(name), "[ -e \"$0.first\" ] || echo $$ > \"$0.first\"\nexec sleep 600\n");
        }
        return bin;
    }

    private static Optional<Long> firstPid(Path bin, String tool) {
        try {
            return Optional.of(Long.parseLong(Files.readString(bin.resolve(tool + ".first")).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty(); // not run yet, or being written
        }
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static Path script(Path path, String body) throws IOException {
        Files.createDirectories(path.getParent());
        Files.writeString(path, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
        return path;
    }

    private Path amdFixture(String name) throws IOException {
        Path file = work.resolve("fixtures").resolve(name);
        Files.createDirectories(file.getParent());
        try (InputStream in = BusyHostIT.class.getResourceAsStream("/io/sysgauge/plugin/amd/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name + " on the test class path");
            }
            Files.write(file, in.readAllBytes());
        }
        return file;
    }

    private Path awaitRunFile(Launched run, String name) throws Exception {
        Path runs = work.resolve("sysgauge-runs");
        Path[] found = {null};
        Waiting.until(() -> {
            if (!run.process().isAlive()) {
                return true;
            }
            try (var folders = Files.list(runs)) {
                found[0] = folders.map(folder -> folder.resolve(name)).filter(Files::exists).findFirst().orElse(null);
            } catch (IOException e) {
                return false;
            }
            return found[0] != null;
        }, name);
        assertThat(found[0]).as("sysgauge ended early: " + run.stderr()).isNotNull();
        return found[0];
    }

    private static int lines(Path file) {
        try {
            return Files.readAllLines(file).size();
        } catch (IOException e) {
            return 0;
        }
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
