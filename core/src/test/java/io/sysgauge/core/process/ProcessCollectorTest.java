package io.sysgauge.core.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysgauge.core.FixtureTree;
import io.sysgauge.core.RecordingWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
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
    void timeBeyondWhatTheCpusCouldDoInATickIsCarriedIntoTheNextTicks() {
        FixtureTree proc = new FixtureTree(tmp)
                .file("loadavg", ProcStat.loadavg(100))
                .file("100/stat", ProcStat.process(100, "python", 1, 0, 0, 0, 0, 1, 10, 100))
                .file("100/task/100/children", "");
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
        FixtureTree proc = new FixtureTree(tmp)
                .file("loadavg", ProcStat.loadavg(100))
                .file("100/stat", ProcStat.process(100, "python", 1, 0, 0, 0, 0, 1, 10, 100))
                .file("100/task/100/children", "");
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
        FixtureTree proc = new FixtureTree(tmp)
                .file("loadavg", ProcStat.loadavg(100))
                .file("100/stat", ProcStat.process(100, "python", 1, 0, 0, 0, 0, 1, 10, 100))
                .file("100/task/100/children", "");
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
            ProcessCollector collector = new ProcessCollector(tracker, 2, 8L << 30);
            assertThat(collector.probe(null).isPresent()).isTrue();

            Thread.sleep(400); // a rate over real time; the children are found by the next refresh
            tracker.refresh();
            RecordingWriter out = new RecordingWriter();
            collector.sample(out);

            assertThat(tracker.pids()).hasSizeGreaterThanOrEqualTo(3).contains(shell.pid());
            assertThat(out.values).containsOnlyKeys("cpu", "proc.cpu.threads", "proc.memory.rssMB", "proc.memory.percent");
            // Two spinning children on a budget of two CPUs: well above one CPU's worth even on a busy machine.
            assertThat(out.values.get("cpu")).isBetween(30.0, 100.0);
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
            ProcessCollector collector = new ProcessCollector(tracker, 2, 8L << 30);
            collector.probe(null);
            Thread.sleep(400);
            tracker.refresh();
            RecordingWriter out = new RecordingWriter();
            collector.sample(out);

            assertThat(tracker.pids()).containsExactly(shell.pid());
            assertThat(out.values.get("cpu")).isLessThan(10.0);
        } finally {
            shell.descendants().forEach(ProcessHandle::destroyForcibly);
            shell.destroyForcibly();
        }
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
