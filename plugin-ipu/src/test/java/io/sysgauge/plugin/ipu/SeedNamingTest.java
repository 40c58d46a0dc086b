package io.sysgauge.plugin.ipu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.sysgauge.plugin.ipu.SeedNaming.IpuMetric;
import io.sysgauge.spi.Unit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SeedNamingTest {

    @Test
    void aUnitAtTheEndOfTheValueMovesIntoTheNameAsTheSeedDidIt() {
        assertThat(SeedNaming.metric("average board temp", "28.5 C"))
                .hasValue(new IpuMetric("average board temp (C)", 28.5, Unit.CELSIUS, "average board temp"));
        assertThat(SeedNaming.metric("average die temp", "20C"))
                .hasValue(new IpuMetric("average die temp (C)", 20.0, Unit.CELSIUS, "average die temp"));
        assertThat(SeedNaming.metric("clock", "1330MHz"))
                .hasValue(new IpuMetric("clock (MHz)", 1330.0, Unit.MEGAHERTZ, "clock"));
        assertThat(SeedNaming.metric("ipu power", "92.3 W"))
                .hasValue(new IpuMetric("ipu power (W)", 92.3, Unit.WATTS, "ipu power"));
        assertThat(SeedNaming.metric("total board power", "12.6 W"))
                .hasValue(new IpuMetric("total board power (W)", 12.6, Unit.WATTS, "total board power"));
        assertThat(SeedNaming.metric("ipu utilisation", "87.25%"))
                .hasValue(new IpuMetric("ipu utilisation (%)", 87.25, Unit.PERCENT, "ipu utilisation"));
        assertThat(SeedNaming.metric("ipu utilisation (session)", "64.10%")).hasValue(
                new IpuMetric("ipu utilisation (session) (%)", 64.1, Unit.PERCENT, "ipu utilisation (session)"));
        assertThat(SeedNaming.metric("link speed", "16 GT/s"))
                .hasValue(new IpuMetric("link speed (GT/s)", 16.0, Unit.GIGATRANSFERS_PER_SECOND, "link speed"));
        assertThat(SeedNaming.metric("link speed", "16.0 GT/s")).map(IpuMetric::value).hasValue(16.0);
    }

    @Test
    void otherNumbersKeepTheirNameAndBytesSaySo() {
        assertThat(SeedNaming.metric("link width", "8")).hasValue(new IpuMetric("link width", 8.0, Unit.NONE, "link width"));
        assertThat(SeedNaming.metric("hexoatt total size (bytes)", "34082914304")).hasValue(new IpuMetric(
                "hexoatt total size (bytes)", 34_082_914_304.0, Unit.BYTES, "hexoatt total size (bytes)"));
        assertThat(SeedNaming.metric("user process id", "1262065")).map(IpuMetric::value).hasValue(1_262_065.0);
        // A unit the name does not call for stays in the value, which is then no number.
        assertThat(SeedNaming.metric("link width", "8 W")).isEmpty();
        assertThat(SeedNaming.metric("board type", "C2")).isEmpty();
    }

    @Test
    void valuesThatAreNoNumberAreNoMetric() {
        for (List<String> attribute : List.of(List.of("ipu power", "N/A"), List.of("average board temp", "N/A"),
                List.of("firmware version", "2.4.4"), List.of("pci id", "0000:35:00.0"),
                List.of("parity error threshold interval", "7776000 seconds"), List.of("ipu architecture", "ipu2"),
                List.of("graph streaming", "true"), List.of("ipuof host", "10.1.5.17"), List.of("clock", ""))) {
            assertThat(SeedNaming.metric(attribute.get(0), attribute.get(1))).as(attribute.toString()).isEmpty();
        }
    }

    @Test
    void numbersAreReadAsPythonsFloatReadThemNotAsJavaDoes() {
        assertThat(value("1_000")).hasValue(1000.0);
        assertThat(value(" -1.5e3 ")).hasValue(-1500.0);
        assertThat(value(".5")).hasValue(0.5);
        assertThat(value("5.")).hasValue(5.0);
        assertThat(value("+7")).hasValue(7.0);
        for (String javaOnly : List.of("2d", "1f", "0x1p3", "NaN", "Infinity", "1__0", "_1", "1_", "e5")) {
            assertThat(value(javaOnly)).as(javaOnly).isEmpty();
        }
    }

    @Test
    void theVariableAttributesAreTheSeedsSix() {
        assertThat(SeedNaming.VARIABLE_ATTRIBUTES).containsExactlyInAnyOrder("average board temp", "average die temp",
                "clock", "ipu power", "ipu utilisation", "ipu utilisation (session)");
        assertThat(SeedNaming.metric("clock", "1330MHz")).hasValueSatisfying(metric -> assertThat(metric.variable()).isTrue());
        assertThat(SeedNaming.metric("link speed", "16 GT/s"))
                .hasValueSatisfying(metric -> assertThat(metric.variable()).isFalse());
    }

    private static Optional<Double> value(String text) {
        return SeedNaming.metric("board ipu index", text).map(IpuMetric::value);
    }

    @Test
    void everyNumericAttributeOfADeviceUnderTheSeedsNameWithTheSixLiveOnesMarked() {
        List<IpuMetric> metrics = SeedNaming.metrics(GcInfoParser.deviceInfo(
                Fixtures.text("gc-info-device-info-pod4-ipu0.txt")).get(0));

        Map<String, Double> values = new LinkedHashMap<>();
        metrics.forEach(metric -> values.put(metric.key(), metric.value()));
        assertThat(values).containsExactly(entry("id", 0.0), entry("average board temp (C)", 28.5),
                entry("average die temp (C)", 33.9), entry("board ipu index", 3.0), entry("clock (MHz)", 1330.0),
                entry("config domain", 94_414_229_001_808.0), entry("firmware major version", 2.0),
                entry("firmware minor version", 5.0), entry("firmware patch version", 9.0),
                entry("hexoatt active size (bytes)", 0.0), entry("hexoatt total size (bytes)", 34_082_914_304.0),
                entry("hexopt active size (bytes)", 0.0), entry("hexopt total size (bytes)", 268_435_456.0),
                entry("host link correctable error count", 0.0), entry("ipu power (W)", 92.3),
                entry("ipu utilisation (%)", 87.25), entry("ipu utilisation (session) (%)", 64.1),
                entry("ipuof routing id", 0.0), entry("link correctable error count", 0.0),
                entry("link speed (GT/s)", 16.0), entry("link width", 8.0), entry("number of replicas", 1.0),
                entry("pci id", 3.0), entry("pcie physical slot", 3.0), entry("remote buffers supported", 1.0),
                entry("user process id", 4242.0));
        assertThat(metrics).filteredOn(IpuMetric::variable).extracting(IpuMetric::key).containsExactly(
                "average board temp (C)", "average die temp (C)", "clock (MHz)", "ipu power (W)",
                "ipu utilisation (%)", "ipu utilisation (session) (%)");
    }
}
