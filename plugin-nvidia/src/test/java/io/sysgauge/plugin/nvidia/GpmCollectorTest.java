package io.sysgauge.plugin.nvidia;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.sysgauge.plugin.nvidia.stub.NvmlStub;
import io.sysgauge.spi.MetricKind;
import io.sysgauge.spi.Probe;
import io.sysgauge.spi.Unit;
import io.sysgauge.testkit.RecordingWriter;
import io.sysgauge.testkit.TestContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17's keys over the real JNA binding against the NVML stub: GPM on the GPU that has it, the
 * older link readings on the one that does not, and energy on both.
 */
class GpmCollectorTest {

    static final double MIB = 1024.0 * 1024.0;

    /** GPU 0, the H100, has GPM with these values; GPU 1, the A100, has none (the stub's default). */
    static final String GPM_ON_GPU_0 = """
            device 0
            gpm 1
            gpm_metric 2 61.5
            gpm_metric 3 33.25
            gpm_metric 5 47
            gpm_metric 11 0.5
            gpm_metric 12 12.75
            gpm_metric 13 3
            gpm_metric 10 55.5
            gpm_metric 20 1234.5
            gpm_metric 21 987.25
            gpm_metric 61 45678
            gpm_metric 60 40000.5
            """;

    static final List<String> GPM_KEYS = List.of("smActive", "smOccupancy", "pipeTensorActive", "pipeFp64Active",
            "pipeFp32Active", "pipeFp16Active", "dramActive", "pcieTxBytes", "pcieRxBytes", "nvlinkTxBytes",
            "nvlinkRxBytes");

    @TempDir
    Path dir;

    private final NvidiaCollector collector = new NvidiaCollector();

    @AfterEach
    void close() {
        collector.close();
    }

    @Test
    void gpmKeysFromTheSecondTickOnlyOnTheGpuThatHasGpmInSysgaugeUnits() {
        NvmlStub stub = NvmlStub.install(dir, NvidiaCollectorTest.TWO_GPUS + GPM_ON_GPU_0);
        Probe probe = collector.probe(contextFor(stub));

        Map<String, Double> first = sample();
        Map<String, Double> second = sample();

        assertThat(first).doesNotContainKeys(keys(0).toArray(String[]::new)).containsEntry("gpu.0.temp", 45.0);
        assertThat(second).contains(
                entry("gpu.0.smActive", 61.5),
                entry("gpu.0.smOccupancy", 33.25),
                entry("gpu.0.pipeTensorActive", 47.0),
                entry("gpu.0.pipeFp64Active", 0.5),
                entry("gpu.0.pipeFp32Active", 12.75),
                entry("gpu.0.pipeFp16Active", 3.0),
                entry("gpu.0.dramActive", 55.5),
                entry("gpu.0.pcieTxBytes", 1234.5 * MIB),
                entry("gpu.0.pcieRxBytes", 987.25 * MIB),
                entry("gpu.0.nvlinkTxBytes", 45678 * MIB),
                entry("gpu.0.nvlinkRxBytes", 40000.5 * MIB));
        assertThat(second).doesNotContainKeys(keys(1).toArray(String[]::new));
        assertThat(probe.metadata()).containsEntry("gpm", "not supported on GPU 1 (Ampere)");
        // One sample per GPU with GPM per tick, and one metrics call per pair.
        assertThat(stub.callCount("nvmlGpmSampleGet")).isEqualTo(2);
        assertThat(stub.callCount("nvmlGpmMetricsGet")).isEqualTo(1);
    }

    @Test
    void eachTickReadsTheMetricsAgainAndAMetricTheGpuLacksIsLeftOut() {
        NvmlStub stub = NvmlStub.install(dir, NvidiaCollectorTest.TWO_GPUS + GPM_ON_GPU_0);
        collector.probe(contextFor(stub));
        sample();
        sample();

        // A PCIe H100: no NVLink, so NVML answers NOT_SUPPORTED for those two metrics alone.
        stub.configure(NvidiaCollectorTest.TWO_GPUS + GPM_ON_GPU_0.replace("gpm_metric 2 61.5", "gpm_metric 2 99")
                .replace("gpm_metric 61 45678\n", "").replace("gpm_metric 60 40000.5\n", ""));
        Map<String, Double> third = sample();

        assertThat(third).containsEntry("gpu.0.smActive", 99.0).containsEntry("gpu.0.dramActive", 55.5)
                .doesNotContainKeys("gpu.0.nvlinkTxBytes", "gpu.0.nvlinkRxBytes");
    }

    @Test
    void energyIsJoulesSinceTheFirstSampleGrowingByExactlyTheDriversMillijoules() {
        String energy = "device 0\nenergy %d\ndevice 1\nenergy %d\n";
        NvmlStub stub = NvmlStub.install(dir, NvidiaCollectorTest.TWO_GPUS + energy.formatted(5_000_000_123L, 777L));
        collector.probe(contextFor(stub));

        RecordingWriter first = writes();
        stub.configure(NvidiaCollectorTest.TWO_GPUS + energy.formatted(5_000_123_579L, 777L + 250_001L));
        Map<String, Double> second = sample();
        stub.configure(NvidiaCollectorTest.TWO_GPUS + energy.formatted(5_000_200_000L, 777L + 250_001L));
        Map<String, Double> third = sample();

        assertThat(first.values()).containsEntry("gpu.0.energyJoules", 0.0).containsEntry("gpu.1.energyJoules", 0.0);
        assertThat(second).containsEntry("gpu.0.energyJoules", 123.456).containsEntry("gpu.1.energyJoules", 250.001);
        assertThat(third).containsEntry("gpu.0.energyJoules", 199.877).containsEntry("gpu.1.energyJoules", 250.001);
        RecordingWriter.Write write = first.writes().stream().filter(w -> w.key().equals("gpu.0.energyJoules"))
                .findFirst().orElseThrow();
        assertThat(write.metric().kind()).isEqualTo(MetricKind.COUNTER);
        assertThat(write.metric().unit()).isEqualTo(Unit.JOULES);
    }

    @Test
    void aGpuWithoutGpmGetsPcieInBytesAndNvlinkAsARateBetweenTheDriversStamps() {
        String links = "device 1\npcie %d %d\nnvlink %d %d %d\n";
        NvmlStub stub = NvmlStub.install(dir, NvidiaCollectorTest.TWO_GPUS + GPM_ON_GPU_0
                + links.formatted(2048, 1000, 1_000_000L, 500_000L, 1_700_000_000_000_000L));
        collector.probe(contextFor(stub));

        Map<String, Double> first = sample();
        // 2.5 s later by NVML's stamps: 3 000 000 KiB out, 1 250 000 KiB in.
        stub.configure(NvidiaCollectorTest.TWO_GPUS + GPM_ON_GPU_0
                + links.formatted(4096, 0, 4_000_000L, 1_750_000L, 1_700_000_002_500_000L));
        Map<String, Double> second = sample();

        assertThat(first).containsEntry("gpu.1.pcieTxBytes", 2048 * 1024.0)
                .containsEntry("gpu.1.pcieRxBytes", 1000 * 1024.0)
                .doesNotContainKeys("gpu.1.nvlinkTxBytes", "gpu.1.nvlinkRxBytes", "gpu.1.smActive");
        assertThat(second).containsEntry("gpu.1.pcieTxBytes", 4096 * 1024.0)
                .containsEntry("gpu.1.pcieRxBytes", 0.0)
                .containsEntry("gpu.1.nvlinkTxBytes", 3_000_000 * 1024.0 / 2.5)
                .containsEntry("gpu.1.nvlinkRxBytes", 1_250_000 * 1024.0 / 2.5)
                // GPU 0's link rates are GPM's, not the older calls'
                .containsEntry("gpu.0.pcieTxBytes", 1234.5 * MIB);
        assertThat(stub.callCount("nvmlDeviceGetPcieThroughput")).as("two counters of GPU 1, two ticks").isEqualTo(4);
    }

    @Test
    void anOlderDriverWithoutGpmOrEnergyFunctionsLosesOnlyThoseKeys() {
        NvmlStub stub = NvmlStub.install(dir, NvidiaCollectorTest.TWO_GPUS + GPM_ON_GPU_0
                + "device 0\nenergy 1000\npcie 10 20\ndevice 1\nenergy 2000\n",
                "nvmlGpmQueryDeviceSupport", "nvmlGpmSampleAlloc", "nvmlGpmSampleFree", "nvmlGpmSampleGet",
                "nvmlGpmMigSampleGet", "nvmlGpmMetricsGet", "nvmlDeviceGetTotalEnergyConsumption",
                "nvmlDeviceGetFieldValues");
        Probe probe = collector.probe(contextFor(stub));

        sample();
        Map<String, Double> values = sample();

        assertThat(probe.metadata()).containsEntry("gpm",
                "not in this driver's NVML library (nvmlGpmQueryDeviceSupport)");
        assertThat(values).doesNotContainKeys(keys(0).subList(0, 7).toArray(String[]::new))
                .doesNotContainKeys("gpu.0.energyJoules", "gpu.1.energyJoules", "gpu.0.nvlinkTxBytes")
                // without GPM, GPU 0's PCIe comes from the older call
                .containsEntry("gpu.0.pcieTxBytes", 10 * 1024.0)
                .containsEntry("gpu.0.temp", 45.0)
                .containsEntry("gpu.1.fanSpeed", 35.0);
        assertThat(values).as("the 30 keys of before, and the two PCIe ones").hasSize(30 + 2);
    }

    @Test
    void notSupportedDropsOnlyItsKeysAndIsNotAskedAgain() {
        NvmlStub stub = NvmlStub.install(dir, NvidiaCollectorTest.TWO_GPUS + GPM_ON_GPU_0 + """
                device 0
                energy 1000
                device 1
                energy 2000
                fail nvmlDeviceGetPcieThroughput 3
                fail nvmlDeviceGetTotalEnergyConsumption 3
                """);
        collector.probe(contextFor(stub));

        sample();
        Map<String, Double> values = sample();

        assertThat(values).containsEntry("gpu.0.energyJoules", 0.0).containsEntry("gpu.0.smActive", 61.5)
                .doesNotContainKeys("gpu.1.energyJoules", "gpu.1.pcieTxBytes", "gpu.1.pcieRxBytes",
                        "gpu.1.nvlinkTxBytes")
                .containsEntry("gpu.1.temp", 61.0);
        assertThat(stub.callCount("nvmlDeviceGetPcieThroughput")).as("GPU 1, once").isEqualTo(1);
        assertThat(stub.callCount("nvmlDeviceGetTotalEnergyConsumption")).as("GPU 0 twice, GPU 1 once").isEqualTo(3);
        // GPU 1 has no NVLink: the field answers NOT_SUPPORTED on the first tick, and is not asked again
        assertThat(stub.callCount("nvmlDeviceGetFieldValues")).isEqualTo(1);
    }

    @Test
    void aGpuWhoseGpmStopsAnsweringGetsTheOlderLinkReadingsInstead() {
        NvmlStub stub = NvmlStub.install(dir, NvidiaCollectorTest.TWO_GPUS + GPM_ON_GPU_0
                + "pcie 10 20\nfail nvmlGpmSampleGet 3\n");
        collector.probe(contextFor(stub));

        sample();
        Map<String, Double> values = sample();

        assertThat(values).doesNotContainKeys(keys(0).subList(0, 7).toArray(String[]::new))
                .containsEntry("gpu.0.pcieTxBytes", 10 * 1024.0)
                .containsEntry("gpu.0.pcieRxBytes", 20 * 1024.0);
        assertThat(stub.callCount("nvmlGpmSampleGet")).as("NOT_SUPPORTED: not asked again").isEqualTo(1);
    }

    @Test
    void migInstancesGetGpmThroughTheirGpuInstance() {
        NvmlStub stub = NvmlStub.install(dir, """
                driver 550.54.15
                device 0
                name NVIDIA H100 80GB HBM3
                arch 9
                temperature 38
                mig_mode 1
                mig 0 10200547328 5368709120
                mig 2 20401094656 1073741824
                gpm 1
                gpm_metric 2 70
                mig_gpm_metric 0 2 40.5
                mig_gpm_metric 0 10 12
                mig_gpm_metric 2 2 80
                """);
        collector.probe(contextFor(stub));

        sample();
        Map<String, Double> values = sample();

        assertThat(values).containsEntry("gpu.0.smActive", 70.0)
                .containsEntry("gpu.0.mig.0.smActive", 40.5)
                .containsEntry("gpu.0.mig.0.dramActive", 12.0)
                .containsEntry("gpu.0.mig.2.smActive", 80.0)
                .doesNotContainKeys("gpu.0.mig.2.dramActive", "gpu.0.dramActive");
        assertThat(stub.callCount("nvmlGpmMigSampleGet")).isEqualTo(4);
        assertThat(stub.callCount("nvmlGpmMetricsGet")).isEqualTo(3);
    }

    @Test
    void aFailedMetricsCallCostsItsTickAndTheNextPairStartsAfresh() {
        NvmlStub stub = NvmlStub.install(dir, NvidiaCollectorTest.TWO_GPUS + GPM_ON_GPU_0
                + "fail nvmlGpmMetricsGet 999\n");
        collector.probe(contextFor(stub));
        sample();

        assertThat(sample()).doesNotContainKey("gpu.0.smActive").containsEntry("gpu.0.temp", 45.0);
        stub.configure(NvidiaCollectorTest.TWO_GPUS + GPM_ON_GPU_0);
        assertThat(sample()).as("the pair is refilled first").doesNotContainKey("gpu.0.smActive");
        assertThat(sample()).containsEntry("gpu.0.smActive", 61.5);
    }

    @Test
    void everyGpmSampleIsFreedAtClose() {
        NvmlStub stub = NvmlStub.install(dir, NvidiaCollectorTest.TWO_GPUS + GPM_ON_GPU_0
                + "device 1\ngpm 1\ngpm_metric 2 10\n");
        collector.probe(contextFor(stub));
        sample();
        sample();

        collector.close();

        assertThat(stub.callCount("nvmlGpmSampleAlloc")).isEqualTo(4);
        assertThat(stub.callCount("nvmlGpmSampleFree")).isEqualTo(4);
    }

    private static List<String> keys(int gpu) {
        return GPM_KEYS.stream().map(name -> "gpu." + gpu + "." + name).toList();
    }

    private static TestContext contextFor(NvmlStub stub) {
        return new TestContext(NvidiaCollector.ID).set("library", stub.library());
    }

    private RecordingWriter writes() {
        RecordingWriter writer = new RecordingWriter();
        try {
            collector.sample(writer);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return writer;
    }

    private Map<String, Double> sample() {
        return writes().values();
    }
}
