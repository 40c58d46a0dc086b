package io.sysgauge.core.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysgauge.core.RecordingWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The process collector on real processes: a shell whose two children spin. */
class ProcessCollectorTest {

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

            Thread.sleep(1100); // past the next walk of the tree, which finds the children
            tracker.refresh();
            RecordingWriter out = new RecordingWriter();
            collector.sample(out);

            assertThat(tracker.pids()).hasSizeGreaterThanOrEqualTo(3).contains(shell.pid());
            assertThat(out.values).containsOnlyKeys("cpu", "proc.cpu.threads", "proc.memory.rssMB", "proc.memory.percent");
            // Two spinning children on a budget of two CPUs: well above one CPU's worth even on a busy machine.
            assertThat(out.values.get("cpu")).isBetween(30.0, 105.0);
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
