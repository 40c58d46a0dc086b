package io.sysgauge.core.sampling;

import io.sysgauge.core.plugin.ContextClassLoader;
import io.sysgauge.spi.CollectorContext;
import io.sysgauge.spi.ConfigException;
import io.sysgauge.spi.MetricCollector;
import io.sysgauge.spi.MetricDescriptor;
import io.sysgauge.spi.Probe;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one collector: probe once, then one sample per tick with a deadline. A plugin's
 * collector runs on its own worker thread, whose context class loader is the plugin's loader;
 * a sample still running at the next tick makes that tick skip the collector instead of
 * queueing behind it. A failure or a missed deadline costs the tick, is logged once per
 * incident, and backs the collector off for a growing number of ticks.
 *
 * <p>Core's own /proc readers, which cannot block, run {@link #inline} on the sampling thread:
 * waking a worker and waiting for it costs more CPU than their reads (docs/performance.md).
 */
public final class CollectorRunner implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(CollectorRunner.class);

    private enum Attempt { RUNNING, BUSY, BACKING_OFF }

    private final MetricCollector collector;
    private final String id;
    private final ExecutorService worker; // null: inline
    private final int maxBackoffTicks;

    private Future<SampleBuffer> inFlight;
    private long inFlightStartNanos;
    private Attempt attempt;
    private int consecutiveFailures;
    private int ticksToSkip;

    private CollectorRunner(MetricCollector collector, ClassLoader classLoader, int maxBackoffTicks, boolean ownThread) {
        this.collector = collector;
        this.id = ContextClassLoader.call(classLoader, collector::id);
        this.maxBackoffTicks = Math.max(1, maxBackoffTicks);
        this.worker = !ownThread ? null : Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "sysgauge-" + id);
            thread.setDaemon(true);
            thread.setContextClassLoader(classLoader);
            return thread;
        });
    }

    /**
     * @param collector the collector
     * @param classLoader its plugin's class loader (the application's for built-in collectors)
     * @param maxBackoffTicks the most ticks a failing collector is skipped in a row
     * @return a runner with its own worker thread
     */
    public static CollectorRunner onOwnThread(MetricCollector collector, ClassLoader classLoader, int maxBackoffTicks) {
        return new CollectorRunner(collector, classLoader, maxBackoffTicks, true);
    }

    /**
     * @param collector a collector whose calls cannot block (reads of /proc, never a device or a tool)
     * @param maxBackoffTicks the most ticks a failing collector is skipped in a row
     * @return a runner that calls the collector on the thread that ticks
     */
    public static CollectorRunner inline(MetricCollector collector, int maxBackoffTicks) {
        return new CollectorRunner(collector, CollectorRunner.class.getClassLoader(), maxBackoffTicks, false);
    }

    /** @return the collector's id */
    public String id() {
        return id;
    }

    /** @return the collector */
    public MetricCollector collector() {
        return collector;
    }

    /**
     * Starts the probe on the worker thread.
     *
     * @param context what the collector gets
     * @return the probe's future result
     */
    public Future<Probe> startProbe(CollectorContext context) {
        return submit(() -> collector.probe(context));
    }

    /**
     * Waits for a probe started by {@link #startProbe}.
     *
     * @param probe the future
     * @param deadlineNanos when to give up, on {@link System#nanoTime()}'s clock
     * @return the probe result; a probe that throws or hangs is absent with the reason
     * @throws ConfigException when the collector rejects its configuration
     */
    public Probe awaitProbe(Future<Probe> probe, long deadlineNanos) {
        try {
            Probe result = probe.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            return result != null ? result : Probe.absent("its probe returned nothing");
        } catch (TimeoutException e) {
            probe.cancel(true);
            return Probe.absent("its probe did not finish in time");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ConfigException configProblem) {
                throw configProblem;
            }
            logger.warn("collector {}: probe failed: {}", id, oneLine(e.getCause()));
            return Probe.absent("its probe failed: " + oneLine(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Probe.absent("interrupted while probing");
        }
    }

    /** Starts this tick's sample, unless the last one is still running or the collector backs off. */
    void begin() {
        if (inFlight != null && !inFlight.isDone()) {
            attempt = Attempt.BUSY;
            return;
        }
        if (ticksToSkip > 0) {
            ticksToSkip--;
            attempt = Attempt.BACKING_OFF;
            return;
        }
        attempt = Attempt.RUNNING;
        inFlightStartNanos = System.nanoTime();
        inFlight = submit(() -> {
            SampleBuffer buffer = new SampleBuffer();
            collector.sample(buffer);
            return buffer;
        });
    }

    /**
     * Waits for this tick's sample until the deadline and adds its values and health to the record.
     *
     * @param deadlineNanos when to stop waiting, on {@link System#nanoTime()}'s clock
     * @param into the record's samples
     */
    void complete(long deadlineNanos, List<Sample> into) {
        if (attempt != Attempt.RUNNING) {
            into.add(health(HealthMetrics.UP, 0));
            return;
        }
        SampleBuffer buffer = null;
        String failure = null;
        try {
            buffer = inFlight.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            failure = "did not finish within its deadline";
        } catch (ExecutionException e) {
            failure = oneLine(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = "interrupted";
        }
        double seconds = (System.nanoTime() - inFlightStartNanos) / 1e9;
        if (buffer != null) {
            if (consecutiveFailures > 0) {
                logger.info("collector {} recovered after {} failed tick(s)", id, consecutiveFailures);
            }
            consecutiveFailures = 0;
            into.addAll(buffer.samples());
            into.add(health(HealthMetrics.UP, 1));
            into.add(health(HealthMetrics.SECONDS, seconds));
            return;
        }
        consecutiveFailures++;
        ticksToSkip = Math.min(1 << Math.min(consecutiveFailures - 1, 20), maxBackoffTicks);
        if (consecutiveFailures == 1) {
            logger.warn("collector {} failed: {}; it is skipped for a few ticks and retried (further failures are not logged)",
                    id, failure);
        } else {
            logger.debug("collector {} failed again ({} in a row): {}", id, consecutiveFailures, failure);
        }
        into.add(health(HealthMetrics.UP, 0));
    }

    private Sample health(MetricDescriptor metric, double value) {
        return new Sample(metric, List.of(id), metric.key(id), value);
    }

    /** Closes the collector on its own thread, giving it two seconds, then stops the thread. */
    @Override
    public void close() {
        if (worker == null) {
            collector.close();
            return;
        }
        if (worker.isShutdown()) {
            return;
        }
        Future<?> closing = worker.submit(collector::close);
        try {
            closing.get(2, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            logger.debug("collector {} did not close cleanly: {}", id, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        worker.shutdownNow();
    }

    private <T> Future<T> submit(Callable<T> task) {
        if (worker != null) {
            return worker.submit(task);
        }
        FutureTask<T> done = new FutureTask<>(task);
        done.run();
        return done;
    }

    static String oneLine(Throwable failure) {
        String message = failure.getMessage();
        String text = message == null || message.isBlank()
                ? failure.getClass().getSimpleName()
                : failure.getClass().getSimpleName() + ": " + message;
        return text.lines().findFirst().orElse(text);
    }
}
