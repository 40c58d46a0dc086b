package io.sysgauge.plugin.ipu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.sysgauge.spi.CommandResult;
import io.sysgauge.spi.CommandRunner;
import io.sysgauge.spi.Probe;
import io.sysgauge.testkit.RecordingWriter;
import io.sysgauge.testkit.ScriptedTools;
import io.sysgauge.testkit.TestContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IpuCollectorTest {

    @TempDir
    Path dev;

    /** How long a test waits for what must come: only there to end a test that would otherwise hang. */
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final IpuCollector collector = new IpuCollector();
    private final ScriptedTools gcInfo = new ScriptedTools(FakeGcInfo.ON_PATH.getParent());

    @BeforeEach
    void anIpuDeviceNode() throws IOException {
        Files.createFile(dev.resolve("ipu0"));
    }

    @AfterEach
    void close() {
        gcInfo.release();
        collector.close();
    }

    @Test
    void reportsTheIpusOfTheWatchedTreeUnderTheSeedsKeysAndNoOthers() {
        FakeGcInfo.pod4(gcInfo.install("gc-info"));

        Probe probe = collector.probe(context().tree(4242, 4242L, 4243L));
        Map<String, Double> first = sample();
        RecordingWriter second = new RecordingWriter();
        collector.sample(second);

        assertThat(probe.isPresent()).isTrue();
        assertThat(probe.metadata()).containsEntry("tool", FakeGcInfo.ON_PATH.toString()).containsEntry("device_count", 4)
                .containsEntry("board_type", "M2000").containsEntry("ipu_architecture", "ipu2")
                .containsEntry("driver_version", "1.0.57").containsEntry("firmware_version", "2.5.9");
        assertThat((List<?>) probe.metadata().get("devices")).hasSize(4).first()
                .isEqualTo(Map.of("id", "0", "board_ipu_index", "3", "board_type", "M2000"));
        // IPU 2 is another job's (pid 5151), IPU 3 is idle: neither is reported.
        assertThat(first.keySet()).allMatch(key -> key.startsWith("ipu.0.") || key.startsWith("ipu.1.")).hasSize(26 + 25);
        assertThat(first).contains(entry("ipu.0.average board temp (C)", 28.5), entry("ipu.0.ipu power (W)", 92.3),
                entry("ipu.0.link speed (GT/s)", 16.0), entry("ipu.0.user process id", 4242.0),
                entry("ipu.1.ipu utilisation (%)", 85.5), entry("ipu.1.user process id", 4243.0))
                .doesNotContainKey("ipu.1.ipu power (W)");
        // Every tick writes every attribute; run files keep all but the seed's six live ones only when they change.
        assertThat(second.values()).isEqualTo(first);
        assertThat(second.writes()).filteredOn(write -> !write.metric().isRecordedOnChange())
                .extracting(RecordingWriter.Write::key).containsExactlyInAnyOrder("ipu.0.average board temp (C)",
                        "ipu.0.average die temp (C)", "ipu.0.clock (MHz)", "ipu.0.ipu power (W)",
                        "ipu.0.ipu utilisation (%)", "ipu.0.ipu utilisation (session) (%)",
                        "ipu.1.average board temp (C)", "ipu.1.average die temp (C)", "ipu.1.clock (MHz)",
                        "ipu.1.ipu utilisation (%)", "ipu.1.ipu utilisation (session) (%)");
        assertThat(second.writes()).filteredOn(write -> write.metric().isRecordedOnChange())
                .extracting(RecordingWriter.Write::key).hasSize(26 + 25 - 11)
                .contains("ipu.0.link speed (GT/s)", "ipu.0.link width", "ipu.0.user process id", "ipu.1.firmware major version");
        assertThat(gcInfo.calls()).startsWith("gc-info --list-devices", "gc-info --device-id 0 --device-info",
                "gc-info --device-id 1 --device-info", "gc-info --device-id 2 --device-info",
                "gc-info --device-id 3 --device-info");
    }

    @Test
    void anIpuIsReportedFromTheTickItsProcessJoinsTheTree() {
        FakeGcInfo.pod4(gcInfo.install("gc-info"));
        TestContext context = context().tree(4242, 4242L);
        collector.probe(context);

        Map<String, Double> before = sample();
        context.tree(4242, 4242L, 4243L);
        Map<String, Double> after = sample();

        assertThat(before.keySet()).allMatch(key -> key.startsWith("ipu.0.")).hasSize(26);
        assertThat(after.keySet()).filteredOn(key -> key.startsWith("ipu.1.")).hasSize(25);
        assertThat(after.keySet()).filteredOn(key -> key.startsWith("ipu.0.")).hasSize(26);
    }

    @Test
    void withoutAWatchedTreeNothingIsReportedAndGcInfoIsNotRunAgain() throws InterruptedException {
        FakeGcInfo.pod4(gcInfo.install("gc-info"));

        Probe probe = collector.probe(context().interval(Duration.ofMillis(50)));
        Thread.sleep(300);

        assertThat(probe.isPresent()).isTrue();
        assertThat(sample()).isEmpty();
        assertThat(gcInfo.calls()).hasSize(5);
    }

    @Test
    void aDeviceGcInfoCannotReadCostsOnlyItsOwnValues() {
        FakeGcInfo.pod4(gcInfo.install("gc-info")).answer("gc-info --device-id 1 --device-info", 1, "", FakeGcInfo.NOT_FOUND);

        Probe probe = collector.probe(context().tree(4242, 4242L, 4243L));

        assertThat(probe.metadata()).containsEntry("device_count", 3);
        assertThat(sample().keySet()).isNotEmpty().allMatch(key -> key.startsWith("ipu.0."));
    }

    @Test
    void aFailingListingLeavesTheCollectorPresentAndItsValuesComeWhenGcInfoAnswers() throws InterruptedException {
        FakeGcInfo.pod4(gcInfo.install("gc-info")).answer("gc-info --list-devices", 1, "", FakeGcInfo.NOT_FOUND);

        Probe probe = collector.probe(context().tree(4242, 4242L).interval(Duration.ofMillis(100)));
        Map<String, Double> whileFailing = sample();
        gcInfo.answer("gc-info --list-devices", Fixtures.text("gc-info-list-devices-pod.txt"));
        Map<String, Double> later = awaitValues();

        assertThat(probe.isPresent()).isTrue();
        assertThat(probe.metadata()).containsExactly(entry("tool", FakeGcInfo.ON_PATH.toString()),
                entry("first_reading", "gc-info --list-devices exited with 1: Error: device 9 not found"));
        assertThat(whileFailing).isEmpty();
        assertThat(later).containsEntry("ipu.0.clock (MHz)", 1330.0).hasSize(26);
    }

    @Test
    void aGcInfoThatHangsNeverHoldsATick() throws InterruptedException {
        FakeGcInfo.pod4(gcInfo.install("gc-info"));
        HangingInTheBackground tools = new HangingInTheBackground(gcInfo);
        try {
            // The clock stands still: the probe's reading stays fresh however long the test takes.
            collector.probe(context().commands(tools).tree(4242, 4242L).interval(Duration.ofMillis(50)).manualClock());
            assertThat(tools.hung.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).as("a background run hangs").isTrue();

            // A tick that waited for gc-info would wait for release(), which comes only after it.
            Map<String, Double> whileHung = assertTimeoutPreemptively(PATIENCE, this::sample, "a tick waited for gc-info");

            assertThat(whileHung).containsEntry("ipu.0.ipu power (W)", 92.3);
        } finally {
            tools.release.countDown();
        }
    }

    @Test
    void forceSkipsTheDeviceNodesAndRunsTheConfiguredGcInfo() throws IOException {
        Files.delete(dev.resolve("ipu0"));
        Path configured = Files.createFile(dev.resolve("gc-info"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        FakeGcInfo.pod4(gcInfo);

        Probe auto = collector.probe(context().set("gcInfo", configured));
        Probe forced = collector.probe(context().set("detect", "force").set("gcInfo", configured).tree(5151, 5151L));

        assertThat(auto.reason()).hasValue("no Graphcore IPU device (/dev/ipu*); set ipu.detect=force to run gc-info"
                + " anyway");
        assertThat(forced.metadata()).containsEntry("tool", configured.toString());
        assertThat(sample()).containsEntry("ipu.2.ipu power (W)", 88.0).hasSize(26);
    }

    @Test
    void noGcInfoIsAbsentAndSaysWhatToDo() {
        assertThat(collector.probe(context()).reason())
                .hasValue("gc-info not found in PATH; install the Poplar SDK or set ipu.gcInfo");
    }

    @Test
    void aConfiguredGcInfoThatIsNotAnExecutableIsAbsentAndSaysSo() throws IOException {
        Path missing = dev.resolve("no/gc-info");
        Path notExecutable = Files.createFile(dev.resolve("gc-info.txt"));

        assertThat(collector.probe(context().set("gcInfo", missing)).reason())
                .hasValue("ipu.gcInfo is " + missing + ", which is not an executable file");
        assertThat(collector.probe(context().set("detect", "force").set("gcInfo", notExecutable)).reason())
                .hasValue("ipu.gcInfo is " + notExecutable + ", which is not an executable file");
    }

    @Test
    void identifiesItselfAndItsOneConfigurationKey() {
        assertThat(collector.id()).isEqualTo("ipu");
        assertThat(collector.configKeys()).containsExactly("gcInfo");
    }

    private TestContext context() {
        return new TestContext(IpuCollector.ID).devRoot(dev).commands(gcInfo);
    }

    private Map<String, Double> sample() {
        RecordingWriter writer = new RecordingWriter();
        collector.sample(writer);
        return writer.values();
    }

    private Map<String, Double> awaitValues() throws InterruptedException {
        Map<String, Double> values = Map.of();
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while ((values = sample()).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return values;
    }

    /**
     * gc-info as the scripted tools answer it on the test's own thread (the probe's reading), and
     * hanging, with no timeout, on any other (the background reader's) until the test releases it.
     */
    private static final class HangingInTheBackground implements CommandRunner {
        final CountDownLatch hung = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private final CommandRunner tools;
        private final Thread testThread = Thread.currentThread();

        HangingInTheBackground(CommandRunner tools) {
            this.tools = tools;
        }

        @Override
        public CommandResult run(List<String> command, Duration timeout) throws IOException {
            if (Thread.currentThread() != testThread) {
                hung.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for " + command.get(0), e);
                }
            }
            return tools.run(command, timeout);
        }

        @Override
        public Optional<Path> locate(String name, List<Path> fallbackDirectories) {
            return tools.locate(name, fallbackDirectories);
        }
    }
}
