package io.sysgauge.plugin.nvidia;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.sysgauge.plugin.nvidia.stub.NvmlStub;
import io.sysgauge.spi.DeviceSelection;
import io.sysgauge.spi.Probe;
import io.sysgauge.testkit.RecordingWriter;
import io.sysgauge.testkit.TestContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The collector over its real JNA binding, against the NVML stub compiled from C. */
class NvidiaCollectorTest {

    static final long TOTAL_0 = 85_520_809_984L;
    static final long USED_0 = 1_073_741_824L;
    static final long TOTAL_1 = 42_949_672_960L;
    static final long USED_1 = 10_737_418_240L;

    /** An H100 and an A100: {@code two-gpus.conf} beside the stub's source. */
    static final String TWO_GPUS = NvmlStub.fixture("two-gpus.conf");

    @TempDir
    Path dir;

    private final NvidiaCollector collector = new NvidiaCollector();

    @AfterEach
    void close() {
        collector.close();
    }

    @Test
    void writesEveryDeviceKeyWithTheLibrarysValuesInSysgaugeUnits() {
        NvmlStub stub = NvmlStub.install(dir, TWO_GPUS);

        Probe probe = collector.probe(contextFor(stub));

        assertThat(probe.isPresent()).as("%s", probe.reason()).isTrue();
        assertThat(sample()).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                entry("gpu.0.memoryAllocatedBytes", (double) USED_0),
                entry("gpu.0.memoryAllocated", 100.0 * USED_0 / TOTAL_0),
                entry("gpu.0.gpu", 37.0),
                entry("gpu.0.memory", 12.0),
                entry("gpu.0.temp", 45.0),
                entry("gpu.0.powerWatts", 123.456),
                entry("gpu.0.enforcedPowerLimitWatts", 700.0),
                entry("gpu.0.powerPercent", 100.0 * 123_456 / 700_000),
                entry("gpu.0.smClock", 1980.0),
                entry("gpu.0.memoryClock", 2619.0),
                entry("gpu.0.graphicsClock", 1755.0),
                entry("gpu.0.correctedMemoryErrors", 3.0),
                entry("gpu.0.unCorrectedMemoryErrors", 0.0),
                entry("gpu.0.encoderUtilization", 5.0),
                entry("gpu.0.fanSpeed", 40.0),
                entry("gpu.1.memoryAllocatedBytes", (double) USED_1),
                entry("gpu.1.memoryAllocated", 25.0),
                entry("gpu.1.gpu", 88.0),
                entry("gpu.1.memory", 41.0),
                entry("gpu.1.temp", 61.0),
                entry("gpu.1.powerWatts", 250.0),
                entry("gpu.1.enforcedPowerLimitWatts", 400.0),
                entry("gpu.1.powerPercent", 62.5),
                entry("gpu.1.smClock", 1410.0),
                entry("gpu.1.memoryClock", 1215.0),
                entry("gpu.1.graphicsClock", 1410.0),
                entry("gpu.1.correctedMemoryErrors", 0.0),
                entry("gpu.1.unCorrectedMemoryErrors", 1.0),
                entry("gpu.1.encoderUtilization", 0.0),
                entry("gpu.1.fanSpeed", 35.0)));
    }

    @Test
    void describesDriverAndDevicesForMetadata() {
        NvmlStub stub = NvmlStub.install(dir, TWO_GPUS);

        Probe probe = collector.probe(contextFor(stub));

        assertThat(probe.metadata()).containsEntry("gpu", "NVIDIA H100 80GB HBM3")
                .containsEntry("gpu_count", 2)
                .containsEntry("driver_version", "550.54.15")
                .containsEntry("cuda_version", "12.4")
                .containsEntry("library", stub.library().toString());
        assertThat(probe.metadata().get("gpu_nvidia")).isEqualTo(List.of(
                Map.of("index", 0, "name", "NVIDIA H100 80GB HBM3", "uuid", "GPU-3b5a0c1e-8f9d-4c1b-a2e4-5f6d7e8f9a01",
                        "memory_total", TOTAL_0, "architecture", "Hopper"),
                Map.of("index", 1, "name", "NVIDIA A100-SXM4-40GB", "uuid", "GPU-9c1d2e3f-0a1b-4c5d-8e9f-a0b1c2d3e4f5",
                        "memory_total", TOTAL_1, "architecture", "Ampere")));
    }

    @Test
    void processKeysOnlyForTheDeviceTheTreeUsesWithTheTreesOwnMemoryAndUtilization() {
        long root = 4242;
        long child = 4250;
        NvmlStub stub = NvmlStub.install(dir, TWO_GPUS + """
                device 0
                compute_process 31337 20000000000
                process_utilization 31337 now 90 30
                device 1
                compute_process 31337 5000000000
                compute_process 4250 2147483648
                graphics_process 4250 2147483648
                graphics_process 4242 1048576
                process_utilization 4250 now 60 20
                process_utilization 4242 now 5 1
                process_utilization 31337 now 20 10
                """);

        collector.probe(contextFor(stub).tree(root, root, child));
        Map<String, Double> values = sample();

        assertThat(values).doesNotContainKeys("gpu.process.0.gpu", "gpu.process.0.memoryAllocatedBytes",
                "gpu.process.0.temp");
        assertThat(values).containsEntry("gpu.process.1.memoryAllocatedBytes", 2_148_532_224.0)
                .containsEntry("gpu.process.1.memoryAllocated", 100.0 * 2_148_532_224L / TOTAL_1)
                .containsEntry("gpu.process.1.gpu", 65.0)
                .containsEntry("gpu.process.1.memory", 21.0)
                .containsEntry("gpu.process.1.temp", 61.0)
                .containsEntry("gpu.process.1.powerWatts", 250.0)
                .containsEntry("gpu.process.1.powerPercent", 62.5);
    }

    @Test
    void attributesProcessesNvmlNumbersInAnotherPidNamespace(@TempDir Path proc) throws IOException {
        // sysgauge sees the trainer as 4242; its own namespace, where the driver numbered it, calls it 17.
        Files.createDirectories(proc.resolve("4242"));
        Files.writeString(proc.resolve("4242/status"), "Name:\tpython\nPid:\t4242\nNSpid:\t4242\t17\nThreads:\t9\n");
        NvmlStub stub = NvmlStub.install(dir, TWO_GPUS + "device 0\ncompute_process 17 3221225472\n");

        collector.probe(contextFor(stub).procRoot(proc).tree(4242, 4242L));

        assertThat(sample()).containsEntry("gpu.process.0.memoryAllocatedBytes", 3_221_225_472.0)
                .doesNotContainKey("gpu.process.1.memoryAllocatedBytes");
    }

    @Test
    void leavesProcessMemoryOutWhenTheDriverDoesNotKnowIt() {
        NvmlStub stub = NvmlStub.install(dir, TWO_GPUS + "device 0\ncompute_process 4242 na\n");

        collector.probe(contextFor(stub).tree(4242, 4242L));
        Map<String, Double> values = sample();

        assertThat(values).doesNotContainKeys("gpu.process.0.memoryAllocatedBytes", "gpu.process.0.memoryAllocated")
                .containsEntry("gpu.process.0.temp", 45.0)
                // no per-process sample since the last read: the tree kept the GPU idle
                .containsEntry("gpu.process.0.gpu", 0.0);
    }

    @Test
    void notSupportedDropsOnlyThatMetricAndIsNotAskedAgain() {
        NvmlStub stub = NvmlStub.install(dir, TWO_GPUS + "device 0\nfail nvmlDeviceGetFanSpeed 3\n");
        collector.probe(contextFor(stub));

        Map<String, Double> first = sample();
        Map<String, Double> second = sample();

        for (Map<String, Double> values : List.of(first, second)) {
            assertThat(values).doesNotContainKey("gpu.0.fanSpeed")
                    .containsEntry("gpu.1.fanSpeed", 35.0)
                    .containsEntry("gpu.0.temp", 45.0)
                    .hasSize(29);
        }
        // GPU 0 was asked once, GPU 1 on both ticks.
        assertThat(stub.callCount("nvmlDeviceGetFanSpeed")).isEqualTo(3);
    }

    @Test
    void aFailingCallCostsItsValueForTheTickOnly() {
        NvmlStub stub = NvmlStub.install(dir, TWO_GPUS + "device 1\nfail nvmlDeviceGetTemperature 999\n");
        collector.probe(contextFor(stub));

        assertThat(sample()).doesNotContainKey("gpu.1.temp").containsEntry("gpu.1.powerWatts", 250.0);
        stub.configure(TWO_GPUS);
        assertThat(sample()).containsEntry("gpu.1.temp", 61.0);
    }

    @Test
    void functionsAnOlderDriverLacksDropOnlyTheirMetrics() {
        NvmlStub stub = NvmlStub.install(dir, TWO_GPUS + """
                device 1
                compute_process 31337 4294967296
                compute_process 4242 2147483648
                graphics_process 999 5
                graphics_process 4243 1048576
                """,
                "nvmlDeviceGetFanSpeed", "nvmlDeviceGetEncoderUtilization", "nvmlDeviceGetProcessUtilization",
                "nvmlDeviceGetComputeRunningProcesses_v3", "nvmlDeviceGetComputeRunningProcesses_v2",
                "nvmlDeviceGetGraphicsRunningProcesses_v3");
        Probe probe = collector.probe(contextFor(stub).tree(4242, 4242L, 4243L));

        Map<String, Double> values = sample();

        assertThat(probe.isPresent()).isTrue();
        assertThat(values).doesNotContainKeys("gpu.0.fanSpeed", "gpu.1.fanSpeed", "gpu.0.encoderUtilization",
                        "gpu.process.1.gpu", "gpu.process.1.memory")
                .containsEntry("gpu.0.powerWatts", 123.456)
                .containsEntry("gpu.1.temp", 61.0)
                // the second entries of the unversioned compute list (16-byte v1 struct) and of the
                // graphics _v2 list (24 bytes)
                .containsEntry("gpu.process.1.memoryAllocatedBytes", 2_147_483_648.0 + 1_048_576);
    }

    @Test
    void readsTheLongerProcessStructOfR535Drivers() {
        NvmlStub stub = NvmlStub.installDriver535(dir, TWO_GPUS + """
                device 1
                compute_process 31337 4294967296
                compute_process 4242 2147483648
                compute_process 4243 1048576
                """);
        collector.probe(contextFor(stub).tree(4242, 4242L, 4243L));

        assertThat(sample()).containsEntry("gpu.process.1.memoryAllocatedBytes", 2_147_483_648.0 + 1_048_576);
    }

    @Test
    void listsLongerThanTheFirstBufferAreReadWhole() {
        StringBuilder config = new StringBuilder(TWO_GPUS).append("device 0\n");
        for (int pid = 5000; pid < 5027; pid++) {
            config.append("compute_process ").append(pid).append(" 1000\n");
            config.append("process_utilization ").append(pid).append(" now 1 1\n");
        }
        config.append("compute_process 4242 7340032\nprocess_utilization 4242 now 30 8\n");
        NvmlStub stub = NvmlStub.install(dir, config.toString());
        collector.probe(contextFor(stub).tree(4242, 4242L));

        assertThat(sample()).containsEntry("gpu.process.0.memoryAllocatedBytes", 7_340_032.0)
                .containsEntry("gpu.process.0.gpu", 30.0)
                .containsEntry("gpu.process.0.memory", 8.0);
    }

    @Test
    void noPermissionTurnsOnlyThatReadingOff() {
        NvmlStub stub = NvmlStub.install(dir, TWO_GPUS + "device 1\nfail nvmlDeviceGetPowerUsage 4\n");
        collector.probe(contextFor(stub));

        Map<String, Double> first = sample();
        sample();

        assertThat(first).doesNotContainKeys("gpu.1.powerWatts", "gpu.1.powerPercent")
                .containsEntry("gpu.1.enforcedPowerLimitWatts", 400.0)
                .containsEntry("gpu.0.powerWatts", 123.456);
        assertThat(stub.callCount("nvmlDeviceGetPowerUsage")).as("GPU 0 twice, GPU 1 once").isEqualTo(3);
    }

    @Test
    void aGpuLostMidRunIsDroppedWhileTheOthersKeepReporting() {
        NvmlStub stub = NvmlStub.install(dir, TWO_GPUS);
        collector.probe(contextFor(stub));
        assertThat(sample()).containsKeys("gpu.0.temp", "gpu.1.temp");

        stub.configure(TWO_GPUS + "device 0\nlost\n");
        Map<String, Double> afterLoss = sample();
        long callsAfterLoss = stub.callCount("nvmlDeviceGetTemperature");
        Map<String, Double> later = sample();

        for (Map<String, Double> values : List.of(afterLoss, later)) {
            assertThat(values.keySet()).noneMatch(key -> key.startsWith("gpu.0."));
            assertThat(values).containsEntry("gpu.1.temp", 61.0).hasSize(15);
        }
        assertThat(stub.callCount("nvmlDeviceGetTemperature")).as("the lost GPU is not asked again")
                .isEqualTo(callsAfterLoss + 1);
    }

    @Test
    void gpuDevicesLimitsWhichGpusAreReadAndDescribed() {
        NvmlStub stub = NvmlStub.install(dir, TWO_GPUS);

        Probe probe = collector.probe(contextFor(stub).devices(DeviceSelection.of(List.of(1))));

        assertThat(sample().keySet()).allMatch(key -> key.startsWith("gpu.1.")).hasSize(15);
        assertThat(probe.metadata()).containsEntry("gpu", "NVIDIA A100-SXM4-40GB");
        assertThat(stub.callCount("nvmlDeviceGetName")).isEqualTo(1);
    }

    @Test
    void aSelectionOfNoExistingGpuIsAbsentAndSaysWhy() {
        NvmlStub stub = NvmlStub.install(dir, TWO_GPUS);

        Probe probe = collector.probe(contextFor(stub).devices(DeviceSelection.of(List.of(5))));

        assertThat(probe.reason()).hasValue("gpu.devices [5] selects none of the 2 NVIDIA GPUs (indices 0-1)");
    }

    @Test
    void reportsMigInstancesMemoryAndLeavesOutUtilizationNvmlDoesNotSupport() {
        NvmlStub stub = NvmlStub.install(dir, """
                driver 550.54.15
                device 0
                name NVIDIA A100-SXM4-80GB
                memory 85899345920 12884901888
                temperature 38
                power 90000
                power_limit 400000
                mig_mode 1
                mig 0 10200547328 5368709120
                mig 2 20401094656 1073741824
                """);

        Probe probe = collector.probe(contextFor(stub));

        assertThat(sample()).containsEntry("gpu.0.mig.0.memoryAllocatedBytes", 5_368_709_120.0)
                .containsEntry("gpu.0.mig.0.memoryAllocated", 100.0 * 5_368_709_120L / 10_200_547_328L)
                .containsEntry("gpu.0.mig.2.memoryAllocatedBytes", 1_073_741_824.0)
                .containsEntry("gpu.0.mig.2.memoryAllocated", 100.0 * 1_073_741_824L / 20_401_094_656L)
                .containsEntry("gpu.0.memoryAllocatedBytes", 12_884_901_888.0)
                .doesNotContainKeys("gpu.0.gpu", "gpu.0.memory", "gpu.0.mig.1.memoryAllocatedBytes");
        assertThat(probe.metadata().get("gpu_nvidia")).asList().first()
                .satisfies(device -> assertThat(((Map<?, ?>) device).get("mig_instances")).isEqualTo(2));
    }

    @Test
    void aMigInstanceThatGoesAwayStopsAloneWhileTheGpuAndTheOtherInstanceReport() {
        String migGpu = """
                driver 550.54.15
                device 0
                name NVIDIA A100-SXM4-80GB
                memory 85899345920 12884901888
                temperature 38
                mig_mode 1
                mig 0 10200547328 5368709120
                """;
        NvmlStub stub = NvmlStub.install(dir, migGpu + "mig 2 20401094656 1073741824\n");
        collector.probe(contextFor(stub));
        assertThat(sample()).containsKeys("gpu.0.mig.0.memoryAllocatedBytes", "gpu.0.mig.2.memoryAllocatedBytes");

        stub.configure(migGpu); // instance 2 destroyed: its handle is no longer valid
        Map<String, Double> values = sample();

        assertThat(values).containsEntry("gpu.0.mig.0.memoryAllocatedBytes", 5_368_709_120.0)
                .containsEntry("gpu.0.temp", 38.0)
                .doesNotContainKey("gpu.0.mig.2.memoryAllocatedBytes");
    }

    @Test
    void aDriverThatIsNotLoadedIsAbsentAndSaysSo() {
        NvmlStub stub = NvmlStub.install(dir, "fail nvmlInit_v2 9\n" + TWO_GPUS);

        Probe probe = collector.probe(contextFor(stub));

        assertThat(probe.reason()).hasValueSatisfying(reason -> assertThat(reason)
                .contains(stub.library().toString(), "NVIDIA kernel driver is not loaded", "Driver Not Loaded"));
    }

    @Test
    void aConfiguredLibraryThatIsMissingOrNotALibraryIsAbsentAndSaysSo() throws IOException {
        Path missing = dir.resolve("nowhere/libnvidia-ml.so.1");
        Path text = Files.writeString(dir.resolve("libnvidia-ml.so.1"), "not a library");

        Probe notThere = collector.probe(new TestContext(NvidiaCollector.ID).set("library", missing));
        Probe notALibrary = collector.probe(new TestContext(NvidiaCollector.ID).set("library", text));

        assertThat(notThere.reason()).hasValue("nvidia.library is " + missing
                + ", which is not a file; point it at libnvidia-ml.so.1, or remove the setting to search the usual"
                + " places");
        assertThat(notALibrary.reason()).hasValueSatisfying(reason -> assertThat(reason)
                .startsWith("could not load " + text + ": "));
    }

    @Test
    void processListsAreReadAtMostEveryFiveSecondsOfTheContextsClock() {
        NvmlStub stub = NvmlStub.install(dir, TWO_GPUS);
        TestContext context = contextFor(stub).tree(4242, 4242L).manualClock();
        collector.probe(context);

        sample();
        context.advance(Duration.ofSeconds(4));
        sample();
        long listsWithinFiveSeconds = stub.callCount("nvmlDeviceGetComputeRunningProcesses_v3");
        context.advance(Duration.ofSeconds(1));
        sample();

        assertThat(listsWithinFiveSeconds).as("the first tick, one list per GPU").isEqualTo(2);
        assertThat(stub.callCount("nvmlDeviceGetComputeRunningProcesses_v3")).isEqualTo(4);
    }

    private static TestContext contextFor(NvmlStub stub) {
        return new TestContext(NvidiaCollector.ID).set("library", stub.library());
    }

    private Map<String, Double> sample() {
        RecordingWriter writer = new RecordingWriter();
        try {
            collector.sample(writer);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return writer.values();
    }
}
