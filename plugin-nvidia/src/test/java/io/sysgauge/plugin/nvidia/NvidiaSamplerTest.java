package io.sysgauge.plugin.nvidia;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysgauge.plugin.nvidia.stub.NvmlStub;
import io.sysgauge.testkit.RecordingWriter;
import io.sysgauge.testkit.TestContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How often the sampler pays for process lists, on a clock the test moves. */
class NvidiaSamplerTest {

    private static final long WALL_START_MICROS = 1_700_000_000_000_000L;

    @TempDir
    Path dir;

    private JnaNvml nvml;
    private long nanos;

    @AfterEach
    void close() {
        if (nvml != null) {
            nvml.close();
        }
    }

    @Test
    void readsProcessListsAtMostEveryPeriodAndDeviceValuesEveryTick() throws Exception {
        NvmlStub stub = NvmlStub.install(dir, NvidiaCollectorTest.TWO_GPUS + "device 1\ncompute_process 4242 1024\n");
        TestContext context = new TestContext(NvidiaCollector.ID).tree(4242, 4242L);
        NvidiaSampler sampler = samplerFor(stub, context, Duration.ofSeconds(1));

        List<Double> processMemory = new ArrayList<>();
        for (int tick = 0; tick < 10; tick++) {
            RecordingWriter writer = new RecordingWriter();
            sampler.sample(writer);
            processMemory.add(writer.values().get("gpu.process.1.memoryAllocatedBytes"));
            nanos += Duration.ofSeconds(1).toNanos();
        }

        // Ticks at 0 s and 5 s read the lists of both GPUs; every tick reads every GPU's memory.
        assertThat(stub.callCount("nvmlDeviceGetComputeRunningProcesses_v3")).isEqualTo(4);
        assertThat(stub.callCount("nvmlDeviceGetMemoryInfo")).isEqualTo(2 + 20);
        assertThat(processMemory).as("reported on every tick in between").containsOnly(1024.0);
    }

    @Test
    void withALongIntervalEveryTickReadsTheLists() throws Exception {
        NvmlStub stub = NvmlStub.install(dir, NvidiaCollectorTest.TWO_GPUS);
        NvidiaSampler sampler = samplerFor(stub, new TestContext(NvidiaCollector.ID).tree(4242, 4242L), Duration.ofSeconds(15));

        for (int tick = 0; tick < 3; tick++) {
            sampler.sample(new RecordingWriter());
            nanos += Duration.ofSeconds(15).toNanos();
        }

        assertThat(stub.callCount("nvmlDeviceGetComputeRunningProcesses_v3")).isEqualTo(6);
    }

    @Test
    void theTreesUtilizationCoversTheLongerOfIntervalAndPeriod() throws Exception {
        // A sample 8 s old: inside a 15 s interval, outside the 5 s period of a 1 s interval.
        String config = NvidiaCollectorTest.TWO_GPUS + "device 0\ncompute_process 4242 1024\n"
                + "process_utilization 4242 " + (WALL_START_MICROS - 8_000_000) + " 40 10\n";
        NvidiaSampler everyFifteenSeconds = samplerFor(NvmlStub.install(dir.resolve("a"), config),
                new TestContext(NvidiaCollector.ID).tree(4242, 4242L), Duration.ofSeconds(15));
        RecordingWriter longInterval = new RecordingWriter();
        everyFifteenSeconds.sample(longInterval);
        nvml.close();
        NvidiaSampler everySecond = samplerFor(NvmlStub.install(dir.resolve("b"), config),
                new TestContext(NvidiaCollector.ID).tree(4242, 4242L), Duration.ofSeconds(1));
        RecordingWriter shortInterval = new RecordingWriter();
        everySecond.sample(shortInterval);

        assertThat(longInterval.values()).containsEntry("gpu.process.0.gpu", 40.0);
        assertThat(shortInterval.values()).containsEntry("gpu.process.0.gpu", 0.0);
    }

    @Test
    void withoutAMonitoredTreeNoProcessListIsRead() throws Exception {
        NvmlStub stub = NvmlStub.install(dir, NvidiaCollectorTest.TWO_GPUS);
        NvidiaSampler sampler = samplerFor(stub, new TestContext(NvidiaCollector.ID), Duration.ofSeconds(1));

        RecordingWriter writer = new RecordingWriter();
        sampler.sample(writer);

        assertThat(stub.callCount("nvmlDeviceGetComputeRunningProcesses_v3")).isZero();
        assertThat(writer.values()).containsKey("gpu.0.temp");
    }

    @Test
    void processKeysStopWhenTheTreesProcessOnTheGpuExits() throws Exception {
        NvmlStub stub = NvmlStub.install(dir, NvidiaCollectorTest.TWO_GPUS + "device 0\ncompute_process 4250 1024\n");
        TestContext context = new TestContext(NvidiaCollector.ID).tree(4242, 4242L, 4250L);
        NvidiaSampler sampler = samplerFor(stub, context, Duration.ofSeconds(1));

        RecordingWriter before = new RecordingWriter();
        sampler.sample(before);
        context.tree(4242, 4242L);
        nanos += Duration.ofSeconds(1).toNanos();
        RecordingWriter after = new RecordingWriter();
        sampler.sample(after);

        assertThat(before.values()).containsKey("gpu.process.0.memoryAllocatedBytes");
        assertThat(after.values().keySet()).noneMatch(key -> key.startsWith("gpu.process."));
    }

    private NvidiaSampler samplerFor(NvmlStub stub, TestContext context, Duration interval) throws NvmlException {
        nvml = JnaNvml.load(stub.library().toString());
        nvml.init();
        List<GpuDevice> devices = List.of(GpuDevice.open(nvml, 0, nvml.deviceHandle(0)),
                GpuDevice.open(nvml, 1, nvml.deviceHandle(1)));
        return new NvidiaSampler(nvml, devices, context.processScope(), context.procRoot(), interval, () -> nanos,
                () -> WALL_START_MICROS + nanos / 1000);
    }
}
