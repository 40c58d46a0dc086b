package io.sysgauge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sysgauge.host.FixtureTree;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The commands as a user runs them, in this JVM: exit codes, output, run folders. */
class MainTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private record Result(int exitCode, String out, String err) {}

    private Result sysgauge(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> withIsolation = new ArrayList<>(List.of(args));
        int insertAt = withIsolation.contains("--") ? withIsolation.indexOf("--") : withIsolation.size();
        if (!withIsolation.isEmpty() && List.of("run", "once", "plugins").contains(withIsolation.get(0))) {
            withIsolation.addAll(insertAt, List.of("--set", "plugins.dir=" + tmp.resolve("no-plugins")));
        }
        String[] commandArgs = withIsolation.toArray(String[]::new);
        CommandLine commandLine = Main.commandLine(commandArgs); // as main() makes it
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(commandArgs);
        return new Result(exitCode, out.toString(), err.toString());
    }

    @Test
    void helpNamesTheCommandsAndTheirPurpose() {
        Result help = sysgauge("--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("run", "once", "plugins", "sysgauge run -- python train.py");
        assertThat(sysgauge("run", "--help").out()).contains("--interval", "--duration", "--pid", "--no-tree", "--set");
    }

    @Test
    void aCommandBuiltAloneHelpsAndParsesAsInTheWholeTree() {
        for (String name : Main.subcommands().keySet()) {
            assertThat(Main.subcommands().get(name).getAnnotation(CommandLine.Command.class).name()).isEqualTo(name);
            StringWriter alone = new StringWriter();
            StringWriter inTree = new StringWriter();
            CommandLine justThis = Main.commandLine(new String[] {name, "--help"});
            CommandLine whole = Main.commandLine();
            justThis.setOut(new PrintWriter(alone, true));
            whole.setOut(new PrintWriter(inTree, true));

            assertThat(justThis.getSubcommands().keySet()).as(name)
                    .isEqualTo(name.equals("help") ? Main.subcommands().keySet() : Set.of(name));
            assertThat(justThis.execute(name, "--help")).isEqualTo(whole.execute(name, "--help"));
            assertThat(alone.toString()).as(name).isNotEmpty().isEqualTo(inTree.toString());
        }
        assertThat(Main.commandLine(new String[] {"onec"}).getSubcommands()).as("a typo gets every command")
                .hasSameSizeAs(Main.subcommands());
    }

    @Test
    void versionNamesSysgaugeAndTheSpi() {
        assertThat(sysgauge("--version").out()).matches("sysgauge \\S+ \\(plugin SPI \\d+\\.\\d+\\.\\d+\\)\\R");
    }

    @Test
    void aBadSetValueIsOneLineAndExitCode2() {
        Result result = sysgauge("once", "--set", "sampling.interval=fast");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("sysgauge: sampling.interval: expected a duration like 250ms, 5s or 1m, got 'fast' (from --set)\n");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void aBadLabelIsOneLineAndExitCode2() {
        Result badName = sysgauge("run", "--label", "bad-name=x", "--", "true");
        Result noValue = sysgauge("serve", "--label", "job");
        Result badInFile = sysgauge("run", "--set", "labels.9lives=x", "--", "true");

        assertThat(badName.exitCode()).isEqualTo(2);
        assertThat(badName.err()).isEqualTo("sysgauge: --label: a label name is letters, digits and '_', not starting with"
                + " a digit; got 'bad-name'\n");
        assertThat(noValue.exitCode()).isEqualTo(2);
        assertThat(noValue.err()).isEqualTo("sysgauge: --label takes key=value, such as --label job=demo; got 'job'\n");
        assertThat(badInFile.exitCode()).isEqualTo(2);
        assertThat(badInFile.err()).isEqualTo("sysgauge: labels.9lives: a label name is letters, digits and '_',"
                + " not starting with a digit, got '9lives' (from --set)\n");
    }

    @Test
    void anUnknownOptionIsOneLineAndExitCode2() {
        Result result = sysgauge("once", "--frobnicate");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().lines()).singleElement().asString()
                .startsWith("sysgauge: Unknown option: '--frobnicate'").endsWith("(see 'sysgauge once --help')");
    }

    @Test
    void aBadFormatIsOneLineAndExitCode2() {
        Result result = sysgauge("once", "--format", "xml");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().lines()).hasSize(1);
    }

    @Test
    void anUnknownKeyInTheConfigFileNamesKeyAndFile() throws IOException {
        Path config = tmp.resolve("sysgauge.yaml");
        Files.writeString(config, "sampling:\n  interval: 1s\n  jitter: 5ms\n");

        Result result = sysgauge("once", "--config", config.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("sysgauge: sampling.jitter: unknown key (from " + config + ")\n");
    }

    @Test
    void onceWithoutPidPrintsHostKeysButNoProcessKeys() throws IOException {
        Result result = sysgauge("once", "--format", "json");

        assertThat(result.exitCode()).isZero();
        JsonNode sample = JSON.readTree(result.out());
        assertThat(sample.has("cpu_percent")).isTrue();
        assertThat(sample.has("memory_percent")).isTrue();
        assertThat(sample.has("disk./.usagePercent")).isTrue();
        assertThat(sample.has("network.sent")).isTrue();
        assertThat(sample.has("cpu")).isFalse();
        assertThat(sample.has("proc.memory.rssMB")).isFalse();
    }

    @Test
    void onceReadsTheHostAtTheConfiguredProcAndSysRoots() throws IOException {
        FixtureTree proc = new FixtureTree(tmp.resolve("host/proc"))
                .file("stat", "cpu  10 0 0 90 0 0 0 0 0 0\ncpu0 10 0 0 90 0 0 0 0 0 0\nintr 1 0\n")
                .file("meminfo", "MemTotal: 8388608 kB\nMemFree: 1048576 kB\nMemAvailable: 2097152 kB\n")
                .file("net/dev", "h1|\nh2|\n lo: 100 1 0 0 0 0 0 0 100 1 0 0 0 0 0 0\n")
                .file("diskstats", " 254 0 vda 10 0 2048 0 10 0 4096 0 0 0 0\n");
        FixtureTree sys = new FixtureTree(tmp.resolve("host/sys")).dir("block/vda/slaves");

        Result result = sysgauge("once", "--format", "json", "--set", "host.proc=" + proc.root(), "--set", "host.sys=" + sys.root());

        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode sample = JSON.readTree(result.out());
        assertThat(sample.get("memory_percent").asDouble()).isEqualTo(75.0);
        assertThat(sample.get("proc.memory.availableMB").asDouble()).isEqualTo(2048.0);
        assertThat(sample.get("network.sent").asDouble()).isZero();
        assertThat(sample.has("disk.vda.in")).isTrue();
    }

    @Test
    void aHostProcThatIsNotAProcFilesystemIsOneLineAndExitCode2() {
        Result result = sysgauge("once", "--set", "host.proc=" + tmp);

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("sysgauge: host.proc: '" + tmp + "' is not a proc filesystem: it has no readable stat file"
                + " (from --set)\n");
    }

    @Test
    void onceWithPidAddsTheProcessKeys() throws IOException {
        Result result = sysgauge("once", "--pid", Long.toString(ProcessHandle.current().pid()), "--format", "json");

        JsonNode sample = JSON.readTree(result.out());
        assertThat(sample.get("proc.memory.rssMB").asDouble()).isPositive();
        assertThat(sample.get("proc.cpu.threads").asDouble()).isGreaterThan(1);
        assertThat(sample.has("cpu")).isTrue();
    }

    @Test
    void onceAsATableShowsKeysValuesAndUnits() {
        Result result = sysgauge("once");

        assertThat(result.out().lines().findFirst()).hasValueSatisfying(header -> assertThat(header).matches("KEY\\s+VALUE\\s+UNIT"));
        assertThat(result.out()).containsPattern("memory_percent\\s+[0-9.]+\\s+%");
    }

    @Test
    void runRecordsACommandAndExitsWithItsExitCode() throws IOException {
        Path out = tmp.resolve("runs");

        Result result = sysgauge("run", "--interval", "100ms", "--out", out.toString(), "--", "sh", "-c", "sleep 0.6; exit 3");

        assertThat(result.exitCode()).isEqualTo(3);
        Path run = onlyRunFolder(out);
        List<String> lines = Files.readAllLines(run.resolve("events.jsonl"));
        assertThat(lines).hasSizeGreaterThanOrEqualTo(4);
        for (String line : lines) {
            JsonNode record = JSON.readTree(line);
            assertThat(record.get("_timestamp").isNumber()).isTrue();
            assertThat(record.get("_runtime").asDouble()).isGreaterThanOrEqualTo(0);
            assertThat(record.has("system.memory_percent")).isTrue();
        }
        // Not necessarily the last record: a tick can fall between the command's exit and sysgauge seeing it.
        assertThat(lines).anyMatch(line -> line.contains("\"system.proc.memory.rssMB\""));
        JsonNode metadata = JSON.readTree(run.resolve("metadata.json").toFile());
        assertThat(metadata.get("program").asText()).isEqualTo("sh");
        assertThat(metadata.get("exitCode").asInt()).isEqualTo(3);
        assertThat(metadata.get("records").asInt()).isEqualTo(lines.size());
        assertThat(metadata.has("endedAt")).isTrue();
        assertThat(result.err()).contains("recording to " + run, "the command exited with 3");
    }

    @Test
    void runWithoutACommandRecordsTheHostForTheDuration() throws IOException {
        Path out = tmp.resolve("runs");

        Result result = sysgauge("run", "--quiet", "--interval", "100ms", "--duration", "500ms", "--out", out.toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).isEmpty();
        // It ends by itself after the duration; how many ticks fit in it is the machine's load's business.
        List<String> lines = Files.readAllLines(onlyRunFolder(out).resolve("events.jsonl"));
        assertThat(lines).isNotEmpty();
        assertThat(JSON.readTree(lines.get(0)).has("system.memory_percent")).isTrue();
        assertThat(JSON.readTree(lines.get(0)).has("system.cpu")).isFalse();
    }

    @Test
    void runCommandArgumentsNeedNoSeparator() throws IOException {
        Path out = tmp.resolve("runs");

        Result result = sysgauge("run", "--quiet", "--interval", "100ms", "--out", out.toString(), "sh", "-c", "exit 5", "--not-ours");

        assertThat(result.exitCode()).isEqualTo(5);
    }

    @Test
    void runRefusesWhatItCannotRun() throws IOException {
        Result missing = sysgauge("run", "--out", tmp.toString(), "--", "no-such-command-xyz");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("sysgauge: cannot run 'no-such-command-xyz': No such file or directory\n");

        Result gone = sysgauge("run", "--pid", "2147483646");
        assertThat(gone.exitCode()).isEqualTo(2);
        assertThat(gone.err()).isEqualTo("sysgauge: no running process has pid 2147483646\n");

        Result both = sysgauge("run", "--pid", "1", "--", "true");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("either --pid or a command");

        Path file = tmp.resolve("a-file");
        Files.writeString(file, "");
        Result unwritable = sysgauge("run", "--out", file.resolve("runs").toString(), "--", "true");
        assertThat(unwritable.exitCode()).isEqualTo(2);
        assertThat(unwritable.err()).isEqualTo("sysgauge: cannot create a run folder in " + file.resolve("runs")
                + " (not a directory); choose another with --out or output.dir\n");

        Result badDuration = sysgauge("run", "--duration", "soon");
        assertThat(badDuration.exitCode()).isEqualTo(2);
        assertThat(badDuration.err()).startsWith("sysgauge: --duration: expected a duration");
    }

    @Test
    void pluginsWithAnEmptyFolderSaysHowToAddSome() {
        Result result = sysgauge("plugins");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("No plugins installed");
    }

    private static Path onlyRunFolder(Path out) throws IOException {
        try (Stream<Path> runs = Files.list(out)) {
            List<Path> all = runs.toList();
            assertThat(all).hasSize(1);
            assertThat(all.get(0).getFileName().toString()).matches("run-\\d{8}_\\d{6}-[0-9a-f]{6}");
            return all.get(0);
        }
    }
}
