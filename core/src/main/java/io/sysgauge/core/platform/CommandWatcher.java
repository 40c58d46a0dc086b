package io.sysgauge.core.platform;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import io.sysgauge.support.ToolProcesses;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ties a monitored command to this JVM: when sysgauge is gone, however it ended (SIGKILL, a
 * crash, the OOM killer), the command's process tree gets SIGTERM and, after a grace period,
 * SIGKILL. A JVM killed with SIGKILL runs no shutdown hook, so the tie is a small POSIX shell
 * started beside the command (a child of this JVM, not of the command, so the command's tree
 * and its metrics do not include it). The shell reads a pipe whose write end only this JVM holds;
 * when the pipe reaches its end it ends the command's tree. The same idea as plugin-support's
 * {@code ToolProcesses}, which ties vendor tools to sysgauge.
 *
 * <p>When the run ends normally the command has ended first; {@link #release} then tells the shell
 * to exit without touching anything, so a pid reused later is never signalled.
 */
public final class CommandWatcher implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(CommandWatcher.class);
    private static final Path SHELL = Path.of("/bin/sh");

    /*
     * $1 is the command's pid, $2 the grace period in seconds. The shell ignores the terminal's
     * SIGINT, SIGQUIT and SIGHUP (it must outlive a Ctrl-C that sysgauge survives) and reads
     * standard input until "release" (a normal end: exit quietly) or the end of the pipe (sysgauge
     * is gone). It then lists the command's descendants with POSIX ps (children first found, so
     * grandchildren reparented when their parent dies are still known), sends them and the command
     * SIGTERM, waits up to the grace period for the command to end, and sends SIGKILL to all that
     * were listed, and to any descendants found since.
     */
    private static final String WATCH = ToolProcesses.DESCENDANTS_FUNCTION + """
            trap '' INT QUIT HUP
            root=$1 grace=$2
            while read -r line; do
                [ "$line" = release ] && exit 0
            done
            listed=$(descendants "$root")
            kill -TERM "$root" $listed 2>/dev/null
            waited=0
            while kill -0 "$root" 2>/dev/null && [ "$waited" -lt $((grace * 10)) ]; do
                sleep 0.1
                waited=$((waited + 1))
            done
            kill -KILL "$root" $listed $(descendants "$root") 2>/dev/null
            exit 0
            """;

    private final Process shell;

    private CommandWatcher(Process shell) {
        this.shell = shell;
    }

    /**
     * Starts the watcher of a command this JVM started.
     *
     * @param command the running command
     * @param grace how long the command has between SIGTERM and SIGKILL once sysgauge is gone
     * @return the watcher, or null where there is no POSIX shell (the command then outlives sysgauge)
     */
    public static CommandWatcher watch(Process command, Duration grace) {
        if (File.separatorChar != '/' || !Files.isExecutable(SHELL)) {
            return null;
        }
        try {
            Process shell = new ProcessBuilder(List.of(SHELL.toString(), "-c", WATCH, "sysgauge-command-watcher",
                    Long.toString(command.pid()), Long.toString(Math.max(1, grace.toSeconds()))))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return new CommandWatcher(shell);
        } catch (IOException e) {
            logger.warn("the command will not be stopped if sysgauge is killed: cannot start /bin/sh ({})", IoErrors.describe(e));
            return null;
        }
    }

    /** @return the watcher's own pid */
    public long pid() {
        return shell.pid();
    }

    /** The command has ended and been waited for: the watcher exits without signalling anything. */
    public void release() {
        try (OutputStream pipe = shell.getOutputStream()) {
            pipe.write("release\n".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            // already gone; destroyed below either way
        }
        try {
            shell.waitFor();
        } catch (InterruptedException e) {
            shell.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        release();
    }
}
