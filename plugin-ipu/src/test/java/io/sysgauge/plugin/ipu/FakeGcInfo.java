package io.sysgauge.plugin.ipu;

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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The command runner's side of gc-info: what each command line prints and exits with, or that it
 * hangs until its timeout. The parsing and the collector are real; the distribution's tests run a
 * real executable.
 */
final class FakeGcInfo implements CommandRunner {

    static final Path ON_PATH = Path.of("/opt/poplar/bin/gc-info");

    private final Map<String, CommandResult> results = new HashMap<>();
    private final List<String> calls = new ArrayList<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile boolean installed;
    private volatile boolean hang;

    /** Puts gc-info on the fake PATH. */
    FakeGcInfo install() {
        installed = true;
        return this;
    }

    /** What {@code gc-info <arguments>} prints and exits with; a later answer for the same line replaces it. */
    synchronized FakeGcInfo answer(String arguments, String stdout, int exitCode) {
        results.put(arguments, new CommandResult(exitCode, stdout,
                exitCode == 0 ? "" : "Error: device 9 not found", false, Duration.ofMillis(5)));
        return this;
    }

    /** Answers the listing with the four-IPU partition and each IPU's attributes with the pod4 fixtures. */
    FakeGcInfo pod4() {
        answer("--list-devices", Fixtures.text("gc-info-list-devices-pod.txt"), 0);
        for (int ipu = 0; ipu < 4; ipu++) {
            answer("--device-id " + ipu + " --device-info", Fixtures.text("gc-info-device-info-pod4-ipu" + ipu + ".txt"), 0);
        }
        return this;
    }

    /** Makes every later run block until its timeout, or until {@link #release}. */
    FakeGcInfo hang() {
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
        String arguments = String.join(" ", command.subList(1, command.size()));
        synchronized (this) {
            calls.add(arguments);
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
        CommandResult result;
        synchronized (this) {
            result = results.get(arguments);
        }
        return result != null ? result
                : new CommandResult(2, "", "unknown command line gc-info " + arguments, false, Duration.ZERO);
    }

    @Override
    public Optional<Path> locate(String name, List<Path> fallbackDirectories) {
        return installed && name.equals("gc-info") ? Optional.of(ON_PATH) : Optional.empty();
    }
}
