package io.sysgauge.plugin.amd;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysgauge.plugin.amd.AmdSmiParser.StaticInfo;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AmdSmiParserTest {

    private static final double NA = Double.NaN;

    @Test
    void theArrayShapeOfRocm62WithValueObjects() {
        List<AmdGpuReading> readings = AmdSmiParser.readings(Fixtures.json("amd-smi-metric-rx7900xtx-rocm6.2.json"));

        assertThat(readings).containsExactly(new AmdGpuReading(0, 63, 100.0 * 18422 / 24560, 68, 287, NA, 27, 2,
                Map.of(), 118432.5));
    }

    @Test
    void theGpuDataShapeAfterAWarningLineWithNoEdgeSensorAndNaValues() {
        List<AmdGpuReading> readings = AmdSmiParser.readings(Fixtures.json("amd-smi-metric-mi300x-rocm7.json"));

        assertThat(readings).containsExactly(
                new AmdGpuReading(0, 87, 100.0 * 121344 / 196592, 71, 542.5, NA, 41, NA, Map.of(), 91823345.21),
                new AmdGpuReading(1, NA, 100.0 * 283 / 196592, 38, NA, NA, 0, NA, Map.of(), 91823345.21));
    }

    @Test
    void bareNumbersAndAPowerLimitInTheMetricReport() {
        List<AmdGpuReading> readings = AmdSmiParser.readings(Fixtures.json("amd-smi-metric-bare-numbers.json"));

        assertThat(readings).containsExactly(new AmdGpuReading(0, 12, 100.0 * 4092 / 16368, 52, 45, 180, 3, NA));
        assertThat(readings.get(0).powerPercent()).isEqualTo(25.0);
    }

    @Test
    void staticReportsGiveFactsAndThePowerCapInBothShapes() {
        StaticInfo mi210 = AmdSmiParser.staticInfo(Fixtures.json("amd-smi-static-mi210.json"));
        StaticInfo mi300x = AmdSmiParser.staticInfo(Fixtures.json("amd-smi-static-mi300x-rocm7.json"));

        assertThat(mi210.gpus()).containsExactly(Map.of("index", 0, "series", "AMD Instinct MI210", "model", "0x740f",
                "vbios", "Mi200 pcie", "max_power_watts", 300.0));
        assertThat(mi210.powerCapWatts()).isEqualTo(Map.of(0, 300.0));
        assertThat(mi300x.powerCapWatts()).isEqualTo(Map.of(0, 750.0, 1, 750.0));
        assertThat(mi300x.gpus().get(1)).containsEntry("vbios", "022.040.003.043.000001");
        assertThat(mi300x.driverVersion()).isEqualTo("6.12.12");
    }

    @Test
    void aCapFromTheStaticReportFillsInWhereTheMetricReportHasNone() {
        AmdGpuReading reading = AmdSmiParser.readings(Fixtures.json("amd-smi-metric-mi300x-rocm7.json")).get(0);

        assertThat(reading.withPowerCap(750).powerPercent()).isEqualTo(100.0 * 542.5 / 750);
        assertThat(reading.powerPercent()).isNaN();
    }
}
