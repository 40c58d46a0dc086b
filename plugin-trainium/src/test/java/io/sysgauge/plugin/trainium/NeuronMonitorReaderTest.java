package io.sysgauge.plugin.trainium;

import static io.sysgauge.plugin.trainium.FakeNeuronMonitor.await;
import static io.sysgauge.plugin.trainium.FakeNeuronMonitor.lineCount;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NeuronMonitorReaderTest {

    @TempDir
    Path work;

    private final AtomicLong nanos = new AtomicLong();

    @Test
    void aReportIsHandedOutUntilItIsOlderThanTheMaximumAge() throws IOException {
        Path report = FakeNeuronMonitor.reports(work, "report.json",
                List.of(Fixtures.lines("neuron-monitor-trn1.2xlarge-3reports.json").get(0)));
        Path tool = FakeNeuronMonitor.script(work, "cat %s\nexec sleep 30\n".formatted(report));
        nanos.set(Duration.ofSeconds(100).toNanos());
        Duration maxAge = Duration.ofSeconds(8);

        try (NeuronMonitorReader reader = reader(tool)) {
            reader.start();
            assertThat(reader.awaitFirstReport(FakeNeuronMonitor.PATIENCE)).isPresent();

            nanos.set(Duration.ofSeconds(108).toNanos());
            boolean freshAtTheLimit = reader.latest(maxAge).isPresent();
            nanos.set(Duration.ofSeconds(108).toNanos() + 1);
            boolean staleJustAfter = reader.latest(maxAge).isEmpty();

            assertThat(freshAtTheLimit).isTrue();
            assertThat(staleJustAfter).isTrue();
            assertThat(reader.hasReported()).isTrue();
        }
    }

    @Test
    void aChildThatKeepsFailingIsRestartedAfterOneThenTwoSeconds() throws IOException {
        Path starts = work.resolve("starts");
        Path tool = FakeNeuronMonitor.script(work, "echo start >> %s\necho 'no device' >&2\nexit 1\n".formatted(starts));
        long second = Duration.ofSeconds(1).toNanos();

        // The clock moves only when the test moves it: to each restart's due time, once the reader waits for it.
        try (NeuronMonitorReader reader = reader(tool)) {
            reader.start();
            await(() -> reader.restartDue().isPresent(), "the first run to end");
            OptionalLong afterFirst = reader.restartDue();
            int startsBeforeFirstRestart = lineCount(starts);
            nanos.set(afterFirst.getAsLong());
            await(() -> reader.restartDue().equals(OptionalLong.of(3 * second)), "the second run to end");
            int startsBeforeSecondRestart = lineCount(starts);
            nanos.set(3 * second);
            await(() -> reader.restartDue().equals(OptionalLong.of(7 * second)), "the third run to end");

            // Starts at 0 s, 1 s and 3 s; the next would be at 7 s.
            assertThat(afterFirst).hasValue(second);
            assertThat(startsBeforeFirstRestart).isEqualTo(1);
            assertThat(startsBeforeSecondRestart).isEqualTo(2);
            assertThat(lineCount(starts)).isEqualTo(3);
            assertThat(reader.firstFailure()).hasValue("neuron-monitor exited with status 1: no device");
            assertThat(reader.hasReported()).isFalse();
        }
    }

    private NeuronMonitorReader reader(Path tool) {
        return new NeuronMonitorReader(() -> NeuronMonitorProcess.start(tool, work.resolve("unused.json")), nanos::get);
    }
}
