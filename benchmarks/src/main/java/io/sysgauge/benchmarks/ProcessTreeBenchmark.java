package io.sysgauge.benchmarks;

import io.sysgauge.host.process.ProcessTracker;
import io.sysgauge.host.HostEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The process tree refresh alone, for a one-thread process ({@code sleep}, what
 * {@code benchmarks/scripts/compare.sh} watches) and for this many-threaded JVM: the walk reads one
 * {@code children} file per thread, so its cost follows the thread count, which a training
 * process (data loader and BLAS threads) has plenty of.
 */
@State(Scope.Thread)
public class ProcessTreeBenchmark extends AgentJvmBenchmark {

    /** Which process to watch: {@code sleep}, a child with one thread, or {@code jvm}, this JVM. */
    @Param({"sleep", "jvm"})
    public String watched;

    private Process sleeper;
    private ProcessTracker tracker;

    /** Starts the watched process if needed and says how many threads the walk will visit. */
    @Setup(Level.Trial)
    public void open() throws IOException {
        long pid;
        if (watched.equals("sleep")) {
            sleeper = new ProcessBuilder("sleep", "3600").start();
            pid = sleeper.pid();
        } else {
            pid = ProcessHandle.current().pid();
        }
        HostEnvironment host = HostEnvironment.system();
        // Like --no-tree off: the default, which walks the children files.
        tracker = new ProcessTracker(host.processSource(), OptionalLong.of(pid), true);
        // Printed into the JMH log, so the figure can be read against the thread count.
        System.out.println("watching " + watched + " (pid " + pid + ") with " + threads(host.procRoot(), pid) + " threads");
    }

    /** Stops the sleeper. */
    @TearDown(Level.Trial)
    public void close() {
        if (sleeper != null) {
            sleeper.destroy();
        }
    }

    /** @return the number of processes read */
    @Benchmark
    public int refresh() {
        return tracker.refresh().processes().size();
    }

    private static long threads(Path procRoot, long pid) throws IOException {
        try (Stream<Path> tasks = Files.list(procRoot.resolve(Long.toString(pid)).resolve("task"))) {
            return tasks.count();
        }
    }
}
