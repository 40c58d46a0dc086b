package io.sysgauge.core.sampling;

import io.sysgauge.core.process.ProcessTracker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sampling loop: one tick at a fixed rate, the first at start. Each tick refreshes the
 * process tree, starts every collector on its own worker, waits for them up to a deadline
 * shorter than the interval, and hands one whole record to the sinks.
 */
public final class Sampler implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(Sampler.class);

    private final List<CollectorRunner> runners;
    private final ProcessTracker tracker;
    private final Duration interval;
    private final Duration deadline;
    private final List<RecordSink> sinks;
    private final boolean[] sinkFailed;
    private final long startNanos;
    private ScheduledExecutorService scheduler;
    private boolean closed;

    /**
     * @param runners the started collectors, in record order
     * @param tracker the monitored tree, refreshed at each tick
     * @param interval the tick period
     * @param deadline how long a tick waits for collectors
     * @param sinks where records go
     * @param startNanos when the run started, for {@code _runtime}
     */
    public Sampler(List<CollectorRunner> runners, ProcessTracker tracker, Duration interval, Duration deadline,
            List<RecordSink> sinks, long startNanos) {
        this.runners = List.copyOf(runners);
        this.tracker = tracker;
        this.interval = interval;
        this.deadline = deadline;
        this.sinks = List.copyOf(sinks);
        this.sinkFailed = new boolean[sinks.size()];
        this.startNanos = startNanos;
    }

    /**
     * The deadline for an interval: most of it, leaving room to write the record.
     *
     * @param interval the tick period
     * @return four fifths of it
     */
    public static Duration deadlineFor(Duration interval) {
        return interval.multipliedBy(4).dividedBy(5);
    }

    /** Starts ticking on a background thread; the first tick runs at once. */
    public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "sysgauge-sampler");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleAtFixedRate(this::tickAndDeliver, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Takes one record now, on the calling thread, without handing it to the sinks.
     *
     * @return the record
     */
    public Record tick() {
        long tickNanos = System.nanoTime();
        double timestamp = System.currentTimeMillis() / 1000.0;
        tracker.refresh();
        for (CollectorRunner runner : runners) {
            runner.begin();
        }
        long deadlineNanos = tickNanos + deadline.toNanos();
        List<Sample> samples = new ArrayList<>();
        for (CollectorRunner runner : runners) {
            runner.complete(deadlineNanos, samples);
        }
        return new Record(timestamp, (tickNanos - startNanos) / 1e9, samples);
    }

    private void tickAndDeliver() {
        try {
            Record record = tick();
            for (int i = 0; i < sinks.size(); i++) {
                try {
                    sinks.get(i).accept(record);
                } catch (Exception e) {
                    if (!sinkFailed[i]) {
                        sinkFailed[i] = true;
                        logger.error("cannot write a record to {}: {}", sinks.get(i), CollectorRunner.oneLine(e));
                    }
                }
            }
        } catch (RuntimeException | Error e) {
            // The loop must outlive any bug in a tick; a scheduled task that throws is never run again.
            logger.error("sampling tick failed: {}", CollectorRunner.oneLine(e), e);
        }
    }

    /**
     * Stops ticking after the tick in progress, then closes the collectors and the sinks. Safe
     * to call more than once.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (scheduler != null) {
            scheduler.shutdown();
            try {
                if (!scheduler.awaitTermination(interval.toMillis() + 2_000, TimeUnit.MILLISECONDS)) {
                    scheduler.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        runners.forEach(CollectorRunner::close);
        for (RecordSink sink : sinks) {
            try {
                sink.close();
            } catch (Exception e) {
                logger.error("cannot close {}: {}", sink, CollectorRunner.oneLine(e));
            }
        }
    }
}
