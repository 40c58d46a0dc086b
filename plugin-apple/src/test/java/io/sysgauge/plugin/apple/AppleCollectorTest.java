package io.sysgauge.plugin.apple;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sysgauge.spi.DeviceSelection;
import io.sysgauge.spi.Probe;
import io.sysgauge.testkit.RecordingWriter;
import io.sysgauge.testkit.TestContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AppleCollectorTest {

    static final long TOTAL_MEMORY = 16L << 30;

    private final FakeGpuStats stats = new FakeGpuStats();
    private final OshiAppleGpu fakeGpu = new OshiAppleGpu(FakeGraphicsCard.m2Pro(stats), stats, TOTAL_MEMORY);
    private AppleCollector collector = new AppleCollector("Mac OS X", "aarch64", () -> fakeGpu);

    @AfterEach
    void close() {
        collector.close();
    }

    @Test
    void identifiesItselfByItsPluginIdAndTakesNoKeys() {
        assertThat(new AppleCollector().id()).isEqualTo("apple");
        assertThat(new AppleCollector().configKeys()).isEmpty();
    }

    @Test
    void probesAbsentOnThisLinuxMachineAndSaysWhy() {
        assumeTrue(System.getProperty("os.name").equals("Linux"), "the build machine runs Linux");
        collector = new AppleCollector();

        Probe probe = collector.probe(new TestContext(AppleCollector.ID));

        assertThat(probe.isPresent()).isFalse();
        assertThat(probe.reason()).hasValue("Apple silicon GPUs are read on macOS only; this machine runs Linux");
        RecordingWriter out = new RecordingWriter();
        collector.sample(out);
        assertThat(out.values()).isEmpty();
    }

    @Test
    void probesPresentOnAnArm64MacWithTheCardsFacts() {
        Probe probe = collector.probe(new TestContext(AppleCollector.ID));

        assertThat(probe.isPresent()).as("%s", probe.reason()).isTrue();
        assertThat(probe.metadata()).containsExactly(
                entry("gpu", "Apple M2 Pro"),
                entry("gpu_count", 1),
                entry("gpu_apple", Map.of("index", 0, "name", "Apple M2 Pro", "vendor", "Apple (0x106b)",
                        "memory_total", TOTAL_MEMORY)));
    }

    @Test
    void samplesTheOpenedGpu() {
        stats.utilization = 61.0;
        stats.vramUsed = 4L << 30;
        stats.temperature = 52.0;
        stats.powerDraw = 3.3;
        collector.probe(new TestContext(AppleCollector.ID));

        RecordingWriter out = new RecordingWriter();
        collector.sample(out);

        assertThat(out.values()).containsExactly(
                entry("gpu.0.gpu", 61.0),
                entry("gpu.0.memoryAllocated", 25.0),
                entry("gpu.0.powerPercent", 100.0 * 3.3 / 16.5),
                entry("gpu.0.powerWatts", 3.3),
                entry("gpu.0.temp", 52.0));
    }

    @Test
    void closeEndsTheStatsSessionOnce() {
        collector.probe(new TestContext(AppleCollector.ID));

        collector.close();
        collector.close();

        assertThat(stats.isClosed()).isTrue();
    }

    @Test
    void saysWhyWhenOshiFindsNoAppleGpu() {
        collector = new AppleCollector("Mac OS X", "aarch64", () -> {
            throw new OshiAppleGpu.Unavailable("OSHI lists no Apple GPU from system_profiler SPDisplaysDataType"
                    + " (cards found: none)");
        });

        Probe probe = collector.probe(new TestContext(AppleCollector.ID));

        assertThat(probe.reason()).hasValue(
                "OSHI lists no Apple GPU from system_profiler SPDisplaysDataType (cards found: none)");
    }

    @Test
    void anIntelJvmOnAMacIsAbsentWithoutOpeningAnything() {
        collector = new AppleCollector("Mac OS X", "x86_64", () -> {
            throw new AssertionError("opened the GPU");
        });

        Probe probe = collector.probe(new TestContext(AppleCollector.ID));

        assertThat(probe.reason()).hasValueSatisfying(reason -> assertThat(reason).startsWith(
                "Apple silicon GPUs are read by an arm64 JVM; this one runs as x86_64"));
    }

    @Test
    void gpuDevicesWithoutIndexZeroSelectsNothingAndOpensNothing() {
        collector = new AppleCollector("Mac OS X", "aarch64", () -> {
            throw new AssertionError("opened the GPU");
        });

        Probe probe = collector.probe(new TestContext(AppleCollector.ID).devices(DeviceSelection.of(List.of(1))));

        assertThat(probe.reason()).hasValue("gpu.devices [1] selects no Apple GPU; this Mac has one, index 0");
    }

    @Test
    void gpuDevicesWithIndexZeroSelectsTheGpu() {
        Probe probe = collector.probe(new TestContext(AppleCollector.ID).devices(DeviceSelection.of(List.of(0, 1))));

        assertThat(probe.isPresent()).as("%s", probe.reason()).isTrue();
    }
}
