package io.sysgauge.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * How a command run through {@link CommandRunner} ended.
 */
public final class CommandResult {

    private final int exitCode;
    private final String stdout;
    private final String stderr;
    private final boolean timedOut;
    private final Duration elapsed;

    /**
     * @param exitCode the exit status; meaningless when {@code timedOut}
     * @param stdout everything the command printed on standard output, decoded as UTF-8
     * @param stderr everything it printed on standard error
     * @param timedOut whether it was killed at its timeout
     * @param elapsed wall time from start to exit or kill
     */
    public CommandResult(int exitCode, String stdout, String stderr, boolean timedOut, Duration elapsed) {
        this.exitCode = exitCode;
        this.stdout = Objects.requireNonNull(stdout, "stdout");
        this.stderr = Objects.requireNonNull(stderr, "stderr");
        this.timedOut = timedOut;
        this.elapsed = Objects.requireNonNull(elapsed, "elapsed");
    }

    /** @return the exit status */
    public int exitCode() {
        return exitCode;
    }

    /** @return standard output */
    public String stdout() {
        return stdout;
    }

    /** @return standard error */
    public String stderr() {
        return stderr;
    }

    /** @return whether the command was killed at its timeout */
    public boolean timedOut() {
        return timedOut;
    }

    /** @return wall time the command took */
    public Duration elapsed() {
        return elapsed;
    }

    /** @return whether it exited by itself with status 0 */
    public boolean succeeded() {
        return !timedOut && exitCode == 0;
    }

    /**
     * @return one line describing a failure, for logs: {@code "timed out after 5s"},
     *     {@code "exited with 3: <first line of stderr>"}
     */
    public String describeFailure() {
        if (timedOut) {
            return "timed out after " + elapsed.toMillis() + " ms";
        }
        String firstLine = stderr.strip().lines().findFirst().orElse("");
        return "exited with " + exitCode + (firstLine.isEmpty() ? "" : ": " + firstLine);
    }
}
