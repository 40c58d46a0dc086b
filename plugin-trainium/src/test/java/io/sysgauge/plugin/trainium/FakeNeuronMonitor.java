package io.sysgauge.plugin.trainium;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A stand-in for neuron-monitor: a shell script in a test's folder, run as a real child process,
 * printing fixture reports. What it does is up to each test's script body.
 */
final class FakeNeuronMonitor {

    /** How long a test waits for what must come: a child process starts slowly on a busy machine. */
    static final Duration PATIENCE = Duration.ofSeconds(60);

    private FakeNeuronMonitor() {}

    /** @return an executable script {@code dir/neuron-monitor} with this body after the shebang */
    static Path script(Path dir, String body) throws IOException {
        Path script = dir.resolve("neuron-monitor");
        Files.writeString(script, "#!/bin/sh\n" + body, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    /** @return a file holding these fixture lines, one report per line, for the script to print */
    static Path reports(Path dir, String name, List<String> lines) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return file;
    }

    /** @return the number the script wrote to this file (a pid), once it is there */
    static long awaitNumber(Path file) {
        await(() -> read(file).matches("\\d+"), file + " to hold a number");
        return Long.parseLong(read(file));
    }

    /** @return the lines of a file the script appends to; none while it does not exist */
    static int lineCount(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file).size() : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for the condition, polling every 20 ms; {@link #PATIENCE} only ends a test whose condition never comes. */
    static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + PATIENCE.toSeconds() + " s for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what);
            }
        }
    }

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file).strip() : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
