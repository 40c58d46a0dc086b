package io.sysgauge.plugin.amd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RocmSmiParserTest {

    private static final double NA = Double.NaN;

    @Test
    void rocm57OnSixMi100sReadsEveryCardWithMemoryFromTheByteCounts() {
        List<AmdGpuReading> readings = RocmSmiParser.readings(Fixtures.json("rocm-smi-mi100-rocm5.7.1.json"));

        assertThat(readings).hasSize(6);
        assertThat(readings.get(0)).isEqualTo(new AmdGpuReading(0, 0, 100.0 * 6_782_976 / 34_342_961_152L, 31.0, 39.0,
                290.0, NA, 0));
        assertThat(readings.get(5)).isEqualTo(new AmdGpuReading(5, 0, 100.0 * 6_782_976 / 34_342_961_152L, 33.0, 40.0,
                290.0, NA, 0));
        assertThat(readings.get(0).powerPercent()).isEqualTo(100.0 * 39 / 290);
    }

    @Test
    void rocm6OnAnMi250ReadsTheNewNamesAndTheRocm6Extras() {
        List<AmdGpuReading> readings = RocmSmiParser.readings(Fixtures.json("rocm-smi-mi250-rocm6-driver6.2.4.json"));

        // No byte counts in this capture: "GPU Memory Allocated (VRAM%)" it is.
        assertThat(readings).containsExactly(new AmdGpuReading(0, 0, 0, 43.0, 91.0, 560.0, 0, 0));
    }

    @Test
    void rocm43AndRocm61OnTheSameRx6700xtAgree() {
        AmdGpuReading rocm43 = RocmSmiParser.readings(Fixtures.json("rocm-smi-rx6700xt-rocm4.3.0.json")).get(0);
        AmdGpuReading rocm61 = RocmSmiParser.readings(Fixtures.json("rocm-smi-rx6700xt-rocm6.1.2.json")).get(0);

        assertThat(rocm43).isEqualTo(new AmdGpuReading(0, 0, 100.0 * 1_622_728_704 / 12_868_124_672L, 45.0, 6.0, 211.0,
                NA, 0));
        assertThat(rocm61).isEqualTo(new AmdGpuReading(0, 0, 100.0 * 1_572_745_216 / 12_868_124_672L, 45.0, 6.0, 211.0,
                0, 0));
    }

    @Test
    void mi300xSocketPowerAndMissingOrNaFieldsDropOnlyThemselves() throws IOException {
        String mi300x = """
                {"card0": {"Device Name": "AMD Instinct MI300X", "GPU use (%)": "N/A",
                  "Temperature (Sensor edge) (C)": "N/A", "Temperature (Sensor junction) (C)": "52.0",
                  "Current Socket Graphics Package Power (W)": "148.0", "Max Graphics Package Power (W)": "750.0",
                  "GPU Memory Allocated (VRAM%)": "7%"},
                 "card1": {"GPU use (%)": "31"},
                 "system": {"Driver version": "6.8.5"}}
                """;

        List<AmdGpuReading> readings = RocmSmiParser.readings(ToolValues.json(mi300x));

        assertThat(readings).containsExactly(
                new AmdGpuReading(0, NA, 7, 52.0, 148.0, 750.0, NA, NA),
                new AmdGpuReading(1, 31, NA, NA, NA, NA, NA, NA));
        assertThat(readings.get(1).powerPercent()).isNaN();
    }

    @Test
    void factsForMetadataWhicheverWayTheVersionCapitalisesThem() {
        List<Map<String, Object>> old = RocmSmiParser.facts(Fixtures.json("rocm-smi-mi100-rocm5.7.1.json"));
        List<Map<String, Object>> rocm6 = RocmSmiParser.facts(Fixtures.json("rocm-smi-mi250-rocm6-driver6.2.4.json"));

        assertThat(old.get(0)).isEqualTo(Map.of("index", 0, "series", "Arcturus GL-XL [Instinct MI100]",
                "model", "0x0c34", "vbios", "113-D3430400-037", "max_power_watts", 290.0));
        assertThat(rocm6.get(0)).containsEntry("series", "AMD INSTINCT MI250 (MCM) OAM AC MBA")
                .containsEntry("vbios", "113-D65209-073").containsEntry("serial", "PCB052715-0006");
        assertThat(RocmSmiParser.driverVersion(Fixtures.json("rocm-smi-mi250-rocm6-driver6.2.4.json")))
                .isEqualTo("6.2.4");
    }
}
