package io.sysgauge.exporter.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysgauge.spi.ExportedValue;
import io.sysgauge.spi.MetricDescriptor;
import io.sysgauge.spi.Unit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OtlpNamesTest {

    @Test
    void placeholdersLeaveTheNameAndUnitsAreUcum() {
        assertThat(OtlpNames.of(MetricDescriptor.of("gpu.{gpu}.powerWatts", Unit.WATTS, "h")))
                .isEqualTo(new OtlpNames("sysgauge.gpu.power_watts", "W", 1));
        assertThat(OtlpNames.of(MetricDescriptor.of("gpu.{gpu}.temp", Unit.CELSIUS, "h")))
                .isEqualTo(new OtlpNames("sysgauge.gpu.temp", "Cel", 1));
        assertThat(OtlpNames.of(MetricDescriptor.of("cpu_percent", Unit.PERCENT, "h")))
                .isEqualTo(new OtlpNames("sysgauge.cpu_percent", "%", 1));
        assertThat(OtlpNames.of(MetricDescriptor.counter("network.{interface}.sent", Unit.BYTES, "h")))
                .isEqualTo(new OtlpNames("sysgauge.network.sent", "By", 1));
        assertThat(OtlpNames.of(MetricDescriptor.of("gpu.{gpu}.smClock", Unit.MEGAHERTZ, "h")).unit()).isEqualTo("MHz");
        assertThat(OtlpNames.of(MetricDescriptor.counter("gpu.{gpu}.energy", Unit.JOULES, "h")).unit()).isEqualTo("J");
        assertThat(OtlpNames.of(MetricDescriptor.of("x.rate", Unit.BYTES_PER_SECOND, "h")).unit()).isEqualTo("By/s");
        assertThat(OtlpNames.of(MetricDescriptor.of("x.v", Unit.VOLTS, "h")).unit()).isEqualTo("V");
        assertThat(OtlpNames.of(MetricDescriptor.of("x.a", Unit.AMPERES, "h")).unit()).isEqualTo("A");
        assertThat(OtlpNames.of(MetricDescriptor.of("proc.cpu.threads", Unit.COUNT, "h")).unit()).isEqualTo("1");
        assertThat(OtlpNames.of(MetricDescriptor.of("x.lux", Unit.of("lx", "lux"), "h")).unit()).isEqualTo("lx");
    }

    @Test
    void wandbMegabytesAndGigabytesGoOutInBytesWithoutTheUnitWord() {
        assertThat(OtlpNames.of(MetricDescriptor.of("proc.memory.rssMB", Unit.MEBIBYTES, "h")))
                .isEqualTo(new OtlpNames("sysgauge.proc.memory.rss", "By", 1 << 20));
        assertThat(OtlpNames.of(MetricDescriptor.of("disk.{path}.usageGB", Unit.GIBIBYTES, "h")))
                .isEqualTo(new OtlpNames("sysgauge.disk.usage", "By", 1L << 30));
    }

    @Test
    void aTotalAndItsPerDeviceValuesAreMetricsOfTheirOwn() {
        assertThat(OtlpNames.of(MetricDescriptor.counter("disk.in", Unit.MEBIBYTES, "h")).name()).isEqualTo("sysgauge.disk.in");
        assertThat(OtlpNames.of(MetricDescriptor.counter("disk.{device}.in", Unit.MEBIBYTES, "h")).name())
                .isEqualTo("sysgauge.disk.device.in");
        assertThat(OtlpNames.of(MetricDescriptor.of("sysgauge.exporter.{exporter}.up", Unit.NONE, "h")).name())
                .isEqualTo("sysgauge.exporter.up");
    }

    @Test
    void placeholdersAndSeriesLabelsAreAttributes() {
        MetricDescriptor scraped = MetricDescriptor.of("openmetrics.{endpoint}.{metric}", Unit.NONE, "h");
        ExportedValue value = new ExportedValue(scraped, List.of("dcgm", "DCGM_FI_DEV_GPU_TEMP"),
                scraped.key("dcgm", "DCGM_FI_DEV_GPU_TEMP"), 61, Map.of("pod", "train-0"));
        assertThat(MetricBatch.attributes(value).asMap()).hasSize(3);
        assertThat(MetricBatch.attributes(value).get(io.opentelemetry.api.common.AttributeKey.stringKey("metric")))
                .isEqualTo("DCGM_FI_DEV_GPU_TEMP");
        assertThat(MetricBatch.attributes(value).get(io.opentelemetry.api.common.AttributeKey.stringKey("pod"))).isEqualTo("train-0");
        assertThat(OtlpNames.of(scraped).name()).isEqualTo("sysgauge.openmetrics");
    }
}
