package io.sysgauge.core.platform;

import io.sysgauge.spi.CommandResult;
import io.sysgauge.spi.CommandRunner;
import io.sysgauge.support.ToolProcesses;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs vendor tools as child processes, reading both output streams, killing them at a timeout.
 * The tools die with sysgauge even when it is killed outright ({@link ToolProcesses}).
 */
public final class ProcessCommandRunner implements CommandRunner {

    private static final int OUTPUT_LIMIT = 8 * 1024 * 1024;

    private final ExecutorService readers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "sysgauge-command-output");
        thread.setDaemon(true);
        return thread;
    });
    private final String path;

    /** Searches the {@code PATH} of this process. */
    public ProcessCommandRunner() {
        this(System.getenv("PATH"));
    }

    /** @param path the search path for {@link #locate}, as in the {@code PATH} variable */
    public ProcessCommandRunner(String path) {
        this.path = path == null ? "" : path;
    }

    @Override
    public CommandResult run(List<String> command, Duration timeout) throws IOException {
        long started = System.nanoTime();
        Process process = ToolProcesses.start(command);
        CompletableFuture<String> stdout = drain(process.getInputStream());
        CompletableFuture<String> stderr = drain(process.getErrorStream());
        boolean exited;
        try {
            exited = process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + command.get(0), e);
        }
        if (!exited) {
            kill(process);
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        return new CommandResult(exited ? process.exitValue() : -1, collect(stdout), collect(stderr), !exited, elapsed);
    }

    @Override
    public Optional<Path> locate(String name, List<Path> fallbackDirectories) {
        List<Path> directories = new ArrayList<>();
        for (String entry : path.split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                directories.add(Path.of(entry));
            }
        }
        directories.addAll(fallbackDirectories);
        for (Path directory : directories) {
            Path candidate = directory.resolve(name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    // Descendants first, so a wrapper script's children do not outlive it.
    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            try (stream) {
                for (int n; (n = stream.read(chunk)) >= 0; ) {
                    if (buffer.size() < OUTPUT_LIMIT) {
                        buffer.write(chunk, 0, Math.min(n, OUTPUT_LIMIT - buffer.size()));
                    }
                }
            } catch (IOException e) {
                // the stream closes when the process is killed; keep what arrived
            }
            return buffer.toString(StandardCharsets.UTF_8);
        }, readers);
    }

    private static String collect(CompletableFuture<String> output) {
        try {
            return output.get(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        } catch (ExecutionException | TimeoutException e) {
            // a grandchild that escaped the kill can hold the pipe open; give up on its output
            return "";
        }
    }
}
