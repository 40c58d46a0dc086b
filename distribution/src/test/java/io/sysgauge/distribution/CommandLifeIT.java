package io.sysgauge.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sysgauge.distribution.Distribution.Launched;
import io.sysgauge.distribution.Distribution.Result;
import io.sysgauge.testkit.Waiting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The monitored command's life under {@code run}: it never outlives sysgauge, nor holds it for ever. */
class CommandLifeIT {

    @TempDir
    Path work;

    private final List<Long> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        // A failing test must not leave its sleeping command behind.
        started.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    @Test
    void theCommandDiesWhenSysgaugeIsKilled() throws Exception {
        Path pid = work.resolve("child.pid");
        Launched run = Distribution.start(work, Map.of(), "run", "--quiet", "--interval", "100ms",
                "--", "sh", "-c", "echo $$ > " + pid + "; exec sleep 1000");
        ProcessHandle command = awaitPid(pid);
        Path events = Distribution.awaitOnlyRun(work.resolve("sysgauge-runs")).resolve("events.jsonl");
        Waiting.until(() -> Distribution.lineCount(events) >= 2, "two records");

        run.process().destroyForcibly(); // SIGKILL: no shutdown hook runs
        assertThat(run.process().waitFor(60, TimeUnit.SECONDS)).isTrue();

        Waiting.until(() -> Waiting.ended(command), "the command " + command.pid() + " to end after sysgauge was killed");
    }

    @Test
    void aCommandThatIgnoresSigtermIsKilledAfterTheGracePeriod() throws Exception {
        Launched run = startIgnoringSigterm();
        ProcessHandle command = awaitPid(work.resolve("child.pid"));

        signal("TERM", run.process().pid());

        Result result = run.await();
        assertThat(result.exitCode()).as(result.err()).isEqualTo(137);
        assertThat(result.err()).contains("sysgauge: no end 10 s after SIGTERM: killed the command and its processes (SIGKILL)");
        assertThat(Waiting.ended(command)).isTrue();
    }

    @Test
    void aSecondSigtermKillsACommandThatIgnoresTheFirst() throws Exception {
        Launched run = startIgnoringSigterm();
        ProcessHandle command = awaitPid(work.resolve("child.pid"));

        signal("TERM", run.process().pid());
        signal("TERM", run.process().pid());

        Result result = run.await();
        assertThat(result.exitCode()).as(result.err()).isEqualTo(137);
        assertThat(result.err()).contains("sysgauge: a second SIGTERM: killed the command and its processes (SIGKILL)");
        assertThat(Waiting.ended(command)).isTrue();
    }

    @Test
    void aCommandThatEndsAtOnceStillHasARecord() throws Exception {
        // The default interval: the command ends long before a second tick could come.
        Result result = Distribution.run(work, "run", "--quiet", "--", "true");

        assertThat(result.exitCode()).as(result.err()).isZero();
        Path run = Distribution.awaitOnlyRun(work.resolve("sysgauge-runs"));
        List<JsonNode> records = Distribution.records(run);
        assertThat(records).isNotEmpty();
        assertThat(records.get(0).has("system.cpu_percent")).as(records.get(0).toString()).isTrue();
        JsonNode metadata = Distribution.STRICT_JSON.readTree(run.resolve("metadata.json").toFile());
        assertThat(metadata.get("records").asInt()).isEqualTo(records.size());
    }

    @Test
    void nothingAfterTheDashesIsAUsageError() throws Exception {
        Result result = Distribution.run(work, "run", "--");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("sysgauge: no command after --").contains("--duration").hasLineCount(1);
        assertThat(work.resolve("sysgauge-runs")).doesNotExist();
    }

    @Test
    void onATerminalTheProgressLineNeverSharesALineWithTheCommandsOutput() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "util-linux script gives the command a terminal");
        Path runs = work.resolve("runs");
        // The command prints, waits for three records of its run, and prints again.
        Path job = Files.writeString(work.resolve("job.sh"), "echo command-begins\n"
                + "until [ \"$(cat " + runs + "/*/events.jsonl 2>/dev/null | wc -l)\" -ge 3 ]; do sleep 0.05; done\n"
                + "echo command-ends\n");

        String output = Distribution.underTerminal(work, Distribution.launcher() + " run --interval 200ms --out " + runs + " -- sh " + job);

        assertThat(output).contains("command-begins", "command-ends", "sysgauge: recording to");
        assertThat(output.lines().filter(line -> line.contains("command-"))).allSatisfy(line -> assertThat(line.strip())
                .as("a line of the command's output").isIn("command-begins", "command-ends"));
        assertThat(output).doesNotContain("\033[K");
    }


    // A command that ignores SIGTERM (its children inherit that), once it has two records.
    private Launched startIgnoringSigterm() throws IOException, InterruptedException {
        Launched run = Distribution.start(work, Map.of(), "run", "--quiet", "--interval", "100ms",
                "--", "sh", "-c", "trap '' TERM; echo $$ > " + work.resolve("child.pid") + "; while :; do sleep 0.1; done");
        Path events = Distribution.awaitOnlyRun(work.resolve("sysgauge-runs")).resolve("events.jsonl");
        Waiting.until(() -> Distribution.lineCount(events) >= 2, "two records");
        return run;
    }

    private ProcessHandle awaitPid(Path file) throws InterruptedException {
        Waiting.until(() -> read(file).map(text -> text.endsWith("\n")).orElse(false), "the command's pid in " + file);
        long pid = Long.parseLong(read(file).orElseThrow().strip());
        started.add(pid);
        return ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("the command " + pid + " ended at once"));
    }

    private static Optional<String> read(Path file) {
        try {
            return Files.exists(file) ? Optional.of(Files.readString(file)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }




    private static void signal(String name, long pid) throws IOException, InterruptedException {
        assertThat(new ProcessBuilder("kill", "-" + name, Long.toString(pid)).start().waitFor()).isZero();
    }
}
