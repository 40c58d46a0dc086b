package io.sysgauge.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guarding shell with real processes. Closing the guard's standard input is what the end of
 * the JVM does to it; core's ProcessCommandRunnerTest kills a whole JVM.
 */
class ToolProcessesTest {

    @TempDir
    Path work;

    private final List<ProcessHandle> started = new ArrayList<>();

    @BeforeEach
    void requireAShell() {
        assumeTrue(ToolProcesses.isGuarded(), "tools are tied to sysgauge where there is a POSIX shell");
    }

    @AfterEach
    void killLeftovers() {
        started.forEach(ProcessHandle::destroyForcibly);
    }

    @Test
    void argumentsReachTheToolAsTheyAre() throws Exception {
        Process process = ToolProcesses.start(List.of("printf", "%s\\n", "a b", "*", "$HOME", "it's", ""));

        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor()).isZero();
        assertThat(output).isEqualTo("a b\n*\n$HOME\nit's\n\n");
    }

    @Test
    void theEndOfItsStandardInputKillsTheToolAndWhatItStarted() throws Exception {
        Path pids = work.resolve("pids");
        Process process = ToolProcesses.start(List.of("sh", "-c", "echo $$ >> \"$1\"; sleep 600 & echo $! >> \"$1\"; wait",
                "neuron-monitor", pids.toString()));
        started.add(process.toHandle());
        List<ProcessHandle> tool = awaitPids(pids);

        process.getOutputStream().close();

        await(() -> tool.stream().allMatch(ToolProcessesTest::gone), "the tool and its child to end");
        assertThat(process.waitFor()).as("the tool's status: killed").isEqualTo(128 + 9);
    }

    @Test
    void aGuardKilledOutrightTakesTheToolWithIt() throws Exception {
        Path pids = work.resolve("pids");
        Process process = ToolProcesses.start(List.of("sh", "-c", "echo $$ >> \"$1\"; sleep 600 & echo $! >> \"$1\"; wait",
                "neuron-monitor", pids.toString()));
        started.add(process.toHandle());
        List<ProcessHandle> tool = awaitPids(pids);

        process.destroyForcibly(); // Java closes the guard's input when it sees it end

        await(() -> tool.stream().allMatch(ToolProcessesTest::gone), "the tool and its child to end");
    }

    private List<ProcessHandle> awaitPids(Path file) throws InterruptedException, IOException {
        await(() -> lineCount(file) >= 2, file + " to hold two pids");
        List<ProcessHandle> handles = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            ProcessHandle.of(Long.parseLong(line.strip())).ifPresent(handles::add);
        }
        started.addAll(handles);
        assertThat(handles).as("the tool and its child, running").hasSize(2);
        return handles;
    }

    private static int lineCount(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file).size() : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** A killed process stays a zombie until its new parent reaps it; it no longer runs. */
    private static boolean gone(ProcessHandle process) {
        if (!process.isAlive()) {
            return true;
        }
        if (!Files.isDirectory(Path.of("/proc/self"))) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return true; // reaped meanwhile
        }
    }

    /** Polls; the deadline only ends a test whose condition never comes. */
    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited 2 minutes for " + what);
            }
            Thread.sleep(50);
        }
    }
}
