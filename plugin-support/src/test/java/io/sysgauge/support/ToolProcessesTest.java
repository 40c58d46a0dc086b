package io.sysgauge.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sysgauge.testkit.Waiting;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

        Waiting.until(() -> tool.stream().allMatch(Waiting::ended), "the tool and its child to end");
        // The guard kills the deepest process first: a tool that waits on that child may end by itself
        // (0) before its own SIGKILL (137) reaches it. Either way it is gone, which is the point.
        assertThat(process.waitFor()).as("the tool's status").isIn(0, 128 + 9);
    }

    @Test
    void aGuardKilledOutrightTakesTheToolWithIt() throws Exception {
        Path pids = work.resolve("pids");
        Process process = ToolProcesses.start(List.of("sh", "-c", "echo $$ >> \"$1\"; sleep 600 & echo $! >> \"$1\"; wait",
                "neuron-monitor", pids.toString()));
        started.add(process.toHandle());
        List<ProcessHandle> tool = awaitPids(pids);

        process.destroyForcibly(); // Java closes the guard's input when it sees it end

        Waiting.until(() -> tool.stream().allMatch(Waiting::ended), "the tool and its child to end");
    }

    private List<ProcessHandle> awaitPids(Path file) throws InterruptedException, IOException {
        Waiting.until(() -> lineCount(file) >= 2, file + " to hold two pids");
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
}
