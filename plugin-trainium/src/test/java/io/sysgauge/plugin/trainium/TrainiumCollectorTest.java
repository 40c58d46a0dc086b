package io.sysgauge.plugin.trainium;

import static io.sysgauge.plugin.trainium.FakeNeuronMonitor.alive;
import static io.sysgauge.plugin.trainium.FakeNeuronMonitor.await;
import static io.sysgauge.plugin.trainium.FakeNeuronMonitor.awaitNumber;
import static io.sysgauge.plugin.trainium.FakeNeuronMonitor.lineCount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.sysgauge.spi.CommandResult;
import io.sysgauge.spi.CommandRunner;
import io.sysgauge.spi.Probe;
import io.sysgauge.testkit.RecordingWriter;
import io.sysgauge.testkit.TestContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainiumCollectorTest {

    private static final String TRN1_2XLARGE = "neuron-monitor-trn1.2xlarge-3reports.json";
    private static final String TRN1_32XLARGE = "neuron-monitor-trn1.32xlarge-2runtimes.json";

    @TempDir
    Path work;

    private Path dev;
    // The probe waits as long as a first report takes on a busy machine: it comes at once on an idle one.
    private final TrainiumCollector collector = new TrainiumCollector(FakeNeuronMonitor.PATIENCE);
    // One a test makes with other settings; closed after it as well.
    private TrainiumCollector other;
    private final Locator locator = new Locator();

    @BeforeEach
    void aMachineWithOneNeuronDevice() throws IOException {
        dev = Files.createDirectories(work.resolve("dev"));
        Files.createFile(dev.resolve("neuron0"));
    }

    @AfterEach
    void close() {
        collector.close();
        if (other != null) {
            other.close();
        }
    }

    @Test
    void identifiesItselfAndItsKey() {
        assertThat(collector.id()).isEqualTo("trainium");
        assertThat(collector.configKeys()).containsExactly("neuronMonitor");
    }

    @Test
    void theToolFoundOnThePathReportsEverySeedKeyAndTheHardwareFacts() throws IOException {
        Path report = FakeNeuronMonitor.reports(work, "report.json", List.of(Fixtures.lines(TRN1_2XLARGE).get(2)));
        locator.found = FakeNeuronMonitor.script(work, """
                printf '%%s %%s' "$1" "$2" > %1$s/arguments
                cp "$2" %1$s/config-seen.json
                cat %2$s
                exec sleep 30
                """.formatted(work, report));

        Probe probe = collector.probe(context().interval(Duration.ofMillis(500)).tree(16851, 16851L));
        Map<String, Double> values = sample();

        assertThat(locator.asked).containsExactly("neuron-monitor in [/opt/aws/neuron/bin]");
        assertThat(probe.isPresent()).isTrue();
        assertThat(probe.metadata()).containsExactly(entry("tool", locator.found.toString()),
                entry("neuron_device_count", 1), entry("neuroncore_per_device_count", 2),
                entry("instance_type", "trn1.2xlarge"));
        assertThat(Files.readString(work.resolve("arguments"))).startsWith("-c /");
        assertThat(Files.readString(work.resolve("config-seen.json")))
                .isEqualTo(NeuronMonitorConfig.forInterval(Duration.ofMillis(500))).contains("\"period\":\"1s\"");
        assertThat(values).hasSize(18)
                .containsEntry("trn.0.neuroncore_utilization", 1.3128372400154966)
                .containsEntry("trn.host_total_memory_usage", 612179968.0)
                .containsEntry("trn.host_total_memory_usage.application_memory", 611131392.0)
                .containsEntry("trn.neuron_device_total_memory_usage", 102298328.0)
                .containsEntry("trn.0.neuroncore_memory_usage.tensors", 943608.0)
                .containsEntry("trn.1.neuroncore_memory_usage.model_code", 32768.0);
    }

    @Test
    void eachTickTakesTheRuntimesOfTheTreeAsItIsThen() throws IOException {
        TestContext context = forced(serving(TRN1_32XLARGE, 0)).tree(4101, 4101L);

        collector.probe(context);
        Map<String, Double> first = sample();
        context.tree(4202, 4202L);
        Map<String, Double> second = sample();
        context.tree(4101, 4101L, 4202L);
        Map<String, Double> both = sample();
        context.tree(4101);
        Map<String, Double> rootGone = sample();

        assertThat(first).containsEntry("trn.0.neuroncore_utilization", 46.0)
                .containsEntry("trn.16.neuroncore_utilization", 0.0)
                .containsEntry("trn.host_total_memory_usage", 3292536842.0);
        assertThat(second).containsEntry("trn.0.neuroncore_utilization", 0.0)
                .containsEntry("trn.16.neuroncore_utilization", 42.0)
                .containsEntry("trn.host_total_memory_usage", 3292537044.0);
        assertThat(both).containsEntry("trn.0.neuroncore_utilization", 46.0)
                .containsEntry("trn.16.neuroncore_utilization", 42.0)
                .containsEntry("trn.host_total_memory_usage", 3292536842.0 + 3292537044.0);
        assertThat(rootGone).isEmpty();
    }

    @Test
    void withoutATreeEveryRuntimeCounts() throws IOException {
        collector.probe(forced(serving(TRN1_32XLARGE, 0)));

        assertThat(sample()).containsEntry("trn.0.neuroncore_utilization", 46.0)
                .containsEntry("trn.31.neuroncore_utilization", 79.5)
                .containsEntry("trn.neuron_device_total_memory_usage", 2 * 59450556416.0);
    }

    @Test
    void eachTickWritesTheNewestReport() throws IOException {
        List<String> lines = Fixtures.lines(TRN1_32XLARGE);
        Path first = FakeNeuronMonitor.reports(work, "first.json", lines.subList(0, 1));
        Path second = FakeNeuronMonitor.reports(work, "second.json", lines.subList(1, 2));
        Path tool = FakeNeuronMonitor.script(work, "cat %s\nsleep 0.3\ncat %s\nexec sleep 30\n".formatted(first, second));

        collector.probe(forced(tool));
        double before = sample().get("trn.0.neuroncore_utilization");
        await(() -> Double.valueOf(46.125).equals(sample().get("trn.0.neuroncore_utilization")), "the second report");

        assertThat(before).isEqualTo(46.0);
    }

    @Test
    void aChildThatDiesIsRestartedAndReportsAgain() throws IOException {
        Path report = FakeNeuronMonitor.reports(work, "report.json", List.of(Fixtures.lines(TRN1_2XLARGE).get(0)));
        Path starts = work.resolve("starts");
        Path tool = FakeNeuronMonitor.script(work, """
                echo $$ >> %s
                cat %s
                exec sleep 30
                """.formatted(starts, report));

        collector.probe(forced(tool));
        long firstPid = awaitNumber(starts);
        ProcessHandle.of(firstPid).ifPresent(ProcessHandle::destroyForcibly);
        long killedAt = System.nanoTime();
        await(() -> lineCount(starts) == 2, "a second start");
        Duration restartDelay = Duration.ofNanos(System.nanoTime() - killedAt);

        assertThat(alive(firstPid)).isFalse();
        // Not before the first delay; how much later depends on the machine (NeuronMonitorReaderTest has the series).
        assertThat(restartDelay).isGreaterThanOrEqualTo(NeuronMonitorReader.FIRST_RESTART_DELAY);
        assertThat(sample()).containsEntry("trn.0.neuroncore_utilization", 1.3631567613356375);
    }

    @Test
    void closingKillsTheChildAndEveryProcessItStartedAndRemovesTheConfigFile() throws IOException {
        Path report = FakeNeuronMonitor.reports(work, "report.json", List.of(Fixtures.lines(TRN1_2XLARGE).get(0)));
        Path tool = FakeNeuronMonitor.script(work, """
                echo $$ > %1$s/pid
                echo "$2" > %1$s/config-path
                cat %2$s
                sleep 30 &
                echo $! > %1$s/grandchild
                wait
                """.formatted(work, report));
        collector.probe(forced(tool));
        long child = awaitNumber(work.resolve("pid"));
        long grandchild = awaitNumber(work.resolve("grandchild"));
        Path configFile = Path.of(Files.readString(work.resolve("config-path")).strip());
        assertThat(alive(child)).isTrue();
        assertThat(configFile).exists();

        collector.close();

        assertThat(alive(child)).as("neuron-monitor").isFalse();
        assertThat(alive(grandchild)).as("a process neuron-monitor started").isFalse();
        assertThat(configFile).doesNotExist();
        assertThat(sample()).isEmpty();
    }

    @Test
    void aToolThatFailsAtOnceLeavesTheProbePresentWithItsError() throws IOException {
        Path tool = FakeNeuronMonitor.script(work, "echo 'nrt: open /dev/neuron0: permission denied' >&2\nexit 3\n");
        other = new TrainiumCollector(Duration.ofHours(1));

        // The probe may wait an hour for a report: it can end before that only on the tool's exit.
        Probe probe = assertTimeoutPreemptively(FakeNeuronMonitor.PATIENCE, () -> other.probe(forced(tool)),
                "the probe waited for a tool that had exited");

        assertThat(probe.isPresent()).isTrue();
        assertThat(probe.metadata()).containsExactly(entry("tool", tool.toString()),
                entry("first_report", "neuron-monitor exited with status 3: nrt: open /dev/neuron0: permission denied"));
        assertThat(sample(other)).isEmpty();
    }

    @Test
    void aSilentToolHoldsTheProbeThreeSecondsAndNeverATick() throws IOException {
        // Silent until the test creates the file: a tick that waited for a report would wait for that.
        Path speak = work.resolve("speak");
        Path report = FakeNeuronMonitor.reports(work, "report.json", List.of(Fixtures.lines(TRN1_2XLARGE).get(0)));
        Path tool = FakeNeuronMonitor.script(work, "until [ -e %s ]; do sleep 0.05; done\ncat %s\nexec sleep 30\n"
                .formatted(speak, report));
        other = new TrainiumCollector(); // the production wait of 3 s
        // The clock stands still: the report, once it comes, is fresh however long the test takes.
        TestContext context = forced(tool).manualClock();
        long started = System.nanoTime();

        Probe probe = other.probe(context);
        Duration probing = Duration.ofNanos(System.nanoTime() - started);
        Map<String, Double> whileSilent = assertTimeoutPreemptively(FakeNeuronMonitor.PATIENCE, () -> sample(other),
                "a tick waited for neuron-monitor's report");
        Files.createFile(speak);
        await(() -> !sample(other).isEmpty(), "the report once the tool speaks");

        // A wait never ends early; a busy machine can only make it longer.
        assertThat(probing).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
        assertThat(whileSilent).isEmpty();
        assertThat(probe.metadata()).containsExactly(entry("tool", tool.toString()),
                entry("first_report", "no report within 3 s"));
    }

    @Test
    void withoutANeuronDeviceAutoDetectionIsAbsentAndForceRunsTheToolAnyway() throws IOException {
        Files.delete(dev.resolve("neuron0"));
        Files.createFile(dev.resolve("neuron_monitor.log")); // not a device node
        Path tool = serving(TRN1_2XLARGE, 0);

        Probe auto = collector.probe(context().set("neuronMonitor", tool));
        Probe forced = collector.probe(context().set("neuronMonitor", tool).set("detect", "force"));

        assertThat(auto.reason()).hasValue("no Neuron device (/dev/neuron*); set trainium.detect=force to run"
                + " neuron-monitor anyway");
        assertThat(forced.isPresent()).isTrue();
        assertThat(sample()).containsEntry("trn.0.neuroncore_utilization", 1.3631567613356375);
    }

    @Test
    void noToolIsAbsentAndSaysWhereItLookedAndWhatToInstall() {
        assertThat(collector.probe(context()).reason()).hasValue("neuron-monitor not found in PATH or"
                + " /opt/aws/neuron/bin; install aws-neuronx-tools or set trainium.neuronMonitor");
    }

    @Test
    void aConfiguredToolThatIsNotAnExecutableIsAbsentAndSaysSo() throws IOException {
        Path missing = work.resolve("no/neuron-monitor");
        Path notExecutable = Files.writeString(work.resolve("neuron-monitor.txt"), "#!/bin/sh\n");

        assertThat(collector.probe(context().set("neuronMonitor", missing)).reason())
                .hasValue("trainium.neuronMonitor is " + missing + ", which is not an executable file");
        assertThat(collector.probe(context().set("neuronMonitor", notExecutable)).reason())
                .hasValue("trainium.neuronMonitor is " + notExecutable + ", which is not an executable file");
    }

    /** @return a fake neuron-monitor printing one line of a fixture, then staying up */
    private Path serving(String fixture, int line) throws IOException {
        Path report = FakeNeuronMonitor.reports(work, "report.json", List.of(Fixtures.lines(fixture).get(line)));
        return FakeNeuronMonitor.script(work, "cat %s\nexec sleep 30\n".formatted(report));
    }

    private TestContext context() {
        return new TestContext(TrainiumCollector.ID).devRoot(dev).commands(locator);
    }

    private TestContext forced(Path tool) {
        return context().set("detect", "force").set("neuronMonitor", tool);
    }

    private Map<String, Double> sample() {
        return sample(collector);
    }

    private static Map<String, Double> sample(TrainiumCollector sampled) {
        RecordingWriter writer = new RecordingWriter();
        sampled.sample(writer);
        return writer.values();
    }

    /** Finds neuron-monitor where the test says; it runs nothing through the runner. */
    private static final class Locator implements CommandRunner {
        Path found;
        final List<String> asked = new ArrayList<>();

        @Override
        public CommandResult run(List<String> command, Duration timeout) {
            throw new AssertionError("neuron-monitor is a long-lived child, not a command run to completion: " + command);
        }

        @Override
        public Optional<Path> locate(String name, List<Path> fallbackDirectories) {
            asked.add(name + " in " + fallbackDirectories);
            return Optional.ofNullable(found);
        }
    }
}
