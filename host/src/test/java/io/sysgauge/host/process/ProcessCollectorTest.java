package io.sysgauge.host.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sysgauge.host.FixtureTree;
import io.sysgauge.host.RecordingWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The process collector on fixture trees, with time driven by hand, and on real processes: a
 * shell whose two children spin.
 */
class ProcessCollectorTest {

    private static final double CPUS = 2;

    @TempDir
    Path tmp;

    private final long[] nowNanos = {0};

    private ProcessTracker fixtureTracker(FixtureTree proc, boolean tree) {
        LinuxProcessSource source = new LinuxProcessSource(proc.root(), () -> nowNanos[0]);
        return new ProcessTracker(source, OptionalLong.of(100), tree, () -> nowNanos[0]);
    }

    // One tick of the sampling loop at the given time: the tree is read, then the collector samples it.
    private Double cpuAt(long millis, ProcessTracker tracker, ProcessCollector collector) {
        nowNanos[0] = millis * 1_000_000L;
        tracker.refresh();
        RecordingWriter out = new RecordingWriter();
        collector.sample(out);
        return out.values.get("cpu");
    }

    private static void gone(FixtureTree proc, long pid) throws IOException {
        Files.delete(proc.root().resolve(pid + "/stat"));
    }

    @Test
    void aGrandchildKilledAndReapedWithItsParentReadsItsRateFromTheTickItAppears() throws IOException {
        // sh -c 'timeout 3 sh -c "while :; do :; done"' on 2 CPUs, read every 100 ms
        FixtureTree proc = new FixtureTree(tmp)
                .file("loadavg", ProcStat.loadavg(100))
                .file("100/stat", ProcStat.process(100, "sh", 1, 1, 0, 0, 0, 1, 10, 100))
                .file("100/task/100/children", "");
        ProcessTracker tracker = fixtureTracker(proc, true);
        ProcessCollector collector = new ProcessCollector(tracker, CPUS, 8L << 30);
        assertThat(collector.probe(null).isPresent()).isTrue();

        proc.file("loadavg", ProcStat.loadavg(102))
                .file("100/task/100/children", "101")
                .file("101/stat", ProcStat.idle(101, 100, 50))
                .file("101/task/101/children", "102")
                .file("102/stat", ProcStat.process(102, "sh", 101, 5, 0, 0, 0, 1, 51, 100))
                .file("102/task/102/children", "");
        assertThat(cpuAt(100, tracker, collector)).as("the loop's first 50 ms, in the tick it appears").isEqualTo(25.0);

        proc.file("102/stat", ProcStat.process(102, "sh", 101, 15, 0, 0, 0, 1, 51, 100));
        assertThat(cpuAt(200, tracker, collector)).isEqualTo(50.0);
        proc.file("102/stat", ProcStat.process(102, "sh", 101, 25, 0, 0, 0, 1, 51, 100));
        assertThat(cpuAt(300, tracker, collector)).isEqualTo(50.0);

        // The loop ran 100 ms more and was killed; timeout (10 ms) reaped it and exited; sh reaped timeout.
        gone(proc, 101);
        gone(proc, 102);
        proc.file("100/task/100/children", "")
                .file("100/stat", ProcStat.process(100, "sh", 1, 1, 0, 1 + 35, 0, 1, 10, 100));
        assertThat(cpuAt(400, tracker, collector)).as("110 ms in 100 ms on 2 CPUs, not 360 ms").isEqualTo(55.0);
        assertThat(cpuAt(500, tracker, collector)).isEqualTo(0.0);
    }

    @Test
    void readingsTimesTheTimeBetweenRecordsAddUpToTheTreesCpuTimeWhenReadsOfProcComeLate() {
        // Busy on both CPUs for its first second, then idle; ticks every 250 ms, and a busy machine
        // delays some reads of /proc, most of all while the job is busy. A rate over the time the
        // reads ended would stretch one interval and shrink the next.
        long[] lateMillis = {0, 40, 0, 150, 130, 0, 60, 0};
        int[] tick = {0};
        ProcessSource lateReads = (root, descendants) -> {
            nowNanos[0] += lateMillis[tick[0]] * 1_000_000L;
            long cpuMillis = 2 * Math.min(nowNanos[0] / 1_000_000L, 1000);
            return List.of(new ProcessSample(100, 1, 10, cpuMillis, 0, 1, 1 << 20));
        };
        ProcessTracker tracker = new ProcessTracker(lateReads, OptionalLong.of(100), true, () -> nowNanos[0]);
        ProcessCollector collector = new ProcessCollector(tracker, CPUS, 8L << 30);
        collector.probe(null);

        double countedMillis = 0;
        for (tick[0] = 1; tick[0] < lateMillis.length; tick[0]++) {
            long tickNanos = tick[0] * 250_000_000L;
            nowNanos[0] = tickNanos;
            tracker.refresh(tickNanos);
            RecordingWriter out = new RecordingWriter();
            collector.sample(out);
            countedMillis += out.values.get("cpu") / 100 * CPUS * 250;
        }

        assertThat(countedMillis).isCloseTo(2000.0, within(1e-9));
    }

    /** One process, pid 100, that has used no CPU yet. */
    private FixtureTree oneIdleProcess() {
        return new FixtureTree(tmp)
                .file("loadavg", ProcStat.loadavg(100))
                .file("100/stat", ProcStat.process(100, "python", 1, 0, 0, 0, 0, 1, 10, 100))
                .file("100/task/100/children", "");
    }

    @Test
    void timeBeyondWhatTheCpusCouldDoInATickIsCarriedIntoTheNextTicks() {
        FixtureTree proc = oneIdleProcess();
        ProcessTracker tracker = fixtureTracker(proc, true);
        ProcessCollector collector = new ProcessCollector(tracker, CPUS, 8L << 30);
        collector.probe(null);

        // 500 ms arrive within 100 ms: 2 CPUs can do 200 ms of it.
        proc.file("100/stat", ProcStat.process(100, "python", 1, 0, 0, 50, 0, 1, 10, 100));
        List<Double> readings = new ArrayList<>();
        for (long millis = 100; millis <= 500; millis += 100) {
            readings.add(cpuAt(millis, tracker, collector));
        }

        assertThat(readings).containsExactly(100.0, 100.0, 50.0, 0.0, 0.0);
    }

    @Test
    void aFullTickReadsExactly100() {
        FixtureTree proc = oneIdleProcess();
        ProcessTracker tracker = fixtureTracker(proc, true);
        ProcessCollector collector = new ProcessCollector(tracker, CPUS, 8L << 30);
        collector.probe(null);
        proc.file("100/stat", ProcStat.process(100, "python", 1, 0, 0, 50, 0, 1, 10, 100));

        // 200.000006 ms of capacity: 100 * c / c would give 100.00000000000001
        nowNanos[0] = 100_000_003L;
        tracker.refresh();
        RecordingWriter out = new RecordingWriter();
        collector.sample(out);

        assertThat(out.values.get("cpu")).isEqualTo(100.0);
    }

    @Test
    void theCarryIsBoundedByASecondOfAllTheCpus() {
        FixtureTree proc = oneIdleProcess();
        ProcessTracker tracker = fixtureTracker(proc, true);
        ProcessCollector collector = new ProcessCollector(tracker, CPUS, 8L << 30);
        collector.probe(null);

        // 10 s at once, more than a burst quota could explain: 200 ms now, 2 s carried, the rest dropped.
        proc.file("100/stat", ProcStat.process(100, "python", 1, 0, 0, 1000, 0, 1, 10, 100));
        List<Double> readings = new ArrayList<>();
        for (long millis = 100; millis <= 1300; millis += 100) {
            readings.add(cpuAt(millis, tracker, collector));
        }

        assertThat(readings).containsExactly(100.0, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0, 0.0, 0.0);
    }

    @Test
    void noTreeCountsTheRootsOwnTimeOnly() {
        FixtureTree proc = new FixtureTree(tmp)
                .file("loadavg", ProcStat.loadavg(100))
                .file("100/stat", ProcStat.process(100, "python", 1, 0, 0, 0, 0, 1, 10, 100))
                .file("100/task/100/children", "");
        ProcessTracker tracker = fixtureTracker(proc, false);
        ProcessCollector collector = new ProcessCollector(tracker, CPUS, 8L << 30);
        collector.probe(null);

        proc.file("loadavg", ProcStat.loadavg(101))
                .file("100/task/100/children", "101")
                .file("101/stat", ProcStat.process(101, "worker", 100, 20, 0, 0, 0, 1, 50, 100))
                .file("100/stat", ProcStat.process(100, "python", 1, 4, 1, 30, 0, 1, 10, 100));

        assertThat(cpuAt(100, tracker, collector)).as("50 ms of its own in 100 ms on 2 CPUs").isEqualTo(25.0);
        assertThat(tracker.pids()).containsExactly(100L);
    }

    @Test
    void theProbeSaysOverHowManyCpusTheRateIsTaken() {
        FixtureTree proc = new FixtureTree(tmp)
                .file("100/stat", ProcStat.process(100, "python", 1, 0, 0, 0, 0, 1, 10, 100))
                .file("100/task/100/children", "");

        assertThat(new ProcessCollector(fixtureTracker(proc, true), 1.5, 8L << 30).probe(null).metadata())
                .containsEntry("cpu_available", 1.5);
    }

    @Test
    void withoutARootTheCollectorIsAbsent() {
        ProcessTracker tracker = new ProcessTracker(new LinuxProcessSource(Path.of("/proc")), OptionalLong.empty(), true);

        assertThat(new ProcessCollector(tracker, 2, 1L << 30).probe(null).reason())
                .hasValueSatisfying(reason -> assertThat(reason).contains("--pid"));
    }

    @Test
    void measuresTheWholeTreeAsARateOverTheInterval() throws Exception {
        Process shell = new ProcessBuilder("sh", "-c", "(while :; do :; done) & (while :; do :; done) & wait").start();
        try {
            ProcessTracker tracker = new ProcessTracker(new LinuxProcessSource(Path.of("/proc")), OptionalLong.of(shell.pid()), true);
            ProcessTracker rootOnly = new ProcessTracker(new LinuxProcessSource(Path.of("/proc")), OptionalLong.of(shell.pid()), false);
            ProcessCollector collector = new ProcessCollector(tracker, CPUS, 8L << 30);
            ProcessCollector noTree = new ProcessCollector(rootOnly, CPUS, 8L << 30);
            assertThat(collector.probe(null).isPresent()).isTrue();
            assertThat(noTree.probe(null).isPresent()).isTrue();
            long from = tracker.current().nanoTime();
            long rootOnlyFrom = rootOnly.current().nanoTime();

            long childrenUsed = awaitChildrenCpu(shell, 200);
            tracker.refresh(); // the children are found by this refresh
            rootOnly.refresh();
            RecordingWriter out = new RecordingWriter();
            collector.sample(out);
            RecordingWriter rootOut = new RecordingWriter();
            noTree.sample(rootOut);

            assertThat(tracker.pids()).hasSizeGreaterThanOrEqualTo(3).contains(shell.pid());
            assertThat(out.values).containsOnlyKeys("cpu", "proc.cpu.threads", "proc.memory.rssMB", "proc.memory.percent");
            assertThat(out.values.get("cpu")).isBetween(0.0, 100.0);
            // The rate over the window holds the children's time, whatever share of the CPUs they got;
            // /proc counts in 10 ms ticks, so each child may be a tick ahead. The idle root alone, over the
            // same window, comes nowhere near.
            double treeMillis = countedMillis(out.values.get("cpu"), from, tracker.current().nanoTime());
            double rootMillis = countedMillis(rootOut.values.get("cpu"), rootOnlyFrom, rootOnly.current().nanoTime());
            assertThat(treeMillis).as("tree CPU ms against the children's %s", childrenUsed)
                    .isGreaterThanOrEqualTo(childrenUsed - 2 * 10.0);
            assertThat(rootMillis).as("the root's own CPU ms").isLessThan(childrenUsed / 2.0);
            assertThat(out.values.get("proc.cpu.threads")).isGreaterThanOrEqualTo(3.0);
            assertThat(out.values.get("proc.memory.rssMB")).isPositive();
        } finally {
            shell.descendants().forEach(ProcessHandle::destroyForcibly);
            shell.destroyForcibly();
        }
    }

    @Test
    void noTreeCountsOnlyTheIdleRoot() throws Exception {
        Process shell = new ProcessBuilder("sh", "-c", "(while :; do :; done) & wait").start();
        try {
            ProcessTracker tracker = new ProcessTracker(new LinuxProcessSource(Path.of("/proc")), OptionalLong.of(shell.pid()), false);
            ProcessCollector collector = new ProcessCollector(tracker, CPUS, 8L << 30);
            collector.probe(null);
            long from = tracker.current().nanoTime();

            long childUsed = awaitChildrenCpu(shell, 200);
            tracker.refresh();
            RecordingWriter out = new RecordingWriter();
            collector.sample(out);

            assertThat(tracker.pids()).containsExactly(shell.pid());
            // What the spinning child used in the window is not in it: only the idle shell's own time.
            assertThat(countedMillis(out.values.get("cpu"), from, tracker.current().nanoTime()))
                    .as("CPU ms against the child's %s", childUsed).isLessThan(childUsed / 2.0);
        } finally {
            shell.descendants().forEach(ProcessHandle::destroyForcibly);
            shell.destroyForcibly();
        }
    }

    // CPU milliseconds a cpu reading stands for: the rate times the window's capacity on CPUS.
    private static double countedMillis(double cpuPercent, long fromNanos, long toNanos) {
        return cpuPercent / 100 * CPUS * (toNanos - fromNanos) / 1e6;
    }

    /**
     * Waits, however slowly a busy machine lets them run, until the shell's children have used this
     * much more CPU time than now.
     *
     * @return the CPU milliseconds they used meanwhile, as the kernel counts them
     */
    private static long awaitChildrenCpu(Process shell, long millis) throws InterruptedException {
        long before = childrenCpuMillis(shell);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); // only ends a test whose children never run
        long used;
        while ((used = childrenCpuMillis(shell) - before) < millis) {
            assertThat(System.nanoTime()).as("waiting for the children to use %s ms of CPU", millis).isLessThan(deadline);
            Thread.sleep(10);
        }
        return used;
    }

    private static long childrenCpuMillis(Process shell) {
        return shell.descendants().mapToLong(child -> child.info().totalCpuDuration().map(Duration::toMillis).orElse(0L)).sum();
    }

    @Test
    void aRootThatExitedWritesNothing() throws Exception {
        Process quick = new ProcessBuilder("true").start();
        ProcessTracker tracker = new ProcessTracker(new LinuxProcessSource(Path.of("/proc")), OptionalLong.of(quick.pid()), true);
        ProcessCollector collector = new ProcessCollector(tracker, 2, 8L << 30);
        collector.probe(null);
        quick.waitFor();
        Thread.sleep(100);
        tracker.refresh();
        RecordingWriter out = new RecordingWriter();

        collector.sample(out);

        assertThat(tracker.pids()).isEmpty();
        assertThat(out.values).isEmpty();
        assertThat(List.of(tracker.rootPid().getAsLong())).containsExactly(quick.pid());
    }
}
