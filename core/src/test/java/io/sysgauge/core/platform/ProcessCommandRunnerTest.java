package io.sysgauge.core.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sysgauge.spi.CommandResult;
import io.sysgauge.support.ToolProcesses;
import io.sysgauge.testkit.Waiting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real child processes: small shell scripts standing in for vendor tools. */
class ProcessCommandRunnerTest {

    /** A tool that writes its pid and its child's to the file named by its first argument, then hangs. */
    private static final String HANGS_WITH_A_CHILD = "echo working; echo $$ >> \"$1\"; sleep 600 & echo $! >> \"$1\"; wait";

    @TempDir
    Path work;

    private final List<ProcessHandle> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        started.forEach(ProcessHandle::destroyForcibly);
    }

    @Test
    void returnsTheToolsOutputAndExitStatus() throws IOException {
        CommandResult result = new ProcessCommandRunner().run(
                List.of("sh", "-c", "echo '{\"gpu\": 0}'; echo 'WARNING: no KFD' >&2; exit 3"), Duration.ofMinutes(1));

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.stdout()).isEqualTo("{\"gpu\": 0}\n");
        assertThat(result.stderr()).isEqualTo("WARNING: no KFD\n");
        assertThat(result.timedOut()).isFalse();
    }

    @Test
    void aToolKilledByASignalReportsItAsUsual() throws IOException {
        CommandResult result = new ProcessCommandRunner().run(List.of("sh", "-c", "kill -KILL $$"), Duration.ofMinutes(1));

        assertThat(result.exitCode()).isEqualTo(128 + 9);
        assertThat(result.stderr()).isEmpty();
    }

    @Test
    void aToolReadsNothing() throws IOException {
        CommandResult result = new ProcessCommandRunner().run(List.of("cat"), Duration.ofMinutes(1));

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).isEmpty();
    }

    @Test
    void aMissingOrNonExecutableToolCannotBeStarted() throws IOException {
        Path notExecutable = Files.writeString(work.resolve("rocm-smi"), "#!/bin/sh\necho 1\n");
        ProcessCommandRunner runner = new ProcessCommandRunner();

        assertThatThrownBy(() -> runner.run(List.of(work.resolve("amd-smi").toString()), Duration.ofMinutes(1)))
                .isInstanceOf(IOException.class).hasMessageContaining("No such file or directory");
        assertThatThrownBy(() -> runner.run(List.of("no-such-tool-on-path-xyz"), Duration.ofMinutes(1)))
                .isInstanceOf(IOException.class).hasMessageContaining("No such file or directory");
        assertThatThrownBy(() -> runner.run(List.of(notExecutable.toString()), Duration.ofMinutes(1)))
                .isInstanceOf(IOException.class).hasMessageContaining("Permission denied");
        assertThatThrownBy(() -> runner.run(List.of(work.toString()), Duration.ofMinutes(1)))
                .isInstanceOf(IOException.class).hasMessageContaining("Permission denied");
    }

    @Test
    void aToolFoundOnPathRuns() throws IOException {
        CommandResult result = new ProcessCommandRunner().run(List.of("sh", "-c", "echo found"), Duration.ofMinutes(1));

        assertThat(result.stdout()).isEqualTo("found\n");
    }

    @Test
    void atTheTimeoutTheToolAndItsChildrenAreKilledAndItsOutputSoFarKept() throws Exception {
        Path script = tool("hung-smi", HANGS_WITH_A_CHILD);
        Path pids = work.resolve("pids");
        CommandResult result;
        // The timeout grows until the tool got as far as starting its child on this (perhaps loaded) machine.
        Duration timeout = Duration.ofSeconds(1);
        do {
            Files.deleteIfExists(pids);
            timeout = timeout.multipliedBy(2);
            result = new ProcessCommandRunner().run(List.of(script.toString(), pids.toString()), timeout);
        } while (lines(pids) < 2 && timeout.toMinutes() < 2);

        assertThat(result.timedOut()).isTrue();
        assertThat(result.exitCode()).isEqualTo(-1);
        assertThat(result.stdout()).isEqualTo("working\n");
        awaitGone(handles(pids));
    }

    @Test
    void aToolDiesWithTheJvmThatRanIt() throws Exception {
        assumeTrue(ToolProcesses.isGuarded(), "tools are tied to sysgauge where there is a POSIX shell");
        Path script = tool("hung-smi", HANGS_WITH_A_CHILD);
        Path pids = work.resolve("pids");
        Process runnerJvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), RunsOneTool.class.getName(), script.toString(), pids.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(work.resolve("runner-jvm.err").toFile())
                .start();
        started.add(runnerJvm.toHandle());
        Waiting.until(() -> lines(pids) >= 2 || !runnerJvm.isAlive(), "the tool to start its child");
        List<ProcessHandle> tool = handles(pids);
        assertThat(tool).as("the tool and its child, running; the runner JVM said: %s",
                Files.readString(work.resolve("runner-jvm.err"))).hasSize(2).allMatch(ProcessHandle::isAlive);

        runnerJvm.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs
        runnerJvm.waitFor();

        awaitGone(tool);
    }

    /** The JVM the test kills: it runs one tool through the runner and waits for it. */
    static final class RunsOneTool {
        public static void main(String[] command) throws IOException {
            new ProcessCommandRunner().run(List.of(command), Duration.ofHours(1));
        }
    }

    private Path tool(String name, String body) throws IOException {
        Path script = work.resolve(name);
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    private static int lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file).size() : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private List<ProcessHandle> handles(Path pids) throws IOException {
        List<ProcessHandle> handles = new ArrayList<>();
        for (String line : Files.readAllLines(pids)) {
            Optional<ProcessHandle> handle = ProcessHandle.of(Long.parseLong(line.strip()));
            handle.ifPresent(handles::add);
            handle.ifPresent(started::add);
        }
        return handles;
    }

    private static void awaitGone(List<ProcessHandle> processes) throws InterruptedException {
        Waiting.until(() -> processes.stream().allMatch(Waiting::ended), "pids " + processes + " to end");
    }
}
