package io.sysgauge.testkit;

import io.sysgauge.spi.CommandResult;
import io.sysgauge.spi.CommandRunner;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Vendor command-line tools as a collector's {@link CommandRunner} sees them: which are installed,
 * and what each command line prints and exits with, given by the test from the real tools'
 * output. It can also make every run hang until its timeout, as a tool stuck on a driver does.
 * The parsing and the collector stay real; for a test that needs a real process, put a small
 * executable script in a temporary folder instead.
 *
 * <pre>{@code
 * ScriptedTools tools = new ScriptedTools(Path.of("/opt/rocm/bin")).install("rocm-smi")
 *         .answer("rocm-smi -a --json", Files.readString(fixture));
 * }</pre>
 */
public final class ScriptedTools implements CommandRunner {

    private final Path binDirectory;
    private final Map<String, Path> installed = new ConcurrentHashMap<>();
    private final Map<String, CommandResult> results = new ConcurrentHashMap<>();
    private final List<String> calls = new ArrayList<>();
    private boolean hang; // guarded by this



    /** @param binDirectory where installed tools are found, such as {@code /opt/rocm/bin} */
    public ScriptedTools(Path binDirectory) {
        this.binDirectory = binDirectory;
    }

    /**
     * @param name a tool's file name, found from now on in the bin directory
     * @return these tools
     */
    public ScriptedTools install(String name) {
        installed.put(name, binDirectory.resolve(name));
        return this;
    }

    /**
     * What a command line prints when it succeeds; a later answer for the same line replaces it.
     *
     * @param commandLine the tool's file name and its arguments, space-separated: {@code "rocm-smi -a --json"}
     * @param stdout what it prints
     * @return these tools
     */
    public ScriptedTools answer(String commandLine, String stdout) {
        return answer(commandLine, 0, stdout, "");
    }

    /**
     * What a command line prints and exits with.
     *
     * @param commandLine the tool's file name and its arguments, space-separated
     * @param exitCode its exit code
     * @param stdout what it prints on standard output
     * @param stderr what it prints on standard error
     * @return these tools
     */
    public ScriptedTools answer(String commandLine, int exitCode, String stdout, String stderr) {
        results.put(commandLine, new CommandResult(exitCode, stdout, stderr, false, Duration.ofMillis(5)));
        return this;
    }

    /**
     * Makes every later run block until its timeout, or until {@link #release}.
     *
     * @return these tools
     */
    public synchronized ScriptedTools hang() {
        hang = true;
        return this;
    }

    /** Ends {@link #hang}: runs waiting now, and later ones, answer as scripted. */
    public synchronized void release() {
        hang = false;
        notifyAll();
    }

    /** @return every command line run so far, in order */
    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    @Override
    public CommandResult run(List<String> command, Duration timeout) throws IOException {
        String line = String.join(" ", command).replaceFirst("^\\S*/", "");
        synchronized (this) {
            calls.add(line);
            long deadline = System.nanoTime() + timeout.toNanos();
            try {
                while (hang) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return new CommandResult(-1, "", "", true, timeout);
                    }
                    TimeUnit.NANOSECONDS.timedWait(this, left);
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
