package io.sysgauge.benchmarks;

import io.sysgauge.host.CpuBudget;
import io.sysgauge.host.CpuCollector;
import io.sysgauge.host.DiskCollector;
import io.sysgauge.host.MemoryCollector;
import io.sysgauge.host.NetworkCollector;
import io.sysgauge.host.process.ProcessCollector;
import io.sysgauge.host.process.ProcessTracker;
import io.sysgauge.host.HostEnvironment;
import io.sysgauge.spi.MetricCollector;
import io.sysgauge.spi.Probe;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

/**
 * The five built-in collectors of {@code sysgauge run}, built with the defaults {@code Session}
 * uses (no per-core CPU, {@code disk.paths: [/]}, whole process tree), watching this JVM.
 */
final class HostCollectors implements AutoCloseable {

    /** The interval collectors are told about; none of the host collectors depends on it. */
    static final Duration INTERVAL = Duration.ofMillis(100);

    final HostEnvironment host;
    final ProcessTracker tracker;
    final CpuCollector cpu;
    final MemoryCollector memory;
    final DiskCollector disk;
    final NetworkCollector network;
    final ProcessCollector process;

    private HostCollectors(HostEnvironment host, ProcessTracker tracker, long memoryDenominator) {
        this.host = host;
        this.tracker = tracker;
        this.cpu = new CpuCollector(host.hostSource(), false);
        this.memory = new MemoryCollector(host.hostSource(), host.cgroup());
        this.disk = new DiskCollector(host.hostSource(), List.of("/"));
        this.network = new NetworkCollector(host.hostSource());
        this.process = new ProcessCollector(tracker, CpuBudget.available(host.procRoot(), java.util.OptionalLong.empty(), host.cgroup()), memoryDenominator);
    }

    /**
     * Builds the collectors on the Linux sources, without probing them.
     *
     * @return the collectors, in the order a record lists them
     * @throws IOException if /proc/meminfo cannot be read
     */
    static HostCollectors create() throws IOException {
        HostEnvironment host = HostEnvironment.system();
        // The process collector of the benchmark JVM itself: a real, multi-threaded tree to walk.
        ProcessTracker tracker = new ProcessTracker(host.processSource(), OptionalLong.of(ProcessHandle.current().pid()), true);
        long memoryDenominator = host.cgroup().memoryLimitBytes().orElse(host.hostSource().memory().totalBytes());
        return new HostCollectors(host, tracker, memoryDenominator);
    }

    /** @return the collectors in record order */
    List<MetricCollector> all() {
        return List.of(cpu, memory, disk, network, process);
    }

    /** @return what the collectors get at probe time */
    BenchmarkContext context() {
        return new BenchmarkContext(tracker, host, INTERVAL);
    }

    /**
     * Probes every collector on the calling thread.
     *
     * @throws IllegalStateException when one is absent: its benchmark would measure nothing
     */
    void probeAll() {
        BenchmarkContext context = context();
        for (MetricCollector collector : all()) {
            requirePresent(collector.id(), collector.probe(context));
        }
    }

    static void requirePresent(String id, Probe probe) {
        if (!probe.isPresent()) {
            throw new IllegalStateException("collector " + id + " is absent on this machine: " + probe.reason().orElse("?"));
        }
    }

    @Override
    public void close() {
        all().forEach(MetricCollector::close);
    }
}
