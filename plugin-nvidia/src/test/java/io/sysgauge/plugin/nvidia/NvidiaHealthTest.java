package io.sysgauge.plugin.nvidia;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysgauge.plugin.nvidia.stub.NvmlStub;
import io.sysgauge.spi.HealthEvent;
import io.sysgauge.spi.Probe;
import io.sysgauge.testkit.RecordingWriter;
import io.sysgauge.testkit.TestContext;
import io.sysgauge.testkit.Waiting;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GPU health record (issue 17) through the collector's real JNA binding against the NVML stub:
 * throttle keys and episodes, XID and ECC events from the event thread, lost GPUs.
 */
class NvidiaHealthTest {

    private static final String TWO_GPUS = NvidiaCollectorTest.TWO_GPUS;
    private static final Instant T0 = Instant.parse("2026-12-06T01:00:00Z");
    private static final double T0_SECONDS = T0.getEpochSecond();
    private static final List<String> REASONS = List.of("swPowerCap", "hwSlowdown", "syncBoost", "swThermalSlowdown",
            "hwThermalSlowdown", "hwPowerBrakeSlowdown");

    @TempDir
    Path dir;

    private final NvidiaCollector collector = new NvidiaCollector();

    @AfterEach
    void close() {
        collector.close();
    }

    @Test
    void aThrottleWindowIsOneForItsTicksAndOneEpisode() {
        String idle = TWO_GPUS + "device 0\nclocks_event_reasons 0\ndevice 1\nclocks_event_reasons 0x1\n";
        NvmlStub stub = NvmlStub.install(dir, idle);
        TestContext context = probe(stub);

        Map<String, Double> before = sample();
        stub.configure(idle + "device 0\nclocks_event_reasons 0x40\n"); // hwThermalSlowdown
        context.advance(Duration.ofSeconds(1));
        Map<String, Double> first = sample();
        context.advance(Duration.ofSeconds(1));
        Map<String, Double> second = sample();
        stub.configure(idle);
        context.advance(Duration.ofSeconds(1));
        Map<String, Double> after = sample();

        for (String reason : REASONS) {
            // GpuIdle (0x1) on GPU 1 is not a throttle reason: every key 0 there.
            assertThat(before).containsEntry("gpu.0.throttle." + reason, 0.0).containsEntry("gpu.1.throttle." + reason, 0.0);
            assertThat(after).containsEntry("gpu.0.throttle." + reason, 0.0);
        }
        for (Map<String, Double> throttled : List.of(first, second)) {
            assertThat(throttled).containsEntry("gpu.0.throttle.hwThermalSlowdown", 1.0)
                    .containsEntry("gpu.0.throttle.swPowerCap", 0.0)
                    .containsEntry("gpu.1.throttle.hwThermalSlowdown", 0.0);
        }
        assertThat(context.healthEvents()).containsExactly(HealthEvent.episode(T0_SECONDS + 1, T0_SECONDS + 3, "gpu.0",
                HealthEvent.THROTTLE, "hwThermalSlowdown", "thermal slowdown (hardware) for 2 s"));
    }

    @Test
    void episodesStillOpenWhenTheCollectorClosesEndThen() {
        NvmlStub stub = NvmlStub.install(dir, TWO_GPUS + "device 0\nclocks_event_reasons 0x44\n");
        TestContext context = probe(stub);
        sample();
        context.advance(Duration.ofSeconds(252));
        sample();

        collector.close();

        assertThat(context.healthEvents()).containsExactly(
                HealthEvent.episode(T0_SECONDS, T0_SECONDS + 252, "gpu.0", HealthEvent.THROTTLE, "swPowerCap",
                        "power cap (software) for 4 min 12 s"),
                HealthEvent.episode(T0_SECONDS, T0_SECONDS + 252, "gpu.0", HealthEvent.THROTTLE, "hwThermalSlowdown",
                        "thermal slowdown (hardware) for 4 min 12 s"));
    }

    @Test
    void aDriverThatCannotSayItsReasonsGetsNoThrottleKeysNeverZeros() {
        // GPU 0: both symbols missing (a driver before either); GPU 1 never had the reasons set: NOT_SUPPORTED.
        NvmlStub stub = NvmlStub.install(dir, TWO_GPUS + "device 0\nclocks_event_reasons 0x40\n",
                "nvmlDeviceGetCurrentClocksEventReasons", "nvmlDeviceGetCurrentClocksThrottleReasons");
        probe(stub);

        Map<String, Double> first = sample();
        Map<String, Double> second = sample();

        for (Map<String, Double> values : List.of(first, second)) {
            assertThat(values.keySet()).noneMatch(key -> key.contains(".throttle."));
            assertThat(values).containsEntry("gpu.0.temp", 45.0).containsEntry("gpu.1.temp", 61.0).hasSize(30);
        }
        // NOT_SUPPORTED is not asked again.
        assertThat(stub.callCount("nvmlDeviceGetCurrentClocksThrottleReasons")).isZero();
    }

    @Test
    void notSupportedIsAskedOnceAndDropsOnlyThatGpusKeys() {
        NvmlStub stub = NvmlStub.install(dir, TWO_GPUS + "device 1\nclocks_event_reasons 0x4\n");
        probe(stub);

        sample();
        Map<String, Double> second = sample();

        assertThat(second.keySet()).noneMatch(key -> key.startsWith("gpu.0.throttle."));
        assertThat(second).containsEntry("gpu.1.throttle.swPowerCap", 1.0);
        // GPU 0 once (NOT_SUPPORTED), GPU 1 on both ticks.
        assertThat(stub.callCount("nvmlDeviceGetCurrentClocksEventReasons")).isEqualTo(3);
    }

    @Test
    void aDriverBeforeR535IsAskedByTheOlderName() {
        NvmlStub stub = NvmlStub.install(dir, TWO_GPUS + "device 0\nclocks_event_reasons 0x80\n",
                "nvmlDeviceGetCurrentClocksEventReasons");
        probe(stub);

        assertThat(sample()).containsEntry("gpu.0.throttle.hwPowerBrakeSlowdown", 1.0)
                .containsEntry("gpu.0.throttle.hwThermalSlowdown", 0.0);
        // One call per GPU, by the older name alone (GPU 1's reasons are unset: NOT_SUPPORTED).
        assertThat(stub.callCount("nvmlDeviceGetCurrentClocksThrottleReasons")).isEqualTo(2);
    }

    @Test
    void aScriptedXidIsCountedOnceAndRecordedOnceWithItsCode() throws InterruptedException {
        String watched = TWO_GPUS + "device 1\nevent_types 0xB\n"; // XID, single- and double-bit ECC
        NvmlStub stub = NvmlStub.install(dir, watched);
        TestContext context = probe(stub);

        Map<String, Double> before = sample();
        stub.configure(watched + "device 1\nevent xid 79\n");
        sample(); // the sampling thread's next call reads the file; the event thread delivers what it found
        Waiting.until(() -> !context.healthEvents().isEmpty(), "the XID in the health log");
        // A later event, behind the XID in the stub's queue: once it is here, a second XID would be too.
        stub.configure(watched + "device 1\nevent xid 79\nevent ecc_single\n");
        sample();
        Waiting.until(() -> context.healthEvents().size() >= 2, "the ECC error in the health log");
        Map<String, Double> after = sample();

        assertThat(before).containsEntry("gpu.1.xidErrors", 0.0).doesNotContainKey("gpu.0.xidErrors");
        assertThat(after).containsEntry("gpu.1.xidErrors", 1.0).doesNotContainKey("gpu.0.xidErrors");
        assertThat(context.healthEvents()).containsExactly(
                HealthEvent.xid(T0_SECONDS, "gpu.1", 79, "XID 79: GPU has fallen off the bus"),
                HealthEvent.ecc(T0_SECONDS, "gpu.1", "singleBit", "single-bit ECC error (corrected)"));
        assertThat(NvidiaMetrics.XID_ERRORS.kind()).isEqualTo(io.sysgauge.spi.MetricKind.COUNTER);
    }

    @Test
    void eccEventsOnlyWhereTheGpuSupportsThemAndTheOlderWaitWhereV2IsMissing() throws InterruptedException {
        // GPU 0 reports XIDs only: its double-bit ECC error is never delivered.
        String watched = TWO_GPUS + "device 0\nevent_types 0x8\ndevice 1\nevent_types 0xB\n";
        NvmlStub stub = NvmlStub.install(dir, watched, "nvmlEventSetWait_v2");
        TestContext context = probe(stub);
        sample();

        stub.configure(watched + "device 0\nevent ecc_double\nevent xid 13\ndevice 1\nevent ecc_double\n");
        sample();
        Waiting.until(() -> context.healthEvents().size() >= 2, "two events in the health log");

        assertThat(context.healthEvents()).containsExactly(
                HealthEvent.xid(T0_SECONDS, "gpu.0", 13, "XID 13: graphics engine exception"),
                HealthEvent.ecc(T0_SECONDS, "gpu.1", "doubleBit", "double-bit ECC error (uncorrected)"));
        assertThat(sample()).containsEntry("gpu.0.xidErrors", 1.0).containsEntry("gpu.1.xidErrors", 0.0);
    }

    @Test
    void theEventThreadEndsAndItsSetIsFreedAtClose() throws InterruptedException {
        NvmlStub stub = NvmlStub.install(dir, TWO_GPUS + "device 0\nevent_types 0x8\n");
        probe(stub);
        Waiting.until(NvidiaHealthTest::eventThreadRuns, "the event thread");

        collector.close();

        assertThat(eventThreadRuns()).isFalse();
        assertThat(stub.callCount("nvmlEventSetFree")).isEqualTo(1);
    }

    @Test
    void noGpuReportsEventsNoThreadAndNoXidKeys() {
        NvmlStub stub = NvmlStub.install(dir, TWO_GPUS);
        probe(stub);

        assertThat(sample().keySet()).noneMatch(key -> key.endsWith(".xidErrors"));
        assertThat(eventThreadRuns()).isFalse();
        assertThat(stub.callCount("nvmlEventSetCreate")).isZero();
    }

    @Test
    void aLostGpuIsRecordedOnceAndEndsItsThrottleEpisode() {
        String throttled = TWO_GPUS + "device 0\nclocks_event_reasons 0x4\n";
        NvmlStub stub = NvmlStub.install(dir, throttled);
        TestContext context = probe(stub);
        sample();

        stub.configure(throttled + "device 0\nlost\n");
        context.advance(Duration.ofSeconds(3));
        sample();
        context.advance(Duration.ofSeconds(1));
        Map<String, Double> later = sample();

        assertThat(context.healthEvents()).containsExactly(
                HealthEvent.lost(T0_SECONDS + 3, "gpu.0", "GPU is lost: it fell off the bus or stopped answering NVML"),
                HealthEvent.episode(T0_SECONDS, T0_SECONDS + 3, "gpu.0", HealthEvent.THROTTLE, "swPowerCap",
                        "power cap (software) for 3 s"));
        assertThat(later.keySet()).noneMatch(key -> key.startsWith("gpu.0."));
        assertThat(later).containsEntry("gpu.1.temp", 61.0);
    }

    private TestContext probe(NvmlStub stub) {
        TestContext context = new TestContext(NvidiaCollector.ID).set("library", stub.library()).manualClock(T0);
        Probe probe = collector.probe(context);
        assertThat(probe.isPresent()).as("%s", probe.reason()).isTrue();
        return context;
    }

    private static boolean eventThreadRuns() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(thread -> thread.getName().equals("sysgauge-nvml-events") && thread.isAlive());
    }

    private Map<String, Double> sample() {
        RecordingWriter writer = new RecordingWriter();
        collector.sample(writer);
        return writer.values();
    }
}
