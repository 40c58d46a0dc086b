package io.sysgauge.core.sampling;

import io.sysgauge.core.plugin.ContextClassLoader;
import io.sysgauge.spi.CollectorContext;
import io.sysgauge.spi.MetricCollector;
import io.sysgauge.spi.Probe;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one collector: a probe, then one sample per tick. A plugin's collector runs on its own
 * worker thread, whose context class loader is the plugin's loader; a sample still running at
 * the next tick makes that tick skip the collector instead of queueing behind it. A failure or a
 * sample that hangs past the tick's deadline costs the tick, is logged once per incident, and
 * backs the collector off for a growing number of ticks. A sample that is merely late (its
 * thread was starved by a busy machine) still delivers: the tick waits for it up to the deadline.
 *
 * <p>Core's own /proc readers, which cannot block, run {@link #inline} on the sampling thread:
 * waking a worker and waiting for it costs more CPU than their reads (docs/performance.md).
 */
public final class CollectorRunner implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(CollectorRunner.class);

    /** How long {@link #close} waits for the collector's own close. */
    private static final long CLOSE_WAIT_SECONDS = 2;

    private enum Attempt { RUNNING, BUSY, BACKING_OFF }

    /**
     * What a probe came to: a result, or the exception it threw.
     *
     * @param probe the result; null when it threw
     * @param failure what it threw; null when it returned
     */
    public record ProbeOutcome(Probe probe, Throwable failure) {}

    private final MetricCollector collector;
    private final String id;
    private final ExecutorService worker; // null: inline
    private final int maxBackoffTicks;

    private volatile Future<?> probing;
    private volatile int gpuOffset;
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
     * Probes the collector on its worker thread (an inline one at once, on this thread) and hands
     * the outcome to {@code answer} on that thread. A probe {@linkplain #abandonProbe abandoned}
     * at its time-out may still answer when it returns; whoever waits for it has moved on and
     * ignores that answer.
     *
     * @param context what the collector gets
     * @param answer told the result, or what the probe threw
     */
    public void probe(CollectorContext context, Consumer<ProbeOutcome> answer) {
        Runnable task = () -> {
            ProbeOutcome outcome;
            try {
                outcome = new ProbeOutcome(collector.probe(context), null);
            } catch (Exception | LinkageError e) {
                outcome = new ProbeOutcome(null, e);
            }
            answer.accept(outcome);
        };
        if (worker == null) {
            task.run();
        } else {
            probing = worker.submit(task);
        }
    }

    /** Gives up on a probe that hangs: interrupts it, which kills a vendor tool it waits for. */
    public void abandonProbe() {
        Future<?> current = probing;
        if (current != null) {
            current.cancel(true);
        }
    }

    /**
     * Renumbers this collector's GPUs into the index space GPU families share: every
     * {@code {gpu}} placeholder value is moved by the offset.
     *
     * @param offset added to the vendor's own index; 0 keeps it
     */
    public void useGpuOffset(int offset) {
        gpuOffset = offset;
    }

    /** @return the offset this collector's GPU indices are moved by (health events are moved alike) */
    public int gpuOffset() {
        return gpuOffset;
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
        int offset = gpuOffset;
        inFlight = submit(() -> {
            SampleBuffer buffer = new SampleBuffer(offset);
            collector.sample(buffer);
            return buffer;
        });
    }

    /**
     * Waits for this tick's sample until the deadline and adds its values and health to the record.
     *
     * @param deadlineNanos when a sample still running counts as hung, on {@link System#nanoTime()}'s clock
     * @param into the record's values, by collector
     */
    void complete(long deadlineNanos, TickValues into) {
        if (attempt != Attempt.RUNNING) {
            into.health(id, HealthMetrics.UP, 0);
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
            into.add(id, buffer.samples());
            // A partial sample keeps its values but is not "up": one failing source must show in health.
            into.health(id, HealthMetrics.UP, buffer.partial() ? 0 : 1);
            into.health(id, HealthMetrics.SECONDS, seconds);
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
        into.health(id, HealthMetrics.UP, 0);
    }

    /**
     * Closes the collector on its own thread and stops the thread. A probe or sample still
     * running is interrupted; the close waits behind it rather than being dropped, so a plugin
     * releases its child processes and native handles as soon as that call returns. This waits
     * two seconds for the close, and returns then even if it has not run.
     */
    @Override
    public void close() {
        if (worker == null) {
            collector.close();
            return;
        }
        Future<?> closing;
        synchronized (this) {
            if (worker.isShutdown()) {
                return;
            }
            closing = worker.submit(collector::close);
            worker.shutdown(); // not shutdownNow: that would drop the close queued behind a hung call
        }
        abandonProbe();
        Future<SampleBuffer> sampling = inFlight;
        if (sampling != null) {
            sampling.cancel(true);
        }
        try {
            closing.get(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            logger.debug("collector {} is still busy; it closes when its current call returns", id);
        } catch (ExecutionException e) {
            logger.debug("collector {} did not close cleanly: {}", id, e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private <T> Future<T> submit(Callable<T> task) {
        if (worker != null) {
            return worker.submit(task);
        }
        FutureTask<T> done = new FutureTask<>(task);
        done.run();
        return done;
    }

    /**
     * @param failure an exception
     * @return its simple class name and the first line of its message
     */
    public static String oneLine(Throwable failure) {
        String message = failure.getMessage();
        String text = message == null || message.isBlank()
                ? failure.getClass().getSimpleName()
                : failure.getClass().getSimpleName() + ": " + message;
        return text.lines().findFirst().orElse(text);
    }
}
