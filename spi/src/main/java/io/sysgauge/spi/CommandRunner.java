package io.sysgauge.spi;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Runs vendor command-line tools for collectors, with a timeout, so that a tool that hangs or
 * floods its output costs one reading and nothing more. Tests point collectors at small fake
 * executables through configuration, and this runner runs them like the real ones.
 */
public interface CommandRunner {

    /**
     * Runs a command to completion, its arguments uninterpreted, with nothing to read on standard input.
     *
     * <p>At the timeout the command and its descendants are killed and the result says
     * {@link CommandResult#timedOut()}. Output beyond a few megabytes is cut off. Core's runner
     * also kills them when sysgauge ends, however it ends (where there is a POSIX {@code /bin/sh}).
     *
     * @param command the executable and its arguments
     * @param timeout how long to wait
     * @return how it ended
     * @throws IOException if it cannot be started (not found, not executable)
     */
    CommandResult run(List<String> command, Duration timeout) throws IOException;

    /**
     * Finds an executable: on {@code PATH} first, then in the given directories.
     *
     * @param name the executable's file name, such as {@code "rocm-smi"}
     * @param fallbackDirectories searched after {@code PATH}, such as {@code /opt/rocm/bin}
     * @return the executable's path, if one was found
     */
    Optional<Path> locate(String name, List<Path> fallbackDirectories);
}
