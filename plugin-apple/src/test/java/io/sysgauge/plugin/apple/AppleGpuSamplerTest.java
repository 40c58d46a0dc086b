package io.sysgauge.plugin.apple;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.sysgauge.testkit.RecordingWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AppleGpuSamplerTest {

    static final long GIB = 1L << 30;
    static final long TOTAL_MEMORY = 32 * GIB;

    private final FakeGpuStats stats = new FakeGpuStats();

    private Map<String, Double> sample(long totalMemoryBytes) {
        RecordingWriter out = new RecordingWriter();
        new AppleGpuSampler(stats, totalMemoryBytes).sample(out);
        return out.values();
    }

    @Test
    void writesTheFiveKeysFromOshisReadingsInSysgaugeUnits() {
        stats.utilization = 37.5;
        stats.vramUsed = 6 * GIB;
        stats.temperature = 48.25;
        stats.powerDraw = 8.25;

        assertThat(sample(TOTAL_MEMORY)).containsExactly(
                entry("gpu.0.gpu", 37.5),
                entry("gpu.0.memoryAllocated", 18.75),
                entry("gpu.0.powerPercent", 50.0),
                entry("gpu.0.powerWatts", 8.25),
                entry("gpu.0.temp", 48.25));
    }

    @Test
    void powerPercentIsOverWandbsSixteenAndAHalfWattsAndMayPassAHundred() {
        stats.powerDraw = 33.0;

        assertThat(sample(TOTAL_MEMORY)).containsExactly(
                entry("gpu.0.powerPercent", 200.0),
                entry("gpu.0.powerWatts", 33.0));
    }

    @Test
    void writesNothingWhereOshiSaysMinusOne() {
        assertThat(sample(TOTAL_MEMORY)).isEmpty();
    }

    @Test
    void leavesOutNanAndOtherNegativeReadings() {
        stats.utilization = Double.NaN;
        stats.vramUsed = -2;
        stats.temperature = -40.0;
        stats.powerDraw = -0.5;

        assertThat(sample(TOTAL_MEMORY)).isEmpty();
    }

    @Test
    void writesZeroReadings() {
        stats.utilization = 0.0;
        stats.vramUsed = 0;
        stats.powerDraw = 0.0;

        assertThat(sample(TOTAL_MEMORY)).containsExactly(
                entry("gpu.0.gpu", 0.0),
                entry("gpu.0.memoryAllocated", 0.0),
                entry("gpu.0.powerPercent", 0.0),
                entry("gpu.0.powerWatts", 0.0));
    }

    @Test
    void takesSharedMemoryWhenNoVramFigureIsGiven() {
        stats.sharedMemoryUsed = 8 * GIB;

        assertThat(sample(TOTAL_MEMORY)).containsExactly(entry("gpu.0.memoryAllocated", 25.0));
    }

    @Test
    void prefersTheVramFigureOverSharedMemory() {
        stats.vramUsed = 4 * GIB;
        stats.sharedMemoryUsed = 8 * GIB;

        assertThat(sample(TOTAL_MEMORY)).containsExactly(entry("gpu.0.memoryAllocated", 12.5));
    }

    @Test
    void leavesOutMemoryAllocatedWithoutTheMachinesTotal() {
        stats.utilization = 10.0;
        stats.vramUsed = 4 * GIB;

        assertThat(sample(0)).containsExactly(entry("gpu.0.gpu", 10.0));
    }

    @Test
    void aReadingThatThrowsCostsOnlyItsOwnKey() {
        stats.utilization = 12.0;
        stats.temperature = FakeGpuStats.FAILS;
        stats.powerDraw = 4.125;

        assertThat(sample(TOTAL_MEMORY)).containsExactly(
                entry("gpu.0.gpu", 12.0),
                entry("gpu.0.powerPercent", 25.0),
                entry("gpu.0.powerWatts", 4.125));
    }

    @Test
    void aClosedSessionWritesNothingAndDoesNotThrow() {
        stats.utilization = 12.0;
        stats.vramUsed = GIB;
        stats.close();

        assertThat(sample(TOTAL_MEMORY)).isEmpty();
    }
}
