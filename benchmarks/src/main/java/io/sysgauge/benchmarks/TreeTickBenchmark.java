package io.sysgauge.benchmarks;

import io.sysgauge.host.process.LinuxProcessSource;
import io.sysgauge.host.process.ProcessCollector;
import io.sysgauge.host.process.ProcessTracker;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the tree's {@code cpu} costs per tick of {@code sysgauge run --interval 100ms}: the tree
 * refresh and the process collector's sample, on a live tree of Python processes with many
 * threads, one call every 100 ms. The pause matters: between two ticks the machine hands out
 * new pids and time passes, which decide whether a tick reads only the known processes, reads
 * new pids, or walks the tree's {@code children} files (one per thread).
 *
 * <p>{@code view} is where the source reads: {@code proc}, this machine's {@code /proc} with
 * whatever else runs on it; {@code churn}, the same with a shell beside the tree that starts
 * about 140 short processes a second (13 new pids a tick, as on a node where probes and
 * builds keep forking); {@code pinned}, a folder of links to the tree's own
 * {@code /proc/<pid>} entries whose {@code loadavg} never moves (a machine where nothing else
 * starts processes); {@code noLoadavg}, the same links without {@code loadavg}, where the tree
 * is walked on every tick.
 */
@State(Scope.Thread)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
public class TreeTickBenchmark extends AgentJvmBenchmark {

    /** The live tree: processes x threads each. */
    @Param({"1x1", "1x200", "5x50"})
    public String tree;

    /** Where /proc is read; see the class comment. */
    @Param({"proc", "churn", "pinned", "noLoadavg"})
    public String view;

    private Process root;
    private Process spawner;
    private Path links;
    private ProcessTracker tracker;
    private ProcessCollector collector;
    private final CountingWriter out = new CountingWriter();
    private long lastPidAtStart;
    private long startNanos;
    private long ticks;

    /** Starts the tree and the collector, and takes the baseline. */
    @Setup(Level.Trial)
    public void open() throws IOException {
        String[] shape = tree.split("x");
        int processes = Integer.parseInt(shape[0]);
        int threads = Integer.parseInt(shape[1]);
        // Each process holds threads - 1 sleeping threads besides its main one; the root starts the others.
        String script = String.join("\n",
                "import subprocess, sys, threading, time",
                "processes, threads = int(sys.argv[1]), int(sys.argv[2])",
                "for _ in range(threads - 1):",
                "    threading.Thread(target=time.sleep, args=(3600,), daemon=True).start()",
                "children = [subprocess.Popen([sys.executable, sys.argv[0], '1', str(threads)], stdout=subprocess.DEVNULL)",
                "            for _ in range(processes - 1)]",
                "print(' '.join(str(child.pid) for child in children), flush=True)",
                "time.sleep(3600)");
        Path file = Files.createTempFile("tree", ".py");
        Files.writeString(file, script);
        root = new ProcessBuilder("python3", file.toString(), shape[0], shape[1]).start();
        List<Long> pids = new ArrayList<>(List.of(root.pid()));
        String line = new BufferedReader(new InputStreamReader(root.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        for (String pid : line.strip().split(" ")) {
            if (!pid.isEmpty()) {
                pids.add(Long.parseLong(pid));
            }
        }
        awaitThreads(pids, threads);
        Path procRoot = Path.of("/proc");
        if (view.equals("churn")) {
            spawner = new ProcessBuilder("sh", "-c", "while :; do /bin/true & sleep 0.01; wait; done").start();
        } else if (!view.equals("proc")) {
            links = Files.createTempDirectory("proc-view");
            for (long pid : pids) {
                Files.createSymbolicLink(links.resolve(Long.toString(pid)), procRoot.resolve(Long.toString(pid)));
            }
            Files.createSymbolicLink(links.resolve("self"), procRoot.resolve("self"));
            if (view.equals("pinned")) {
                Files.copy(procRoot.resolve("loadavg"), links.resolve("loadavg"));
            }
            procRoot = links;
        }
        tracker = new ProcessTracker(new LinuxProcessSource(procRoot), OptionalLong.of(root.pid()), true);
        collector = new ProcessCollector(tracker, 2, 8L << 30);
        collector.probe(null);
        lastPidAtStart = lastPid();
        startNanos = System.nanoTime();
        System.out.println("tree " + tree + ": pids " + pids + ", " + tracker.refresh().processes().size() + " processes read");
    }

    /** Time passes between ticks as it does in a run at 100 ms; not measured. */
    @Setup(Level.Invocation)
    public void betweenTicks() throws InterruptedException {
        Thread.sleep(100);
    }

    /** @return a checksum of the values written */
    @Benchmark
    public double tick() {
        tracker.refresh();
        collector.sample(out);
        ticks++;
        return out.checksum();
    }

    /** Stops the tree; says how many pids the machine handed out per tick meanwhile. */
    @TearDown(Level.Trial)
    public void close() throws IOException {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        long lastPidAtEnd = lastPid();
        long handedOut = lastPidAtEnd - lastPidAtStart;
        if (handedOut < 0) { // wrapped around at pid_max, back to 300
            handedOut += Long.parseLong(Files.readString(Path.of("/proc/sys/kernel/pid_max")).strip()) - 300;
        }
        System.out.printf("%n%d ticks in %.0f s; last pid %d to %d: the machine handed out %.1f pids per tick%n", ticks,
                seconds, lastPidAtStart, lastPidAtEnd, handedOut / (double) Math.max(1, ticks));
        for (Process process : spawner == null ? List.of(root) : List.of(root, spawner)) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
        }
        if (links != null) {
            try (Stream<Path> entries = Files.walk(links)) {
                for (Path entry : entries.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(entry);
                }
            }
        }
    }

    private static void awaitThreads(List<Long> pids, int threads) throws IOException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        for (long pid : pids) {
            while (taskCount(pid) < threads && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
        }
    }

    private static long taskCount(long pid) throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            return tasks.count();
        }
    }

    private static long lastPid() throws IOException {
        String[] fields = Files.readString(Path.of("/proc/loadavg")).strip().split("\\s+");
        return Long.parseLong(fields[4]);
    }
}
