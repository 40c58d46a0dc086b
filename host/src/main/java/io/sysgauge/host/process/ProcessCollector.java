package io.sysgauge.host.process;

import io.sysgauge.host.HostMetrics;
import io.sysgauge.spi.CollectorContext;
import io.sysgauge.spi.MetricCollector;
import io.sysgauge.spi.Probe;
import io.sysgauge.spi.SampleWriter;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code cpu}, {@code proc.cpu.threads}, {@code proc.memory.rssMB} and
 * {@code proc.memory.percent} of the monitored tree, from the snapshot the loop took at the
 * start of the tick. {@code cpu} is a rate over the last interval, not a lifetime average.
 *
 * <p>{@code cpu} never reads above 100: CPU time that arrives in one interval but cannot have
 * been used in it (times tick in 10 ms steps per process; a process found late brings its
 * earlier time along) is counted up to what the available CPUs could do in the interval, and
 * the rest is carried into the next intervals, so the sum over a run stays whole. The carry is
 * bounded by {@value #MAX_CARRY_SECONDS} s of all available CPUs, or one interval if longer: a
 * tree that really outruns its budget (a quota that allows bursts) would otherwise read 100
 * long after it went idle.
 */
public final class ProcessCollector implements MetricCollector {

    private static final Logger logger = LoggerFactory.getLogger(ProcessCollector.class);

    /** The shortest window {@code cpu} is computed over. */
    public static final long MINIMUM_WINDOW_MILLIS = 50;

    static final long MAX_CARRY_SECONDS = 1;

    private final ProcessTracker tracker;
    private final double availableCpus;
    private final long memoryDenominatorBytes;
    private final TreeCpuAccounting accounting;
    private long previousNanos;
    private double carriedMillis;

    /**
     * @param tracker the monitored tree
     * @param availableCpus CPUs the tree may use (affinity, cgroup quota)
     * @param memoryDenominatorBytes total memory, or the cgroup limit when set
     */
    public ProcessCollector(ProcessTracker tracker, double availableCpus, long memoryDenominatorBytes) {
        this.tracker = tracker;
        this.availableCpus = availableCpus;
        this.memoryDenominatorBytes = memoryDenominatorBytes;
        this.accounting = new TreeCpuAccounting(tracker.includesDescendants());
    }

    @Override
    public String id() {
        return "process";
    }

    @Override
    public Probe probe(CollectorContext context) {
        if (tracker.rootPid().isEmpty()) {
            return Probe.absent("no process to watch (give --pid N, or run -- CMD)");
        }
        TreeSnapshot baseline = tracker.refresh();
        if (baseline.processes().isEmpty()) {
            return Probe.absent("process " + tracker.rootPid().getAsLong() + " is not running");
        }
        accounting.advance(baseline.processes());
        previousNanos = baseline.nanoTime();
        return Probe.present(Map.of("cpu_available", availableCpus));
    }

    @Override
    public void sample(SampleWriter out) {
        TreeSnapshot tree = tracker.current();
        if (tree.processes().isEmpty() || tree.nanoTime() == previousNanos) {
            return; // the root exited, or no new snapshot since the last sample
        }
        double wallMillis = (tree.nanoTime() - previousNanos) / 1e6;
        // CPU times tick in 10 ms steps: over a shorter window the rate would be noise.
        if (wallMillis >= MINIMUM_WINDOW_MILLIS) {
            long cpuMillis = accounting.advance(tree.processes());
            previousNanos = tree.nanoTime();
            if (cpuMillis >= 0) {
                double capacityMillis = wallMillis * availableCpus;
                double percent = 100.0 * counted(cpuMillis, capacityMillis) / capacityMillis;
                // counted == capacity can still round to 100.00000000000001
                out.write(HostMetrics.PROCESS_CPU, Math.min(100.0, percent));
            }
        }
        long threads = 0;
        long rss = 0;
        for (ProcessSample process : tree.processes()) {
            threads += process.threads();
            rss += process.rssBytes();
        }
        out.write(HostMetrics.PROCESS_THREADS, threads);
        out.write(HostMetrics.PROCESS_RSS, rss / HostMetrics.MB);
        out.write(HostMetrics.PROCESS_MEMORY_PERCENT, 100.0 * rss / memoryDenominatorBytes);
    }

    // What the interval can hold of its own time and the carry; the rest waits for later ones.
    private double counted(long cpuMillis, double capacityMillis) {
        double due = cpuMillis + carriedMillis;
        double counted = Math.min(due, capacityMillis);
        double maxCarry = Math.max(capacityMillis, availableCpus * MAX_CARRY_SECONDS * 1000);
        carriedMillis = Math.min(due - counted, maxCarry);
        if (due - counted > maxCarry) {
            logger.debug("dropped {} ms of tree CPU time that {} CPUs could not have used",
                    Math.round(due - counted - maxCarry), availableCpus);
        }
        return counted;
    }
}
