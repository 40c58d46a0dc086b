package io.sysgauge.benchmarks;

import io.sysgauge.plugin.nvidia.NvidiaCollector;
import io.sysgauge.plugin.nvidia.stub.NvmlStub;
import io.sysgauge.spi.Probe;
import io.sysgauge.testkit.TestContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What one nvidia sample costs sysgauge for 8 GPUs: the JNA calls and the Java around them, measured
 * against the NVML stub (built with gcc at setup), whose own functions return at once. A real
 * driver adds its own time per call on top; these figures are the plugin's share.
 *
 * <p>{@code nodeView}: every device metric of 8 GPUs, no monitored tree (what {@code serve}
 * samples). {@code withTree}: the same plus the tree's share of the GPU it uses, with the process
 * lists and per-process samples read on every tick, as at the default 15 s interval; at shorter
 * intervals they are read every 5 s only. {@code gpm}: every GPU with GPM and an energy counter.
 */
@State(Scope.Thread)
public class NvidiaSampleBenchmark extends AgentJvmBenchmark {

    private static final int GPUS = 8;

    /** Whether a monitored tree uses GPU 3. */
    @Param({"false", "true"})
    public boolean withTree;

    /**
     * Whether the GPUs have GPM and report energy (issue 17): per GPU and tick, one GPM sample, one
     * metrics call of 11 metrics and one energy read more; without, the GPM, energy and link reads
     * answer NOT_SUPPORTED once and are not asked again.
     */
    @Param({"false", "true"})
    public boolean gpm;

    private Path directory;
    private NvidiaCollector collector;
    private CountingWriter out;

    /** Builds the stub with 8 H100s and probes the collector once, as a run does. */
    @Setup(Level.Trial)
    public void open() throws IOException {
        long pid = ProcessHandle.current().pid();
        directory = Files.createTempDirectory("nvml-benchmark");
        NvmlStub stub = NvmlStub.install(directory, configuration(pid, gpm));
        // At 15 s, the default interval, process lists are read on every tick.
        TestContext context = new TestContext("nvidia").set("library", stub.library()).interval(Duration.ofSeconds(15));
        if (withTree) {
            context.tree(pid, pid);
        }
        collector = new NvidiaCollector();
        Probe probe = collector.probe(context);
        if (!probe.isPresent()) {
            throw new IllegalStateException("the NVML stub did not probe present: " + probe.reason().orElse(""));
        }
        out = new CountingWriter();
    }

    /** Shuts NVML down and removes the stub. */
    @TearDown(Level.Trial)
    public void close() throws IOException {
        collector.close();
        try (var files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(directory);
    }

    /**
     * One nvidia tick.
     *
     * @return a checksum of the values, so nothing is optimised away
     */
    @Benchmark
    public double sample() {
        collector.sample(out);
        return out.checksum();
    }

    private static String configuration(long pid, boolean gpm) {
        StringBuilder config = new StringBuilder("static\ndriver 550.54.15\ncuda 12040\n");
        for (int gpu = 0; gpu < GPUS; gpu++) {
            config.append("device ").append(gpu).append('\n')
                    .append("name NVIDIA H100 80GB HBM3\nuuid GPU-00000000-0000-0000-0000-00000000000")
                    .append(gpu).append('\n')
                    .append("arch 9\nmemory 85520809984 1073741824\nutilization 37 12\ntemperature 45\n")
                    .append("power 123456\npower_limit 700000\nclock 1980 2619 1755\necc 0 0\nencoder 0\nfan 40\n")
                    .append("compute_process 999999 4294967296\n");
            if (gpm) {
                config.append("gpm 1\nenergy 5000000000\n");
                for (int metric : new int[] {2, 3, 5, 10, 11, 12, 13, 20, 21, 60, 61}) {
                    config.append("gpm_metric ").append(metric).append(' ').append(10 + metric).append(".5\n");
                }
            }
            if (gpu == 3) {
                config.append("compute_process ").append(pid).append(" 2147483648\n")
                        .append("process_utilization ").append(pid).append(" now 60 20\n");
            }
        }
        return config.toString();
    }
}
