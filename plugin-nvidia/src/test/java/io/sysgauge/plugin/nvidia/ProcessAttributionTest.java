package io.sysgauge.plugin.nvidia;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysgauge.plugin.nvidia.Nvml.GpuProcess;
import io.sysgauge.plugin.nvidia.Nvml.ProcessSample;
import io.sysgauge.plugin.nvidia.ProcessAttribution.TreeUsage;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProcessAttributionTest {

    // The tree is 100 (root) and 101; NVML numbers 101 as 7 from inside its container.
    private static final Map<Long, Long> TREE = Map.of(100L, 100L, 101L, 101L, 7L, 101L);

    @Test
    void sumsTheTreesOwnMemoryCountingAProcessWithTwoContextsOnce() {
        TreeUsage usage = ProcessAttribution.attribute(List.of(
                new GpuProcess(100, 1_000), new GpuProcess(555, 9_000_000), new GpuProcess(7, 2_000),
                new GpuProcess(7, 2_000)), null, TREE);

        assertThat(usage.memoryBytes()).isEqualTo(3_000);
        assertThat(usage.pids()).isEqualTo(Set.of(100L, 101L));
        assertThat(usage.smPercent()).isNaN();
        assertThat(usage.memoryPercent()).isNaN();
    }

    @Test
    void memoryIsUnknownWhenTheDriverDoesNotKnowItForOneOfTheTreesProcesses() {
        TreeUsage usage = ProcessAttribution.attribute(
                List.of(new GpuProcess(100, 1_000), new GpuProcess(101, -1)), List.of(), TREE);

        assertThat(usage.memoryKnown()).isFalse();
    }

    @Test
    void nullWhenNoProcessOfTheTreeHasAContext() {
        assertThat(ProcessAttribution.attribute(List.of(new GpuProcess(555, 1_000)), List.of(), TREE)).isNull();
    }

    @Test
    void averagesEachProcessesSamplesThenSumsThemAcrossTheTree() {
        List<ProcessSample> samples = List.of(
                new ProcessSample(100, 1, 40, 10), new ProcessSample(100, 2, 60, 30),
                new ProcessSample(7, 1, 15, 5),
                new ProcessSample(555, 1, 99, 99));

        TreeUsage usage = ProcessAttribution.attribute(
                List.of(new GpuProcess(100, 1), new GpuProcess(7, 1)), samples, TREE);

        assertThat(usage.smPercent()).isEqualTo(50.0 + 15.0);
        assertThat(usage.memoryPercent()).isEqualTo(20.0 + 5.0);
    }

    @Test
    void aTreeWithoutSamplesInTheWindowWasIdleAndTheShareNeverExceedsTheWholeGpu() {
        List<GpuProcess> both = List.of(new GpuProcess(100, 1), new GpuProcess(101, 1));

        TreeUsage idle = ProcessAttribution.attribute(both, List.of(), TREE);
        TreeUsage saturated = ProcessAttribution.attribute(both,
                List.of(new ProcessSample(100, 1, 80, 70), new ProcessSample(101, 1, 70, 60)), TREE);

        assertThat(idle.smPercent()).isZero();
        assertThat(saturated.smPercent()).isEqualTo(100.0);
        assertThat(saturated.memoryPercent()).isEqualTo(100.0);
    }
}
