package io.sysgauge.support;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a slow vendor tool on a thread of its own, at most once per interval, and keeps its newest
 * parsed reading for {@link #latest}, so a tick never waits for the tool. A reading older than the
 * tool's timeout plus an interval is not handed out: a hung tool then costs its values, not the
 * tick. A failing tool is logged once, and again once it recovers.
 *
 * @param <T> what one reading holds an entry of: one per device
 */
public final class BackgroundReader<T> implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(BackgroundReader.class);

    /**
     * One reading: one or more runs of the tool, parsed.
     *
     * @param <T> an entry of the reading
     */
    public interface Source<T> {
        /**
         * @return the entries; the reader keeps them as they are
         * @throws IOException when the tool failed; its message says how, in one line
         */
        List<T> read() throws IOException;
    }

    private record Reading<T>(List<T> entries, long takenNanos) {}

    private final String toolName;
    private final String leftOut;
    private final Source<T> source;
    private final long intervalNanos;
    private final long maxAgeNanos;
    private final LongSupplier nanoClock;
    private final Thread thread;
    private volatile Reading<T> latest;
    private boolean failing;

    /**
     * @param toolName the tool, for log lines and the thread's name
     * @param leftOut what a failing tool costs, for its log line: "AMD GPU values"
     * @param source one reading
     * @param interval the sampling interval: the least time between the starts of two readings
     * @param timeout how long one reading may take; readings older than this plus an interval are stale
     * @param nanoClock a monotonic clock in nanoseconds
     */
    public BackgroundReader(String toolName, String leftOut, Source<T> source, Duration interval, Duration timeout,
            LongSupplier nanoClock) {
        this.toolName = toolName;
        this.leftOut = leftOut;
        this.source = source;
        this.intervalNanos = interval.toNanos();
        this.maxAgeNanos = timeout.toNanos() + interval.toNanos();
        this.nanoClock = nanoClock;
        this.thread = new Thread(this::loop, "sysgauge-" + toolName);
        this.thread.setDaemon(true);
    }

    /**
     * Starts the runs.
     *
     * @param first the probe's reading, handed out until the first run ends; null when the probe got none
     */
    public void start(List<T> first) {
        if (first != null) {
            latest = new Reading<>(first, nanoClock.getAsLong());
        } else {
            failing = true; // the probe has already said why
        }
        thread.start();
    }

    /** @return the newest reading, or an empty list when there is none or it is stale */
    public List<T> latest() {
        Reading<T> reading = latest;
        if (reading == null || nanoClock.getAsLong() - reading.takenNanos() > maxAgeNanos) {
            return List.of();
        }
        return reading.entries();
    }

    private void loop() {
        while (!Thread.currentThread().isInterrupted()) {
            long started = nanoClock.getAsLong();
            try {
                latest = new Reading<>(source.read(), nanoClock.getAsLong());
                if (failing) {
                    failing = false;
                    logger.info("{} answers again", toolName);
                }
            } catch (IOException e) {
                if (Thread.currentThread().isInterrupted()) {
                    return; // closing: the run was cut short on purpose
                }
                failed(e.getMessage());
            } catch (RuntimeException e) {
                failed("reading its output failed: " + e);
            }
            long wait = intervalNanos - (nanoClock.getAsLong() - started);
            if (wait > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    // Once per failure episode: a tool that keeps failing would otherwise log a line every interval.
    private void failed(String why) {
        if (!failing) {
            failing = true;
            logger.warn("{}: {}; {} are left out until it answers", toolName, why, leftOut);
        } else {
            logger.debug("{}: {}", toolName, why);
        }
    }

    /** Stops the runs; a run in progress is killed. */
    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(3));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
