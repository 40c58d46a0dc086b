package io.sysgauge.distribution;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The assembled distribution under test, and a way to run its launcher. */
final class Distribution {

    /**
     * The plugins shipped in plugins/, in the order of their jars' names, which is the order they load in: the
     * OTLP and Prometheus exporters (sysgauge-exporter-*) and the seven collector families.
     */
    static final List<String> PLUGIN_IDS = List.of("otlp", "prometheus", "amd", "apple", "ipu", "nvidia", "openmetrics", "tpu",
            "trainium");
    /** The shipped plugins that hold exporters rather than collectors. */
    static final List<String> EXPORTER_IDS = List.of("otlp", "prometheus");

    private Distribution() {}

    static Path home() {
        String home = System.getProperty("sysgauge.dist");
        if (home == null) {
            throw new IllegalStateException("run through failsafe: the sysgauge.dist property names the assembled folder");
        }
        return Path.of(home);
    }

    /**
     * @return whether this machine has NVML where the nvidia plugin looks by default: the
     *     directories it searches, or the dynamic linker's cache
     */
    static boolean hasNvidiaDriver() throws IOException, InterruptedException {
        List<String> directories = new ArrayList<>(List.of(System.getenv().getOrDefault("LD_LIBRARY_PATH", "").split(":")));
        directories.addAll(List.of("/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib",
                "/usr/local/nvidia/lib64", "/usr/lib/wsl/lib"));
        if (directories.stream().anyMatch(directory -> !directory.isBlank()
                && Files.exists(Path.of(directory, "libnvidia-ml.so.1")))) {
            return true;
        }
        for (String ldconfig : List.of("/sbin/ldconfig", "/usr/sbin/ldconfig")) {
            if (Files.isExecutable(Path.of(ldconfig))) {
                Process cache = new ProcessBuilder(ldconfig, "-p").redirectErrorStream(true).start();
                String listing = new String(cache.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                cache.waitFor();
                return listing.contains("libnvidia-ml.so.1 ");
            }
        }
        return false;
    }

    static Path launcher() {
        return home().resolve("bin/sysgauge");
    }

    static List<Path> pluginJars() throws IOException {
        try (Stream<Path> jars = Files.list(home().resolve("plugins"))) {
            return jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }
    }

    record Result(int exitCode, String out, String err) {}

    /** A launcher process whose output goes to two files. */
    record Launched(Process process, Path out, Path err) {
        String stderr() throws IOException {
            return Files.readString(err, StandardCharsets.UTF_8);
        }

        Result await() throws IOException, InterruptedException {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("sysgauge did not finish in 60 s");
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), stderr());
        }
    }

    static Result run(Path workDir, Map<String, String> environment, String... args) throws IOException, InterruptedException {
        return start(workDir, environment, args).await();
    }

    static Result run(Path workDir, String... args) throws IOException, InterruptedException {
        return run(workDir, Map.of(), args);
    }

    /**
     * Starts the launcher in workDir, without any SYSGAUGE_* variable of this JVM's environment, nor OTEL_* (an OTLP
     * endpoint of the machine's would make every run push).
     */
    static Launched start(Path workDir, Map<String, String> environment, String... args) throws IOException {
        return start(workDir, environment, List.of(launcher().toString()), args);
    }

    /**
     * Starts the launcher as {@link #start} does, but with SIGINT, SIGHUP and SIGQUIT at their default
     * action, whatever this JVM inherited: a build started in the background (`mvn verify &`, nohup) has
     * them ignored, every process it starts inherits that, and the JVM then leaves an ignored SIGINT
     * ignored, as a background job should.
     */
    static Launched startWithDefaultSignals(Path workDir, String... args) throws IOException {
        return start(workDir, Map.of(), List.of("python3", "-c", "import os, signal, sys\n"
                + "for s in (signal.SIGINT, signal.SIGHUP, signal.SIGQUIT): signal.signal(s, signal.SIG_DFL)\n"
                + "os.execv(sys.argv[1], sys.argv[1:])", launcher().toString()), args);
    }

    private static Launched start(Path workDir, Map<String, String> environment, List<String> launcher, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(launcher);
        command.addAll(List.of(args));
        Path out = Files.createTempFile(workDir, "stdout", ".txt");
        Path err = Files.createTempFile(workDir, "stderr", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().keySet().removeIf(key -> key.startsWith("SYSGAUGE_") || key.startsWith("OTEL_"));
        builder.environment().putAll(environment);
        return new Launched(builder.start(), out, err);
    }

    /**
     * @param file a file, maybe not there yet
     * @return its lines, 0 while it does not exist
     */
    static long lineCount(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file).size() : 0;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * @param folder a folder
     * @return what it holds
     */
    static List<Path> list(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * @param runsDir the parent of run folders
     * @return its one run folder, once there is one
     */
    static Path awaitOnlyRun(Path runsDir) throws InterruptedException {
        io.sysgauge.testkit.Waiting.until(() -> Files.isDirectory(runsDir) && list(runsDir).size() == 1, "the run folder in " + runsDir);
        return list(runsDir).get(0);
    }

    /**
     * Runs a shell command line on a terminal of its own (util-linux {@code script}).
     *
     * @param workDir where it runs
     * @param command the command line
     * @return what the terminal showed
     */
    static String underTerminal(Path workDir, String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("/usr/bin/script", "-qec", command, "/dev/null").directory(workDir.toFile())
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("script did not finish in 60 s");
        }
        return output;
    }

    static void awaitLines(Path file, int lines, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(file) && Files.readAllLines(file).size() >= lines) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(file + " did not reach " + lines + " lines in " + timeout);
    }

    /**
     * Reads a run's events file as the strictest JSON reader would: a record holding one key
     * twice fails the test.
     *
     * @param run the run folder
     * @return its records, in order
     */
    static List<JsonNode> records(Path run) throws IOException {
        List<JsonNode> records = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve("events.jsonl"), StandardCharsets.UTF_8)) {
            records.add(STRICT_JSON.readTree(line));
        }
        return records;
    }

    /**
     * A command for {@code run -- ...} that ends once the run's events file (in the work folder's
     * {@code sysgauge-runs}) has {@code records} records with the collector's health, so a plugin
     * that joins late on a loaded machine still gets that many ticks (at most two minutes).
     *
     * @param collectorId the plugin's collector
     * @param records how many records it must take part in
     * @return the arguments after {@code --}
     */
    static List<String> untilJoinedFor(String collectorId, int records) {
        return List.of("timeout", "120", "sh", "-c", "until [ \"$(cat sysgauge-runs/*/events.jsonl 2>/dev/null"
                + " | grep -c 'sysgauge.collector." + collectorId + ".up')\" -ge " + records + " ]; do sleep 0.1; done");
    }

    /**
     * A plugin probes in the background and joins the run when its probe answers, a tick or
     * so after the first record.
     *
     * @param records a run's records
     * @param collectorId the plugin's collector
     * @return the records from the first one the collector took part in
     */
    static List<JsonNode> sinceJoined(List<JsonNode> records, String collectorId) {
        String up = "system.sysgauge.collector." + collectorId + ".up";
        for (int i = 0; i < records.size(); i++) {
            if (records.get(i).has(up)) {
                return records.subList(i, records.size());
            }
        }
        throw new AssertionError("collector " + collectorId + " never took part in the run");
    }

    /** Jackson's reader with duplicate detection: {@code {"a":1,"a":2}} is an error, not last-wins. */
    static final ObjectMapper STRICT_JSON = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    /**
     * @return whether a run has begun in runsDir: its folder holds metadata.json and events.jsonl,
     *     which appear a moment after the folder itself
     */
    static boolean runBegun(Path runsDir) throws IOException {
        if (!Files.isDirectory(runsDir)) {
            return false;
        }
        try (Stream<Path> runs = Files.list(runsDir)) {
            return runs.anyMatch(run -> Files.exists(run.resolve("metadata.json")) && Files.exists(run.resolve("events.jsonl")));
        }
    }

    /** @return the one run folder in runsDir once the run has begun (see {@link #runBegun}), waiting up to a minute */
    static Path awaitRun(Path runsDir) throws IOException, InterruptedException {
        for (int i = 0; i < 1200 && !runBegun(runsDir); i++) {
            Thread.sleep(50);
        }
        return onlyRun(runsDir);
    }

    static Path onlyRun(Path runsDir) throws IOException {
        try (Stream<Path> runs = Files.list(runsDir)) {
            List<Path> all = runs.toList();
            if (all.size() != 1) {
                throw new AssertionError("expected one run folder in " + runsDir + ", found " + all);
            }
            return all.get(0);
        }
    }
}
