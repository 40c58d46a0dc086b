package io.sysgauge.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sysgauge.distribution.Distribution.Launched;
import io.sysgauge.distribution.Distribution.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/sysgauge as a new user runs it: real JVMs, real processes, real files. */
class LauncherIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SEED_HOST_KEYS = List.of(
            "cpu", "proc.cpu.threads", "disk./.usagePercent", "disk./.usageGB", "disk.in", "disk.out",
            "proc.memory.rssMB", "proc.memory.percent", "memory_percent", "proc.memory.availableMB",
            "network.sent", "network.recv", "cpu_percent");
    private static final List<String> PROCESS_KEYS = List.of("cpu", "proc.cpu.threads", "proc.memory.rssMB", "proc.memory.percent");

    @TempDir
    Path work;

    @Test
    void helpWorksFromAnyFolderAndThroughASymlink() throws Exception {
        Path link = work.resolve("sg");
        Files.createSymbolicLink(link, Distribution.launcher());
        Process process = new ProcessBuilder(link.toString(), "--version").redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());

        assertThat(process.waitFor()).isZero();
        assertThat(output).startsWith("sysgauge 0.1.0 (plugin SPI 1.3.0)");
        assertThat(Distribution.run(work, "--help").out()).contains("Usage: sysgauge", "run", "once", "plugins");
    }

    @Test
    void withoutJavaTheLauncherSaysWhatToInstall() throws Exception {
        Result result = Distribution.run(work, Map.of("PATH", work.toString(), "JAVA_HOME", ""), "--version");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("sysgauge: no Java found: install Java 17 or newer, or set JAVA_HOME\n");
    }

    @Test
    void theNativeHeapIsTrimmedOnlyOnJdksThatKnowTheOption() throws Exception {
        // an older JDK refuses an option it does not know and does not start at all
        Map<String, Boolean> trimmedByVersion = Map.ofEntries(Map.entry("17.0.9", false), Map.entry("17.0.10", false),
                Map.entry("17.0.11", true), Map.entry("17.0.15", true), Map.entry("17.0.20", true), Map.entry("20.0.2", false),
                Map.entry("21.0.1", false), Map.entry("21.0.2", true), Map.entry("21.0.10", true), Map.entry("25.0.3", true));
        for (Map.Entry<String, Boolean> version : trimmedByVersion.entrySet()) {
            Path jdk = work.resolve("jdk-" + version.getKey());
            Files.createDirectories(jdk.resolve("bin"));
            Files.writeString(jdk.resolve("release"), "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"" + version.getKey() + "\"\n");
            Path java = jdk.resolve("bin").resolve("java"); // writes down the options it is given
            Files.writeString(java, "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"$0.options\"\n");
            assertThat(java.toFile().setExecutable(true)).isTrue();

            // -Xshare:off keeps the launcher from making a class-data archive for this "JDK"
            Result result = Distribution.run(work, Map.of("SYSGAUGE_JAVA", java.toString(), "SYSGAUGE_JAVA_OPTS", "-Xshare:off"),
                    "--version");

            assertThat(result.exitCode()).isZero();
            assertThat(Files.readAllLines(jdk.resolve("bin").resolve("java.options")))
                    .as("JDK %s", version.getKey())
                    .contains("io.sysgauge.cli.Main")
                    .satisfies(options -> assertThat(options.contains("-XX:TrimNativeHeapInterval=30000"))
                            .as("trimmed on JDK %s", version.getKey()).isEqualTo(version.getValue()));
        }
    }

    @Test
    void aNewerJdkStartsWithoutWarningsOfNativeAccess() throws Exception {
        Path jdk25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
        Assumptions.assumeTrue(Files.isExecutable(jdk25), "no JDK 25 on this machine");

        Result result = Distribution.run(work, Map.of("SYSGAUGE_JAVA", jdk25.toString(), "SYSGAUGE_JAVA_OPTS", "-Xshare:off"),
                "once", "--window", "100ms", "--format", "json");

        assertThat(result.exitCode()).isZero();
        assertThat(JSON.readTree(result.out()).has("cpu_percent")).isTrue();
        assertThat(result.err()).doesNotContain("WARNING");
    }

    @Test
    void pluginsListsTheSevenAndThePrometheusExporterWithTheirOwnVersionsAndProbeResults() throws Exception {
        Result result = Distribution.run(work, "plugins", "--format", "json");

        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).isEmpty();
        JsonNode report = JSON.readTree(result.out());
        assertThat(report.get("spi").asText()).isEqualTo("1.3.0");
        assertThat(ids(report.get("plugins"))).containsExactlyElementsOf(Distribution.PLUGIN_IDS);
        // What each plugin says on a machine without its hardware, as CI machines are.
        Map<String, String> absentBecause = Map.of(
                "nvidia", "libnvidia-ml.so.1 not found in ",
                "amd", "the amdgpu driver is not loaded",
                "apple", "Apple silicon GPUs are read on macOS only; this machine runs Linux",
                "tpu", "no Google TPU on the PCI bus",
                "ipu", "no Graphcore IPU device (/dev/ipu*)",
                "trainium", "no Neuron device (/dev/neuron*)",
                "openmetrics", "no endpoints configured; set openmetrics.endpoints");
        for (JsonNode plugin : report.get("plugins")) {
            String id = plugin.get("id").asText();
            assertThat(plugin.get("version").asText()).isEqualTo("0.1.0");
            if (Distribution.EXPORTER_IDS.contains(id)) {
                assertThat(plugin.get("collectors")).isEmpty();
                assertThat(plugin.get("exporters")).extracting(JsonNode::asText).containsExactly(id);
                continue;
            }
            JsonNode collector = plugin.get("collectors").get(0);
            if (id.equals("nvidia") && Distribution.hasNvidiaDriver()
                    || id.equals("amd") && Files.exists(Path.of("/sys/module/amdgpu"))
                    || id.equals("tpu") && Files.exists(Path.of("/dev/accel0"))
                    || id.equals("ipu") && Files.exists(Path.of("/dev/ipu0"))
                    || id.equals("trainium") && Files.exists(Path.of("/dev/neuron0"))) {
                continue; // a GPU machine: the plugin's own tests cover it
            }
            assertThat(collector.get("state").asText()).isEqualTo("absent");
            assertThat(collector.get("reason").asText()).contains(absentBecause.get(id));
        }
        assertThat(report.get("skipped_plugins")).isEmpty();
        assertThat(Distribution.run(work, "plugins").out())
                .containsPattern("nvidia\\s+0\\.1\\.0\\s+" + (Distribution.hasNvidiaDriver() ? "present" : "absent"))
                .containsPattern("prometheus\\s+0\\.1\\.0\\s+exporter\\s+serves /metrics with serve and run --listen;"
                        + " section prometheus");
    }

    @Test
    void aCorruptJarDroppedIntoPluginsIsReportedAndSkippedWhileTheRestLoad() throws Exception {
        Path plugins = copyOfPlugins(null);
        Files.writeString(plugins.resolve("sysgauge-plugin-broken-9.9.9.jar"), "not a jar");

        Result result = Distribution.run(work, "plugins", "--format", "json", "--set", "plugins.dir=" + plugins);

        assertThat(result.exitCode()).isZero();
        JsonNode report = JSON.readTree(result.out());
        assertThat(ids(report.get("plugins"))).containsExactlyElementsOf(Distribution.PLUGIN_IDS);
        assertThat(report.get("skipped_plugins")).singleElement().satisfies(skipped -> {
            assertThat(skipped.get("jar").asText()).isEqualTo("sysgauge-plugin-broken-9.9.9.jar");
            assertThat(skipped.get("reason").asText()).startsWith("not a valid plugin jar");
        });
        assertThat(result.err().lines()).singleElement().asString()
                .startsWith("WARN skipping plugin ").contains("sysgauge-plugin-broken-9.9.9.jar");
    }

    @Test
    void removingAJarRemovesThatFamily() throws Exception {
        Path plugins = copyOfPlugins("nvidia");

        JsonNode report = JSON.readTree(Distribution.run(work, "plugins", "--format", "json", "--set", "plugins.dir=" + plugins).out());

        assertThat(ids(report.get("plugins"))).hasSize(Distribution.PLUGIN_IDS.size() - 1).doesNotContain("nvidia");
        assertThat(Distribution.run(work, "once", "--set", "plugins.dir=" + plugins, "--set", "nvidia.library=/x").err())
                .contains("nvidia.library: unknown key (no installed plugin has a section 'nvidia')");
    }

    @Test
    void onceWithPidPrintsEverySeedHostKeyWithPlausibleValues() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "30").start();
        try {
            Result result = Distribution.run(work, "once", "--pid", Long.toString(sleeper.pid()), "--format", "json");

            assertThat(result.exitCode()).isZero();
            JsonNode sample = JSON.readTree(result.out());
            for (String key : SEED_HOST_KEYS) {
                assertThat(sample.has(key)).as(key).isTrue();
            }
            for (String percent : List.of("cpu", "disk./.usagePercent", "proc.memory.percent", "memory_percent", "cpu_percent",
                    "cpu_iowait_percent")) {
                assertThat(sample.has(percent)).as(percent).isTrue();
                assertThat(sample.get(percent).asDouble()).as(percent).isBetween(0.0, 100.0);
            }
            assertThat(sample.get("proc.cpu.threads").asInt()).isEqualTo(1);
            assertThat(sample.get("proc.memory.rssMB").asDouble()).isBetween(0.1, 100.0);
            assertThat(sample.get("disk./.usageGB").asDouble()).isPositive();
            assertThat(sample.get("proc.memory.availableMB").asDouble()).isPositive();
            assertThat(sample.get("sysgauge.collector.process.up").asInt()).isEqualTo(1);
        } finally {
            sleeper.destroyForcibly();
        }
    }

    @Test
    void onceWithoutPidLeavesTheProcessKeysOut() throws Exception {
        JsonNode sample = JSON.readTree(Distribution.run(work, "once", "--format", "json").out());

        assertThat(sample.has("memory_percent")).isTrue();
        for (String key : PROCESS_KEYS) {
            assertThat(sample.has(key)).as(key).isFalse();
        }
    }

    @Test
    void runRecordsTwoBusyChildrenAndExitsWithTheCommandsCode() throws Exception {
        // The children start after sysgauge's first record (its baseline of the tree), and the job stays
        // until two records more, so all of their time falls inside the run; times prints the shell's
        // user and system time, then those of its reaped children.
        Path job = Files.writeString(work.resolve("job.sh"), """
                events() { ls sysgauge-runs/*/events.jsonl 2>/dev/null; }
                until [ -s "$(events)" ]; do sleep 0.02; done
                times > before.txt
                timeout 3 sh -c 'while :; do :; done' & timeout 3 sh -c 'while :; do :; done' & wait
                times > after.txt
                seen=$(wc -l < "$(events)")
                until [ "$(wc -l < "$(events)")" -ge $((seen + 2)) ]; do sleep 0.02; done
                exit 7
                """);

        Result result = Distribution.run(work, "run", "--interval", "250ms", "--", "sh", job.toString());

        assertThat(result.exitCode()).as(result.err()).isEqualTo(7);
        Path run = Distribution.onlyRun(work.resolve("sysgauge-runs"));
        List<JsonNode> records = records(run);
        assertThat(records).hasSizeGreaterThanOrEqualTo(3);
        JsonNode metadata = JSON.readTree(run.resolve("metadata.json").toFile());
        double cpus = processCpus(metadata);
        // The CPU time the records stand for: each reading is a rate since the one before it (a tick too
        // close to the last has none), and the first is from before the children started.
        double recorded = 0;
        double previousRuntime = records.get(0).get("_runtime").asDouble();
        for (JsonNode record : records.subList(1, records.size())) {
            if (record.has("system.cpu")) {
                double runtime = record.get("_runtime").asDouble();
                recorded += record.get("system.cpu").asDouble() / 100 * cpus * (runtime - previousRuntime);
                previousRuntime = runtime;
            }
        }
        List<Double> before = shellTimes(work.resolve("before.txt"));
        List<Double> after = shellTimes(work.resolve("after.txt"));
        double shellOwn = after.get(0) + after.get(1) - before.get(0) - before.get(1);
        double children = after.get(2) + after.get(3) - before.get(2) - before.get(3);
        System.out.printf("two busy children: %.3f CPU s in %d records on %s CPUs, against the children's %.3f s"
                + " and the shell's own %.3f s%n", recorded, records.size(), cpus, children, shellOwn);
        // However much CPU a busy machine left them, the children's time is in the records (TreeCpuIT
        // holds the sum to 5 %), which the idle shell's own could not account for.
        assertThat(children).as("the children's CPU seconds against the shell's own %s", shellOwn).isGreaterThan(shellOwn);
        assertThat(recorded).as("CPU seconds in the records, against the children's %s", children)
                .isGreaterThan(children / 2);
        assertThat(metadata.get("exitCode").asInt()).isEqualTo(7);
        assertThat(metadata.get("records").asInt()).isEqualTo(records.size());
        assertThat(metadata.get("plugins")).hasSize(Distribution.PLUGIN_IDS.size());
    }

    @Test
    void aBadSetValueIsOneLineAndExitCode2() throws Exception {
        Result result = Distribution.run(work, "run", "--set", "sampling.interval=often", "--", "true");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).isEqualTo(
                "sysgauge: sampling.interval: expected a duration like 250ms, 5s or 1m, got 'often' (from --set)\n");
        assertThat(work.resolve("sysgauge-runs")).doesNotExist();
    }

    @Test
    void sigtermStopsARecordingCleanly() throws Exception {
        Launched run = Distribution.start(work, Map.of(), "run", "--quiet", "--interval", "100ms");
        Path events = awaitRunFolder().resolve("events.jsonl");
        Distribution.awaitLines(events, 3, Duration.ofSeconds(20));

        run.process().destroy();

        assertThat(run.await().exitCode()).isZero();
        List<JsonNode> records = records(events.getParent());
        JsonNode metadata = JSON.readTree(events.resolveSibling("metadata.json").toFile());
        assertThat(metadata.get("stoppedBy").asText()).isEqualTo("SIGTERM");
        assertThat(metadata.get("records").asInt()).isEqualTo(records.size());
        assertThat(metadata.has("endedAt")).isTrue();
    }

    @Test
    void signalsAreForwardedToTheCommand() throws Exception {
        String trapping = "trap 'exit 42' TERM; trap 'exit 43' INT; while :; do sleep 0.05; done";
        for (String[] signal : new String[][] {{"TERM", "42"}, {"INT", "43"}}) {
            Path folder = Files.createDirectories(work.resolve(signal[0]));
            Launched run = Distribution.startWithDefaultSignals(folder, "run", "--quiet", "--interval", "100ms", "--", "sh",
                    "-c", trapping);
            Distribution.awaitLines(awaitRunFolder(folder).resolve("events.jsonl"), 2, Duration.ofSeconds(20));

            new ProcessBuilder("kill", "-" + signal[0], Long.toString(run.process().pid())).start().waitFor();

            assertThat(run.await().exitCode()).as("exit code after SIG" + signal[0]).isEqualTo(Integer.parseInt(signal[1]));
        }
    }

    @Test
    void aSigtermWhilePluginsProbeReachesTheCommandInsteadOfOrphaningIt() throws Exception {
        // A neuron-monitor that never reports holds the trainium probe for 3 s.
        Path silentTool = Files.writeString(work.resolve("neuron-monitor"), "#!/bin/sh\nexec sleep 30\n");
        silentTool.toFile().setExecutable(true);
        Path childPid = work.resolve("child.pid");
        Launched run = Distribution.start(work, Map.of(), "run", "--quiet", "--interval", "100ms",
                "--set", "trainium.detect=force", "--set", "trainium.neuronMonitor=" + silentTool,
                "--", "sh", "-c", "echo $$ > " + childPid + "; exec sleep 60");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!(Files.exists(childPid) && Files.readString(childPid).endsWith("\n")) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        long child = Long.parseLong(Files.readString(childPid).strip());

        new ProcessBuilder("kill", "-TERM", Long.toString(run.process().pid())).start().waitFor();

        assertThat(run.await().exitCode()).as(run.stderr()).isEqualTo(143);
        assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false)).as("the command").isFalse();
        JsonNode metadata = JSON.readTree(awaitRunFolder().resolve("metadata.json").toFile());
        assertThat(metadata.get("stoppedBy").asText()).isEqualTo("command exited");
        assertThat(metadata.get("exitCode").asInt()).isEqualTo(143);
    }

    @Test
    void aKilledRecordingLeavesOnlyWholeLines() throws Exception {
        Launched run = Distribution.start(work, Map.of(), "run", "--quiet", "--interval", "100ms");
        Path events = awaitRunFolder().resolve("events.jsonl");
        Distribution.awaitLines(events, 5, Duration.ofSeconds(20));

        run.process().destroyForcibly();
        run.process().waitFor(10, TimeUnit.SECONDS);

        String content = Files.readString(events);
        assertThat(content).endsWith("\n");
        assertThat(records(events.getParent())).allSatisfy(record -> assertThat(record.has("_timestamp")).isTrue());
    }

    @Test
    void onATerminalAProgressLineIsRedrawnInPlaceAndQuietSilencesIt() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "util-linux script gives the command a terminal");
        // A process of its own that waits for three records of the run that watches it, however long a
        // loaded machine takes for them. The progress line is for runs without a command (CommandLifeIT).
        String untilThreeRecords = "sh -c 'until [ \"$(cat " + work.resolve("runs") + "/*/events.jsonl 2>/dev/null | wc -l)\" -ge 3 ];"
                + " do sleep 0.05; done' & exec " + Distribution.launcher() + " run --interval 200ms --out " + work.resolve("runs")
                + " --pid $!";
        Path job = Files.writeString(work.resolve("job.sh"), untilThreeRecords + "\n");
        Path quietJob = Files.writeString(work.resolve("quiet.sh"), untilThreeRecords + " --quiet\n");

        String onTerminal = Distribution.underTerminal(work, "sh " + job);
        Files.walk(work.resolve("runs")).sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        String quiet = Distribution.underTerminal(work, "sh " + quietJob);
        String piped = Distribution.run(work, "run", "--interval", "200ms", "--duration", "600ms").err();

        assertThat(onTerminal).contains("\r\033[Ksysgauge 00:00:00  1 record  ", "mem ")
                .containsPattern("\r\033\\[Ksysgauge \\d\\d:\\d\\d:\\d\\d  3 records  ");
        assertThat(quiet).doesNotContain("\033[K", "records");
        assertThat(piped).doesNotContain("\033[K").contains("recording to");
    }


    private Path awaitRunFolder() throws Exception {
        return awaitRunFolder(work);
    }

    private static Path awaitRunFolder(Path workDir) throws Exception {
        return Distribution.awaitRun(workDir.resolve("sysgauge-runs"));
    }

    private Path copyOfPlugins(String without) throws IOException {
        Path copy = Files.createDirectories(work.resolve("plugins-copy"));
        for (Path jar : Distribution.pluginJars()) {
            if (without == null || !jar.getFileName().toString().startsWith("sysgauge-plugin-" + without + "-")) {
                Files.copy(jar, copy.resolve(jar.getFileName()));
            }
        }
        return copy;
    }

    // What the process collector divided by: its probe puts it into metadata.json.
    private static double processCpus(JsonNode metadata) {
        for (JsonNode collector : metadata.get("collectors")) {
            if (collector.get("id").asText().equals("process")) {
                return collector.get("metadata").get("cpu_available").asDouble();
            }
        }
        throw new AssertionError("no process collector in " + metadata);
    }

    // "0m0.010000s 0m0.002000s\n0m2.990000s 0m0.004000s\n": the shell's user and system, then its children's.
    private static List<Double> shellTimes(Path file) throws IOException {
        Matcher time = Pattern.compile("(\\d+)m([\\d.]+)s").matcher(Files.readString(file));
        List<Double> seconds = new ArrayList<>();
        while (time.find()) {
            seconds.add(Integer.parseInt(time.group(1)) * 60 + Double.parseDouble(time.group(2)));
        }
        assertThat(seconds).as("times output in %s", file).hasSize(4);
        return seconds;
    }

    private static List<String> ids(JsonNode plugins) {
        List<String> ids = new ArrayList<>();
        plugins.forEach(plugin -> ids.add(plugin.get("id").asText()));
        return ids;
    }

    private static List<JsonNode> records(Path run) throws IOException {
        List<JsonNode> records = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve("events.jsonl"))) {
            records.add(Distribution.STRICT_JSON.readTree(line));
        }
        return records;
    }
}
