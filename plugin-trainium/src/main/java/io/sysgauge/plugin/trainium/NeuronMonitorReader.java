package io.sysgauge.plugin.trainium;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps neuron-monitor running and its newest report at hand, so that a tick never waits for it.
 * One thread starts the child, parses each line it prints, and restarts it when it ends, after 1 s,
 * then 2 s, 4 s and so on up to a minute; a child that ran for a minute starts the series over.
 * A failing child is logged once, and again once it reports. Closing kills the child.
 */
final class NeuronMonitorReader implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(NeuronMonitorReader.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    static final Duration FIRST_RESTART_DELAY = Duration.ofSeconds(1);
    static final Duration MAX_RESTART_DELAY = Duration.ofMinutes(1);

    /** Starts one run of the child. */
    interface Launcher {
        NeuronMonitorProcess start() throws IOException;
    }

    private record Report(JsonNode json, long receivedNanos) {}

    private final Launcher launcher;
    private final LongSupplier nanoClock;
    private final Thread thread;
    private final CountDownLatch firstOutcome = new CountDownLatch(1);
    private final Object lock = new Object();
    private NeuronMonitorProcess running; // guarded by lock
    private boolean closed; // guarded by lock
    private volatile Report latest;
    private volatile String firstFailure;
    private volatile Long restartDue;
    private boolean failing; // the reader thread's own

    /**
     * @param launcher starts the child
     * @param nanoClock the clock reports are timed by, and restarts waited for
     */
    NeuronMonitorReader(Launcher launcher, LongSupplier nanoClock) {
        this.launcher = launcher;
        this.nanoClock = nanoClock;
        this.thread = new Thread(this::loop, "sysgauge-trainium-neuron-monitor");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /**
     * Waits until the first report arrives or the first run of the child ends without one.
     *
     * @param timeout the longest wait
     * @return the first report, if one came in time
     */
    Optional<JsonNode> awaitFirstReport(Duration timeout) {
        try {
            firstOutcome.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Report first = latest;
        return first == null ? Optional.empty() : Optional.of(first.json());
    }

    /** @return how the first run of the child ended before it reported, if it did */
    Optional<String> firstFailure() {
        return Optional.ofNullable(firstFailure);
    }

    /** @return whether any report has arrived */
    boolean hasReported() {
        return latest != null;
    }

    /**
     * @param maxAge the oldest report still worth writing
     * @return the newest report, unless there is none or it is older than maxAge
     */
    Optional<JsonNode> latest(Duration maxAge) {
        Report report = latest;
        if (report == null || nanoClock.getAsLong() - report.receivedNanos() > maxAge.toNanos()) {
            return Optional.empty();
        }
        return Optional.of(report.json());
    }

    private void loop() {
        Duration delay = FIRST_RESTART_DELAY;
        while (true) {
            long started = nanoClock.getAsLong();
            String ending = runOnce();
            if (ending == null) {
                return; // closing
            }
            if (nanoClock.getAsLong() - started >= MAX_RESTART_DELAY.toNanos()) {
                delay = FIRST_RESTART_DELAY; // it had been working: this is a new failure, not the same one
            }
            if (latest == null && firstFailure == null) {
                firstFailure = "neuron-monitor " + ending;
                firstOutcome.countDown();
            }
            // Logged when the restart is due, not at the end: a Ctrl-C reaches the child too, and
            // sysgauge closing meanwhile is no failure worth a line.
            if (!sleepUnlessClosed(delay)) {
                logger.debug("neuron-monitor {} while sysgauge was closing", ending);
                return;
            }
            if (!failing) {
                failing = true;
                logger.warn("neuron-monitor {}; restarting it after {} s (later restarts wait longer while it keeps"
                        + " failing)", ending, delay.toSeconds());
            } else {
                logger.debug("neuron-monitor {}; restarting it after {} s", ending, delay.toSeconds());
            }
            delay = delay.multipliedBy(2).compareTo(MAX_RESTART_DELAY) > 0 ? MAX_RESTART_DELAY : delay.multipliedBy(2);
        }
    }

    /** @return how the run ended, or null when the reader is closing */
    private String runOnce() {
        NeuronMonitorProcess child;
        try {
            child = launcher.start();
        } catch (IOException e) {
            return isClosed() ? null : "could not be started: " + e.getMessage();
        }
        synchronized (lock) {
            if (closed) {
                child.close();
                return null;
            }
            running = child;
        }
        String readFailure = read(child);
        synchronized (lock) {
            if (closed) {
                return null; // close() kills the child
            }
            running = null;
        }
        String ending = readFailure != null ? readFailure : child.describeEnd();
        child.close();
        return ending;
    }

    /** Reads reports until the child's output ends. @return why reading stopped early, or null at its end */
    private String read(NeuronMonitorProcess child) {
        boolean badLineLogged = false;
        try {
            String line;
            while ((line = child.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode report;
                try {
                    report = JSON.readTree(line);
                } catch (JsonProcessingException e) {
                    if (!badLineLogged) {
                        badLineLogged = true; // once per run: a tool printing noise would flood the log
                        logger.warn("neuron-monitor printed a line that is not a JSON report; such lines are skipped ({})",
                                e.getOriginalMessage());
                    }
                    continue;
                }
                if (!report.isObject()) {
                    continue;
                }
                latest = new Report(report, nanoClock.getAsLong());
                firstOutcome.countDown();
                if (failing) {
                    failing = false;
                    logger.info("neuron-monitor reports again (pid {})", child.pid());
                }
            }
            return null;
        } catch (IOException e) {
            return "output could not be read: " + e.getMessage();
        } finally {
            child.closeOutput();
        }
    }

    private boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    /**
     * @return when the restart the reader waits for is due, on its clock; empty while it is not
     *     waiting to restart the child
     */
    OptionalLong restartDue() {
        Long due = restartDue;
        return due == null ? OptionalLong.empty() : OptionalLong.of(due);
    }

    /** @return false if the reader was closed during the wait */
    private boolean sleepUnlessClosed(Duration delay) {
        long deadline = nanoClock.getAsLong() + delay.toNanos();
        restartDue = deadline;
        try {
            synchronized (lock) {
                long remaining;
                while (!closed && (remaining = deadline - nanoClock.getAsLong()) > 0) {
                    try {
                        TimeUnit.NANOSECONDS.timedWait(lock, remaining);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                }
                return !closed;
            }
        } finally {
            restartDue = null;
        }
    }

    /** Stops restarting, kills the child and its descendants, and lets the thread end. Never throws. */
    @Override
    public void close() {
        NeuronMonitorProcess child;
        synchronized (lock) {
            closed = true;
            child = running;
            running = null;
            lock.notifyAll();
        }
        if (child != null) {
            child.close();
        }
        firstOutcome.countDown();
        try {
            thread.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
