package io.sysgauge.core.sampling;

import io.sysgauge.spi.ExportedValue;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sampling loop: one tick per interval, the first at start. Each tick refreshes the process
 * tree, starts every present collector on its own worker, waits for them, and hands one whole
 * record to the sinks. The set of collectors may grow between ticks: a plugin whose probe
 * answers late joins at the next tick.
 *
 * <p>The wait is for collectors that are late, not for ones that hang: on a machine whose cores
 * are all busy (a training node, by design) a worker may be starved for a while and still
 * deliver, so the deadline is generous ({@link #deadlineFor}). A tick that overruns the interval
 * is followed by the next one at once, not by a burst of the ticks it missed.
 */
public final class Sampler implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(Sampler.class);

    /** The least a tick waits for a collector before it counts as hung. */
    public static final Duration MINIMUM_DEADLINE = Duration.ofSeconds(2);

    private final Supplier<List<CollectorRunner>> runners;
    private final LongConsumer refreshProcessScope;
    private final long intervalNanos;
    private final Duration deadline;
    private final List<RecordSink> sinks;
    private final boolean[] sinkFailed;
    private final long startNanos;
    private final TickValues.Collisions collisions = new TickValues.Collisions();
    // Values core itself adds to every record after the collectors' (the exporters' health).
    private final List<Supplier<List<ExportedValue>>> ownValues = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private volatile boolean delivered;
    private Thread thread;
    private boolean stopping;
    private boolean closed;

    /**
     * @param runners the present collectors, in record order, asked at every tick
     * @param refreshProcessScope reads the monitored tree again at the start of each tick, given the
     *     tick's {@link System#nanoTime()}: the time its record carries
     * @param interval the tick period
     * @param deadline how long a tick waits for a collector before it counts as hung
     * @param sinks where records go
     * @param startNanos when the run started, for {@code _runtime}
     */
    public Sampler(Supplier<List<CollectorRunner>> runners, LongConsumer refreshProcessScope, Duration interval, Duration deadline,
            List<RecordSink> sinks, long startNanos) {
        this.runners = runners;
        this.refreshProcessScope = refreshProcessScope;
        this.intervalNanos = interval.toNanos();
        this.deadline = deadline;
        this.sinks = List.copyOf(sinks);
        this.sinkFailed = new boolean[sinks.size()];
        this.startNanos = startNanos;
    }

    /**
     * How long a tick waits for a collector: most of the interval, and never less than
     * {@link #MINIMUM_DEADLINE}, which a starved thread on a saturated machine does not reach but a
     * call that hangs (a dead NFS server under statvfs, a wedged driver) does.
     *
     * @param interval the tick period
     * @return four fifths of it, at least {@link #MINIMUM_DEADLINE}
     */
    public static Duration deadlineFor(Duration interval) {
        Duration share = interval.multipliedBy(4).dividedBy(5);
        return share.compareTo(MINIMUM_DEADLINE) > 0 ? share : MINIMUM_DEADLINE;
    }

    /**
     * Adds values that core itself reports to every record, after the collectors' values.
     *
     * @param source asked once per tick, on the sampling thread; must return quickly
     */
    public void addOwnValues(Supplier<List<ExportedValue>> source) {
        ownValues.add(source);
    }

    /** Starts ticking on a background thread; the first tick runs at once. */
    public void start() {
        synchronized (lock) {
            if (thread != null || stopping) {
                return;
            }
            thread = new Thread(this::loop, "sysgauge-sampler");
            thread.setDaemon(true);
            thread.start();
        }
    }

    private void loop() {
        long next = System.nanoTime();
        while (true) {
            synchronized (lock) {
                long wait;
                while (!stopping && (wait = next - System.nanoTime()) > 0) {
                    try {
                        TimeUnit.NANOSECONDS.timedWait(lock, wait);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (stopping) {
                    return;
                }
            }
            tickAndDeliver();
            // After an overrun the next tick comes at once; the slots it missed are not made up.
            next = Math.max(next + intervalNanos, System.nanoTime());
        }
    }

    /**
     * Takes one record now, on the calling thread, without handing it to the sinks.
     *
     * @return the record
     */
    public Record tick() {
        long tickNanos = System.nanoTime();
        double timestamp = System.currentTimeMillis() / 1000.0;
        refreshProcessScope.accept(tickNanos);
        List<CollectorRunner> present = runners.get();
        for (CollectorRunner runner : present) {
            runner.begin();
        }
        long deadlineNanos = tickNanos + deadline.toNanos();
        TickValues values = new TickValues(collisions);
        for (CollectorRunner runner : present) {
            runner.complete(deadlineNanos, values);
        }
        // A list made for this tick: the sampler's own values join it in place.
        List<ExportedValue> samples = values.samples();
        for (Supplier<List<ExportedValue>> source : ownValues) {
            samples.addAll(source.get());
        }
        return new Record(timestamp, (tickNanos - startNanos) / 1e9, samples);
    }

    private void tickAndDeliver() {
        try {
            Record record = tick();
            delivered = true;
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
            // The loop must outlive any bug in a tick.
            logger.error("sampling tick failed: {}", CollectorRunner.oneLine(e), e);
        }
    }

    /**
     * Stops ticking after the tick in progress, then closes the sinks. A sampler stopped before
     * its first tick takes one record first, so a started run always has one. The collectors belong
     * to whoever made them (the session), which closes them. Safe to call more than once.
     */
    @Override
    public void close() {
        Thread ticking;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            stopping = true;
            lock.notifyAll();
            ticking = thread;
        }
        if (ticking != null) {
            try {
                ticking.join(TimeUnit.NANOSECONDS.toMillis(intervalNanos + deadline.toNanos()) + 2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (!delivered && !ticking.isAlive()) {
                // Stopped before its first tick (a command that ended at once): a run has at least one record.
                tickAndDeliver();
            }
        }
        for (RecordSink sink : sinks) {
            try {
                sink.close();
            } catch (Exception e) {
                logger.error("cannot close {}: {}", sink, CollectorRunner.oneLine(e));
            }
        }
    }
}
