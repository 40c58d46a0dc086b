package io.sysgauge.plugin.amd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class ToolValuesTest {

    @Test
    void rocmSmiStringsWithUnitsOrNothingToSay() {
        assertThat(ToolValues.number("39.0")).isEqualTo(39.0);
        assertThat(ToolValues.number("12%")).isEqualTo(12.0);
        assertThat(ToolValues.number(" 7 W")).isEqualTo(7.0);
        assertThat(ToolValues.number("N/A")).isNaN();
        assertThat(ToolValues.number("")).isNaN();
        assertThat(ToolValues.number("(1200Mhz)")).isNaN();
    }

    @Test
    void amdSmiValuesInEveryForm() throws IOException {
        var report = ToolValues.json("""
                {"object": {"value": 61, "unit": "C"}, "bare": 42.5, "text": "17", "na": "N/A",
                 "na_inside": {"value": "N/A", "unit": "W"}, "null_inside": {"value": null}}
                """);

        assertThat(ToolValues.number(report.get("object"))).isEqualTo(61.0);
        assertThat(ToolValues.unit(report.get("object"))).isEqualTo("c");
        assertThat(ToolValues.number(report.get("bare"))).isEqualTo(42.5);
        assertThat(ToolValues.number(report.get("text"))).isEqualTo(17.0);
        assertThat(ToolValues.number(report.get("na"))).isNaN();
        assertThat(ToolValues.number(report.get("na_inside"))).isNaN();
        assertThat(ToolValues.number(report.get("null_inside"))).isNaN();
        assertThat(ToolValues.number(report.get("missing"))).isNaN();
    }

    @Test
    void outputWithoutJsonOrWithBrokenJsonIsAnError() {
        assertThatThrownBy(() -> ToolValues.json("Segmentation fault (core dumped)\n"))
                .isInstanceOf(IOException.class).hasMessage("no JSON in the output");
        assertThatThrownBy(() -> ToolValues.json("{\"card0\": {\"GPU use (%)\": ")).isInstanceOf(IOException.class);
    }
}
