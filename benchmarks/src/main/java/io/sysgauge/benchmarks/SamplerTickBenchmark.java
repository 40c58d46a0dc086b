package io.sysgauge.benchmarks;

import io.sysgauge.core.sampling.CollectorRunner;
import io.sysgauge.core.sampling.Record;
import io.sysgauge.core.sampling.Sampler;
import io.sysgauge.events.EventFileSink;
import java.io.IOException;
import java.nio.file.Path;
import io.sysgauge.spi.MetricCollector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One tick of the production loop, {@link Sampler#tick()}, over the same five collectors as
 * {@link HostSampleBenchmark#fullSample()}: values into core's buffer with keys expanded, and
 * the record assembled; {@link #tickAndWrite()} adds the events.jsonl line, built and written
 * to {@code /dev/null} through the real sink. {@code threading=asShipped} runs
 * the /proc collectors inline and disk on its own worker, as {@code Session} does;
 * {@code allOnWorkers} gives every collector its own worker thread, to show what the hand-offs
 * cost.
 */
@State(Scope.Thread)
public class SamplerTickBenchmark extends AgentJvmBenchmark {

    // Generous: a tick that waits this long is a broken machine, not a measurement.
    private static final Duration DEADLINE = Duration.ofSeconds(1);

    @Param({"asShipped", "allOnWorkers"})
    public String threading;

    private HostCollectors collectors;
    private Sampler sampler;
    private List<CollectorRunner> runners;
    private EventFileSink eventsFile;

    /** Probes the collectors, as {@code Session.open} does. */
    @Setup(Level.Trial)
    public void open() throws Exception {
        collectors = HostCollectors.create();
        BenchmarkContext context = collectors.context();
        List<CollectorRunner> runners = new ArrayList<>();
        ClassLoader loader = SamplerTickBenchmark.class.getClassLoader();
        for (MetricCollector collector : collectors.all()) {
            boolean inline = threading.equals("asShipped") && collector != collectors.disk;
            CollectorRunner runner = inline ? CollectorRunner.inline(collector, 1) : CollectorRunner.onOwnThread(collector, loader, 1);
            runners.add(runner);
            CompletableFuture<CollectorRunner.ProbeOutcome> answer = new CompletableFuture<>();
            runner.probe(context, answer::complete);
            CollectorRunner.ProbeOutcome outcome = answer.get(DEADLINE.toNanos(), TimeUnit.NANOSECONDS);
            if (outcome.failure() != null) {
                throw new IllegalStateException(runner.id() + ": its probe failed", outcome.failure());
            }
            HostCollectors.requirePresent(runner.id(), outcome.probe());
        }
        this.runners = runners;
        sampler = new Sampler(() -> runners, collectors.tracker::refresh, HostCollectors.INTERVAL, DEADLINE, List.of(), System.nanoTime());
        // The line is built and handed to the kernel as in a run; /dev/null keeps the disk out of it.
        eventsFile = new EventFileSink(Path.of("/dev/null"));
    }

    /** Stops the workers and closes the collectors. */
    @TearDown(Level.Trial)
    public void close() throws IOException {
        eventsFile.close();
        sampler.close();
        runners.forEach(CollectorRunner::close);
    }

    /** @return the tick's record */
    @Benchmark
    public Record samplerTick() {
        return sampler.tick();
    }

    /**
     * One tick as {@code sysgauge run} takes it: the record, then its events.jsonl line.
     *
     * @return the tick's record
     */
    @Benchmark
    public Record tickAndWrite() {
        Record record = sampler.tick();
        eventsFile.accept(record);
        return record;
    }
}
