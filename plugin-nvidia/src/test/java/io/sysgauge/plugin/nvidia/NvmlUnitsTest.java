package io.sysgauge.plugin.nvidia;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NvmlUnitsTest {

    @Test
    void milliwattsBecomeWatts() {
        assertThat(NvmlUnits.watts(123_456)).isEqualTo(123.456);
        assertThat(NvmlUnits.watts(700_000)).isEqualTo(700.0);
    }

    @Test
    void percentOfNothingIsNaNForWritersToDrop() {
        assertThat(NvmlUnits.percent(1, 4)).isEqualTo(25.0);
        assertThat(NvmlUnits.percent(5, 0)).isNaN();
    }

    @Test
    void cudaDriverVersionsDecodeAsMajorDotMinor() {
        assertThat(NvmlUnits.cudaVersion(12040)).isEqualTo("12.4");
        assertThat(NvmlUnits.cudaVersion(11080)).isEqualTo("11.8");
        assertThat(NvmlUnits.cudaVersion(12100)).isEqualTo("12.10");
    }

    @Test
    void architecturesByName() {
        assertThat(NvmlUnits.architecture(9)).isEqualTo("Hopper");
        assertThat(NvmlUnits.architecture(7)).isEqualTo("Ampere");
        assertThat(NvmlUnits.architecture(0xFFFFFFFFL)).isEqualTo("unknown (4294967295)");
    }
}
