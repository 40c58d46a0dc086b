package io.sysgauge.plugin.trainium;

import io.sysgauge.support.ToolProcesses;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of {@code neuron-monitor -c <config>} as a child process: the plugin's only contact with
 * processes. Its standard output is read line by line by the caller; its standard error is drained
 * on a thread of its own, keeping the last line to say why it ended. Closing kills it and every
 * process it started; so does sysgauge ending in any way, a SIGKILL included ({@link ToolProcesses}).
 */
final class NeuronMonitorProcess implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(NeuronMonitorProcess.class);

    // Core gives a collector two seconds to close: a polite signal, then a forced one.
    private static final Duration TERMINATE_GRACE = Duration.ofMillis(300);
    private static final Duration KILL_WAIT = Duration.ofMillis(500);
    private static final int MAX_ERROR_LINE = 300;

    private final Process process;
    private final BufferedReader output;
    private final Thread errorDrain;
    private volatile String lastErrorLine = "";

    private NeuronMonitorProcess(Process process) {
        this.process = process;
        this.output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.errorDrain = new Thread(this::drainErrors, "sysgauge-trainium-stderr-" + process.pid());
        this.errorDrain.setDaemon(true);
        this.errorDrain.start();
    }

    /**
     * @param tool the neuron-monitor executable
     * @param configFile its configuration file
     * @return the running child
     * @throws IOException if it cannot be started (not executable, not a program)
     */
    static NeuronMonitorProcess start(Path tool, Path configFile) throws IOException {
        Process process = ToolProcesses.start(List.of(tool.toString(), "-c", configFile.toString()));
        logger.debug("started {} -c {} as pid {}", tool, configFile, process.pid());
        return new NeuronMonitorProcess(process);
    }

    /** @return the pid of the process started: the shell that ties neuron-monitor to sysgauge, where there is one */
    long pid() {
        return process.pid();
    }

    /**
     * @return the next line of standard output, or null once it is closed (the child ended)
     * @throws IOException if the output cannot be read, as when it was closed under a blocked read
     */
    String readLine() throws IOException {
        return output.readLine();
    }

    /**
     * Says how the child ended, once its output is closed: {@code "exited with status 1: <last line
     * of standard error>"}.
     *
     * @return one line for logs and metadata
     */
    String describeEnd() {
        try {
            if (!process.waitFor(1, TimeUnit.SECONDS)) {
                return "closed its output but is still running";
            }
            errorDrain.join(200); // the last error line may still be on its way
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "was interrupted while ending";
        }
        String reason = lastErrorLine;
        return "exited with status " + process.exitValue() + (reason.isEmpty() ? "" : ": " + reason);
    }

    /**
     * Kills the child and its descendants, waiting briefly for them to go; a reader blocked on the
     * output then sees its end. Never throws.
     */
    @Override
    public void close() {
        // The deepest go first, a generation at a time, while their parents can still reap them: a
        // process whose parent is gone lingers as a zombie until init collects it, outside the tree.
        // (neuron-monitor itself is a child of the shell that ties it to sysgauge.)
        List<ProcessHandle> tree = new ArrayList<>();
        for (List<ProcessHandle> generation : descendantsDeepestFirst()) {
            generation.forEach(ProcessHandle::destroy);
            awaitExit(generation, TERMINATE_GRACE);
            tree.addAll(generation);
        }
        process.destroy();
        tree.add(process.toHandle());
        if (!awaitExit(tree, TERMINATE_GRACE)) {
            tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
            if (!awaitExit(tree, KILL_WAIT)) {
                logger.warn("neuron-monitor (pid {}) or a process it started did not end when killed: pid {} still runs",
                        process.pid(), tree.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList());
            }
        }
    }

    /**
     * Closes the child's standard output. Only the thread that reads it may call this: a reader
     * blocked in {@link #readLine} holds the stream, and the child's end is what releases it.
     */
    void closeOutput() {
        try {
            output.close();
        } catch (IOException e) {
            logger.debug("closing neuron-monitor's output: {}", e.toString());
        }
    }

    private Collection<List<ProcessHandle>> descendantsDeepestFirst() {
        Map<Integer, List<ProcessHandle>> generations = new TreeMap<>(Comparator.reverseOrder());
        process.descendants().forEach(descendant -> generations.computeIfAbsent(generation(descendant),
                generation -> new ArrayList<>()).add(descendant));
        return generations.values();
    }

    /** @return 1 for a child, 2 for a grandchild, ...; one whose line to the child broke meanwhile counts as deepest */
    private int generation(ProcessHandle descendant) {
        int generation = 0;
        for (Optional<ProcessHandle> at = Optional.of(descendant); at.isPresent(); at = at.get().parent()) {
            if (at.get().pid() == process.pid()) {
                return generation;
            }
            generation++;
        }
        return Integer.MAX_VALUE;
    }

    private static boolean awaitExit(List<ProcessHandle> processes, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ProcessHandle handle : processes) {
            try {
                handle.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private void drainErrors() {
        try (BufferedReader errors = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = errors.readLine()) != null) {
                if (!line.isBlank()) {
                    logger.debug("neuron-monitor: {}", line);
                    String stripped = line.strip();
                    lastErrorLine = stripped.length() > MAX_ERROR_LINE ? stripped.substring(0, MAX_ERROR_LINE) : stripped;
                }
            }
        } catch (IOException e) {
            logger.debug("reading neuron-monitor's standard error: {}", e.toString());
        }
    }
}
