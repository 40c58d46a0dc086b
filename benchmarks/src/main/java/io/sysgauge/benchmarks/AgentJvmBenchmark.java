package io.sysgauge.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The settings every per-sample benchmark shares: average time in microseconds, one fork, and in
 * that fork the JVM flags of {@code bin/sysgauge} (serial GC, C1 only, small heap), so the figures
 * are those of the shipped agent; pass {@code -jvmArgs} to compare others. JMH reads these
 * annotations from the superclass of each benchmark.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgs = {
    "-XX:+UseSerialGC", "-Xms8m", "-Xmx96m", "-Xss512k",
    "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-XX:ReservedCodeCacheSize=16m",
    "-XX:MaxMetaspaceSize=64m"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class AgentJvmBenchmark {
}
