package io.sysgauge.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What one host sample costs on the calling thread: the five built-in collectors together, as
 * one tick of {@code sysgauge run} calls them, and each alone. The process collector watches
 * the benchmark JVM itself, and its tree is read again on every invocation, as the sampling
 * loop does at the start of each tick.
 */
@State(Scope.Thread)
public class HostSampleBenchmark extends AgentJvmBenchmark {

    private HostCollectors collectors;
    private CountingWriter out;

    /** Builds and probes the collectors once per fork, as {@code Session.open} does once per run. */
    @Setup(Level.Trial)
    public void open() throws Exception {
        collectors = HostCollectors.create();
        collectors.probeAll();
        out = new CountingWriter();
    }

    /** Releases the collectors. */
    @TearDown(Level.Trial)
    public void close() {
        collectors.close();
    }

    /**
     * One full host sample: the process tree refresh, then every collector in record order.
     *
     * @return a checksum of the values, so nothing is optimised away
     * @throws Exception if a collector fails
     */
    @Benchmark
    public double fullSample() throws Exception {
        collectors.tracker.refresh();
        collectors.cpu.sample(out);
        collectors.memory.sample(out);
        collectors.disk.sample(out);
        collectors.network.sample(out);
        collectors.process.sample(out);
        return out.checksum();
    }

    /**
     * @return a checksum of the values
     * @throws Exception if /proc/stat cannot be read
     */
    @Benchmark
    public double cpu() throws Exception {
        collectors.cpu.sample(out);
        return out.checksum();
    }

    /**
     * @return a checksum of the values
     * @throws Exception if /proc/meminfo cannot be read
     */
    @Benchmark
    public double memory() throws Exception {
        collectors.memory.sample(out);
        return out.checksum();
    }

    /**
     * @return a checksum of the values
     * @throws Exception if /proc/diskstats cannot be read
     */
    @Benchmark
    public double disk() throws Exception {
        collectors.disk.sample(out);
        return out.checksum();
    }

    /**
     * @return a checksum of the values
     * @throws Exception if /proc/net/dev cannot be read
     */
    @Benchmark
    public double network() throws Exception {
        collectors.network.sample(out);
        return out.checksum();
    }

    /**
     * The process collector with the tree refresh it depends on; without the refresh it would
     * only re-read an old snapshot.
     *
     * @return a checksum of the values
     */
    @Benchmark
    public double process() {
        collectors.tracker.refresh();
        collectors.process.sample(out);
        return out.checksum();
    }
}
