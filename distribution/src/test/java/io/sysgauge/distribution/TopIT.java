package io.sysgauge.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysgauge.distribution.Distribution.Result;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sysgauge top on a real pseudo-terminal (tmux) and through a pipe. */
class TopIT {

    private static final Path TMUX = Path.of("/usr/bin/tmux");

    @TempDir
    Path work;

    @Test
    void onATerminalTheBarsAreRedrawnUntilQIsPressedAndTheTerminalIsRestored() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(TMUX), "tmux gives the launcher a pseudo-terminal and sends it keys");
        String session = "sysgauge-top-" + ProcessHandle.current().pid();
        Path sttyAfter = work.resolve("stty-after.txt");
        // The shell line runs after top ends on the same terminal: its stty shows what top left behind.
        String command = Distribution.launcher() + " top --interval 500ms; stty -a > " + sttyAfter;
        try {
            assertThat(tmux("new-session", "-d", "-s", session, "-x", "120", "-y", "40", command).exitCode()).isZero();

            String screen = awaitScreen(session, "Memory");
            assertThat(screen).contains("sysgauge top", "every 500ms", "q quits");
            assertThat(screen).containsPattern("CPU +\\[#*\\.*\\] +\\d+\\.\\d%");
            assertThat(screen).containsPattern("Memory +\\[#*\\.*\\] +\\d+\\.\\d%");
            // The bars stretch to the 120 columns tmux gives the pane.
            assertThat(screen.lines().filter(line -> line.startsWith("CPU")).findFirst().orElseThrow()).hasSizeGreaterThan(90);

            tmux("send-keys", "-t", session, "q");

            assertThat(awaitEnd(session, 10)).as("top ended within 10 s of q").isTrue();
            String stty = Files.readString(sttyAfter, StandardCharsets.UTF_8);
            assertThat(stty).containsPattern("(^|\\s)icanon(\\s|$)").containsPattern("(^|\\s)echo(\\s|$)");
        } finally {
            tmux("kill-session", "-t", session);
        }
    }

    @Test
    void plainPrintsOneBlockPerRefreshWithoutEscapeCodesAndStopsAfterTheIterations() throws Exception {
        Result result = Distribution.run(work, "top", "--plain", "--iterations", "2", "--interval", "300ms");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).doesNotContain("\u001b");
        List<String> headers = result.out().lines().filter(line -> line.startsWith("sysgauge top  ")).toList();
        assertThat(headers).hasSize(2).allSatisfy(header -> assertThat(header).endsWith("every 300ms"));
        assertThat(result.out().lines().filter(line -> line.matches("CPU +\\[[#.]+\\] +\\d+\\.\\d%"))).hasSize(2);
        assertThat(result.out().lines().filter(line -> line.matches("Memory +\\[[#.]+\\] +\\d+\\.\\d%"))).hasSize(2);
    }

    @Test
    void badInputIsOneLineAndExitCodeTwo() throws Exception {
        Result result = Distribution.run(work, "top", "--iterations", "0");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("sysgauge: --iterations: expected at least 1, got 0\n");
    }

    private String awaitScreen(String session, String expected) throws Exception {
        String screen = "";
        for (int i = 0; i < 300 && !screen.contains(expected); i++) {
            Thread.sleep(100);
            screen = tmux("capture-pane", "-p", "-t", session).out();
        }
        assertThat(screen).as("the pane within 30 s").contains(expected);
        return screen;
    }

    private boolean awaitEnd(String session, int seconds) throws Exception {
        for (int i = 0; i < seconds * 10; i++) {
            if (tmux("has-session", "-t", session).exitCode() != 0) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    private Result tmux(String... args) throws IOException, InterruptedException {
        // A server of its own, so that neither a user's tmux nor its environment is involved.
        List<String> command = new ArrayList<>(List.of(TMUX.toString(), "-L", "sysgauge-top-it-" + ProcessHandle.current().pid()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("tmux " + String.join(" ", args) + " did not finish");
        }
        return new Result(process.exitValue(), output, "");
    }
}
