package io.sysgauge.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one host sample costs on the calling thread: the five built-in collectors together, as
 * one tick of {@code sysgauge run} calls them, and each alone. The process collector watches
 * the benchmark JVM itself, and its tree is read again on every invocation, as the sampling
 * loop does at the start of each tick.
 *
 * <p>The fork runs with the JVM flags of {@code bin/sysgauge} (serial GC, C1 only, small heap)
 * so the figures are those of the shipped agent; pass {@code -jvmArgs} to compare others.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgs = {
    "-XX:+UseSerialGC", "-Xms8m", "-Xmx96m", "-Xss512k",
    "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-XX:ReservedCodeCacheSize=16m",
    "-XX:MaxMetaspaceSize=64m"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class HostSampleBenchmark {

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
