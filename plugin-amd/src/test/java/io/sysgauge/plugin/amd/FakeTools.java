package io.sysgauge.plugin.amd;

import io.sysgauge.spi.CommandResult;
import io.sysgauge.spi.CommandRunner;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The command runner's side of amd-smi and rocm-smi: what each command line prints, exits with, or
 * whether it hangs until its timeout. The parsing and the collector are real; the distribution's
 * tests run real executables.
 */
final class FakeTools implements CommandRunner {

    private final Map<String, CommandResult> results = new ConcurrentHashMap<>();
    private final Map<String, Path> installed = new HashMap<>();
    private final List<String> calls = new ArrayList<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile boolean hang;

    /** Puts a tool on the fake PATH. */
    FakeTools install(String name) {
        installed.put(name, Path.of("/opt/rocm/bin", name));
        return this;
    }

    /** What {@code <tool> <arguments>} prints and exits with. */
    FakeTools answer(String commandLine, String stdout, int exitCode) {
        results.put(commandLine, new CommandResult(exitCode, stdout, exitCode == 0 ? "" : "error: device busy", false,
                Duration.ofMillis(5)));
        return this;
    }

    /** Makes every later run block until its timeout, or until {@link #release}. */
    FakeTools hang() {
        hang = true;
        return this;
    }

    void release() {
        hang = false;
        released.countDown();
    }

    synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    @Override
    public CommandResult run(List<String> command, Duration timeout) throws IOException {
        String line = Path.of(command.get(0)).getFileName() + " " + String.join(" ", command.subList(1, command.size()));
        synchronized (this) {
            calls.add(line);
        }
        if (hang) {
            try {
                if (!released.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    return new CommandResult(-1, "", "", true, timeout);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for " + command.get(0), e);
            }
        }
        CommandResult result = results.get(line);
        return result != null ? result : new CommandResult(2, "", "unknown command line " + line, false, Duration.ZERO);
    }

    @Override
    public Optional<Path> locate(String name, List<Path> fallbackDirectories) {
        return Optional.ofNullable(installed.get(name));
    }
}
