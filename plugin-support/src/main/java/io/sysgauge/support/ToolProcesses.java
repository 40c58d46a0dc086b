package io.sysgauge.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts vendor tools (rocm-smi, gc-info, neuron-monitor) as child processes that end when sysgauge
 * ends, however it ends. A JVM killed with SIGKILL runs no shutdown hook, and its children would
 * otherwise run on: a hung tool for ever, neuron-monitor streaming to nobody.
 *
 * <p>Where {@code /bin/sh} is, a small POSIX shell starts the tool in the background and keeps the
 * read end of its own standard input: a pipe whose write end only this JVM holds. When the JVM is
 * gone, for whatever reason, the pipe reaches its end and the shell kills the tool and the
 * processes the tool started. (Linux's {@code PR_SET_PDEATHSIG} would fire when the JVM
 * <em>thread</em> that started the tool ends, and pooled threads come and go.) Where there is no
 * {@code /bin/sh} (Windows) the tool is started as it is.
 *
 * <p>The process returned is that shell. Its exit status and its output are the tool's; the tool,
 * and the shell's watcher, are its descendants, so killing its descendants and then it stops all.
 * Its standard input belongs to the guard: closing it, or this JVM ending, kills the tool. Java
 * closes it when the process ends. The tool itself reads from {@code /dev/null}, and ignores
 * SIGINT and SIGQUIT as background jobs do (a Ctrl-C reaches sysgauge, which closes its tools).
 *
 * <p>This is for tools sysgauge runs for itself. A command sysgauge monitors ({@code run -- CMD})
 * dies with sysgauge too, but through a watcher started beside it rather than a shell above it, so
 * that the command stays the root of the process tree it records, and with SIGTERM and a grace
 * period before SIGKILL (core's {@code CommandWatcher}).
 */
public final class ToolProcesses {

    private static final Path SHELL = Path.of("/bin/sh");

    /**
     * A POSIX shell function, {@code descendants PID}, that prints the pids of a process's
     * descendants, children first, one a line, as POSIX {@code ps} lists them (nothing without ps).
     * Shared by the guards that tie processes to sysgauge.
     */
    public static final String DESCENDANTS_FUNCTION = """
            descendants() {
                ps -A -o pid= -o ppid= 2>/dev/null | awk -v root="$1" '
                    { children[$2] = children[$2] " " $1 }
                    END {
                        todo = children[root]
                        while (todo != "") {
                            n = split(todo, batch, " "); todo = ""
                            for (i = 1; i <= n; i++) if (!(batch[i] in seen)) {
                                seen[batch[i]] = 1; print batch[i]; todo = todo " " children[batch[i]]
                            }
                        }
                    }'
            }
            """;

    /*
     * "$@" is the tool. Background jobs get /dev/null as standard input, so the pipe from the JVM is
     * kept on fd 3 for the watcher, which reads it until its end and then kills the tool's tree
     * (children first, listed with POSIX ps; without ps only the tool). The shell itself waits for
     * the tool and exits with its status; its own output goes to /dev/null so that its notes ("Killed")
     * never mix into the tool's, and it ends the watcher before it exits: a watcher left to read the
     * pipe's end later would kill a pid that may be someone else's by then.
     */
    private static final String GUARD = DESCENDANTS_FUNCTION + """
            IFS=' \t\n'
            exec 3<&0 </dev/null
            exec "$@" 3<&- &
            tool=$!
            {
                while read -r line; do :; done
                tree=$(descendants "$tool")
                kill -KILL $tree "$tool"
            } <&3 >/dev/null 2>&1 &
            watcher=$!
            exec 3<&- >/dev/null 2>&1
            wait "$tool"
            status=$?
            kill "$watcher"
            exit "$status"
            """;

    private ToolProcesses() {}

    /**
     * Starts a tool that dies with this JVM.
     *
     * @param command the executable and its arguments, found on {@code PATH} as {@link ProcessBuilder} would
     * @return the running process (the guarding shell, where there is one); leave its standard input alone
     * @throws IOException if the tool cannot be started: not found, not an executable file
     */
    public static Process start(List<String> command) throws IOException {
        if (!isGuarded()) {
            Process process = new ProcessBuilder(command).start();
            process.getOutputStream().close(); // tools read nothing
            return process;
        }
        // The shell would report a missing tool as exit status 127; callers expect what ProcessBuilder throws.
        requireExecutable(command.get(0));
        List<String> guarded = new ArrayList<>(command.size() + 4);
        guarded.addAll(List.of(SHELL.toString(), "-c", GUARD, "sysgauge-tool-guard"));
        guarded.addAll(command);
        return new ProcessBuilder(guarded).start();
    }

    /** @return whether tools are tied to this JVM here: wherever there is a POSIX shell */
    public static boolean isGuarded() {
        return File.separatorChar == '/' && Files.isExecutable(SHELL);
    }

    private static void requireExecutable(String program) throws IOException {
        List<Path> candidates = new ArrayList<>();
        if (program.contains("/")) {
            candidates.add(Path.of(program));
        } else {
            String path = System.getenv("PATH");
            for (String directory : (path == null ? "/bin:/usr/bin" : path).split(":", -1)) {
                candidates.add(Path.of(directory.isEmpty() ? "." : directory, program));
            }
        }
        boolean found = false;
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return;
            }
            found |= Files.exists(candidate);
        }
        throw new IOException("Cannot run program \"" + program + "\": "
                + (found ? "error=13, Permission denied" : "error=2, No such file or directory"));
    }
}
