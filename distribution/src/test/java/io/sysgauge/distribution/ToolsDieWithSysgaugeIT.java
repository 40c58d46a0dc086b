package io.sysgauge.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysgauge.distribution.Distribution.Launched;
import io.sysgauge.testkit.Waiting;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sysgauge run} killed with SIGKILL (no shutdown hook runs) while a fake neuron-monitor
 * streams and a fake rocm-smi hangs: the tools go with it, the monitored command stays.
 */
class ToolsDieWithSysgaugeIT {

    @TempDir
    Path work;

    private final List<ProcessHandle> leftovers = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        leftovers.forEach(ProcessHandle::destroyForcibly);
    }

    @Test
    void killingSysgaugeOutrightKillsItsToolsAndWhatTheyStartedButNotTheMonitoredCommand() throws Exception {
        Path toolPids = work.resolve("tool-pids");
        Path trainerPid = work.resolve("trainer-pid");
        // Each tool writes its pid and that of the child it waits for, as neuron-monitor waits for its period.
        Path neuronMonitor = tool("neuron-monitor", """
                echo $$ >> %1$s
                cat %2$s
                sleep 600 &
                echo $! >> %1$s
                wait
                """.formatted(toolPids, fixture("trainium", "neuron-monitor-trn1.2xlarge-3reports.json", 0)));
        // rocm-smi answers the probe, then hangs: a reading's time-out (2 intervals) is far off.
        Path rocmSmi = tool("rocm-smi", """
                if [ -e %3$s ]; then
                    echo $$ >> %1$s
                    sleep 600 &
                    echo $! >> %1$s
                    wait
                fi
                touch %3$s
                cat %2$s
                """.formatted(toolPids, fixture("amd", "rocm-smi-rx6700xt-rocm6.1.2.json", -1), work.resolve("answered")));
        Path amdSmi = tool("amd-smi", "echo 'ERROR: no AMD GPU driver found' >&2\nexit 1\n");

        Launched run = Distribution.start(work, Map.of(), "run", "--quiet", "--interval", "60s",
                "--set", "trainium.detect=force", "--set", "trainium.neuronMonitor=" + neuronMonitor,
                "--set", "amd.detect=force", "--set", "amd.smi=" + amdSmi, "--set", "amd.rocmSmi=" + rocmSmi,
                "--", "sh", "-c", "echo $$ > " + trainerPid + "; exec sleep 600");
        leftovers.add(run.process().toHandle());
        Waiting.until(() -> lineCount(toolPids) >= 4 && lineCount(trainerPid) >= 1 || !run.process().isAlive(),
                "neuron-monitor, a hung rocm-smi and the trainer");
        List<ProcessHandle> tools = handles(toolPids);
        ProcessHandle trainer = handles(trainerPid).get(0);
        assertThat(tools).as("both tools and their children, running; sysgauge said: %s", run.stderr())
                .hasSize(4).allMatch(ProcessHandle::isAlive);
        assertThat(trainer.isAlive()).isTrue();

        ProcessHandle jvm = jvmOf(run.process());
        jvm.destroyForcibly(); // SIGKILL
        run.process().waitFor();

        Waiting.until(() -> tools.stream().allMatch(Waiting::ended), "the tools " + tools + " to end");
        assertThat(trainer.isAlive()).as("the monitored command outlives its monitor").isTrue();
    }

    /** bin/sysgauge execs java; were it to stay a shell, the JVM would be among its descendants. */
    private static ProcessHandle jvmOf(Process launcher) {
        return Stream.concat(Stream.of(launcher.toHandle()), launcher.descendants())
                .filter(process -> process.info().command().map(command -> command.endsWith("/java")).orElse(false))
                .findFirst().orElseThrow(() -> new AssertionError("no java process in the launcher's tree"));
    }

    /** @return a file holding one of a plugin's fixtures, or only its line {@code line} when that is not -1 */
    private Path fixture(String plugin, String name, int line) throws IOException {
        String text;
        try (InputStream in = getClass().getResourceAsStream("/io/sysgauge/plugin/" + plugin + "/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name + " on the test class path");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path file = work.resolve(name);
        Files.writeString(file, line < 0 ? text : text.lines().toList().get(line) + "\n");
        return file;
    }

    /** A fake tool: a shell script with this body. */
    private Path tool(String name, String body) throws IOException {
        Path script = work.resolve("bin").resolve(name);
        Files.createDirectories(script.getParent());
        Files.writeString(script, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    private List<ProcessHandle> handles(Path pidFile) throws IOException {
        List<ProcessHandle> handles = new ArrayList<>();
        for (String line : Files.readAllLines(pidFile)) {
            ProcessHandle.of(Long.parseLong(line.strip())).ifPresent(handles::add);
        }
        leftovers.addAll(handles);
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
