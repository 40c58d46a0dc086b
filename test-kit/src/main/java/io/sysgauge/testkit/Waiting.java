package io.sysgauge.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Waiting for something a test cannot time: a process to end, a file to fill. Tests on a loaded
 * machine wait for the condition, never for a fixed time; the time-out only ends a test whose
 * condition never comes, and is long enough that load does not reach it.
 */
public final class Waiting {

    private static final long PATIENCE_NANOS = TimeUnit.MINUTES.toNanos(2);

    private Waiting() {}

    /**
     * Polls every 50 ms until the condition holds.
     *
     * @param condition what to wait for
     * @param what the condition in words, for the failure message
     * @throws AssertionError after two minutes without it
     * @throws InterruptedException if interrupted
     */
    public static void until(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE_NANOS;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("waited 2 minutes for " + what);
            }
            Thread.sleep(50);
        }
    }

    /**
     * @param process a process
     * @return whether it no longer runs: gone, or a zombie that its new parent has not reaped yet
     */
    public static boolean ended(ProcessHandle process) {
        if (!process.isAlive()) {
            return true;
        }
        if (!Files.isDirectory(Path.of("/proc/self"))) {
            return false; // no /proc to tell a zombie by
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return true; // reaped meanwhile
        }
    }
}
