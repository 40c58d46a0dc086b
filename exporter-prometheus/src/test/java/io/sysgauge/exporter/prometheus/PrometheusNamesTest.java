package io.sysgauge.exporter.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysgauge.host.HostMetrics;
import io.sysgauge.spi.MetricDescriptor;
import io.sysgauge.spi.Unit;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusNamesTest {

    @Test
    void literalPartsInSnakeCaseThenTheBaseUnit() {
        assertName(name("gpu.{gpu}.powerWatts", Unit.WATTS), "sysgauge_gpu_power_watts", 1);
        assertName(name("gpu.process.{gpu}.memoryAllocatedBytes", Unit.BYTES), "sysgauge_gpu_process_memory_allocated_bytes", 1);
        assertName(name("gpu.{gpu}.temp", Unit.CELSIUS), "sysgauge_gpu_temp_celsius", 1);
        assertName(name("cpu", Unit.PERCENT), "sysgauge_cpu_percent", 1);
        assertName(name("trn.{core}.neuroncore_utilization", Unit.PERCENT), "sysgauge_trn_neuroncore_utilization_percent", 1);
    }

    @Test
    void theMachineCpuAndTheProcessTreeCpuHaveFamiliesOfTheirOwn() {
        assertThat(PrometheusNames.of(HostMetrics.PROCESS_CPU).name()).isEqualTo("sysgauge_cpu_percent");
        assertThat(PrometheusNames.of(HostMetrics.SYSTEM_CPU).name()).isEqualTo("sysgauge_system_cpu_percent");
        assertThat(PrometheusNames.of(HostMetrics.CORE_CPU).name()).isEqualTo("sysgauge_cpu_cpu_percent");
    }

    @Test
    void noTwoHostKeysBecomeTheSameSeries() throws IllegalAccessException {
        // Same family and label names: a scrape would show only the first key's value.
        Map<String, String> templateBySeries = new HashMap<>();
        for (Field field : HostMetrics.class.getFields()) {
            if (field.get(null) instanceof MetricDescriptor descriptor) {
                String series = PrometheusNames.of(descriptor).name() + descriptor.labelNames();
                String earlier = templateBySeries.put(series, descriptor.keyTemplate());
                assertThat(earlier).as("%s is the series of %s too", series, descriptor.keyTemplate()).isNull();
            }
        }
        assertThat(templateBySeries).containsKeys("sysgauge_cpu_percent[]", "sysgauge_system_cpu_percent[]");
    }

    @Test
    void aUnitTheKeyAlreadyEndsWithIsNotRepeated() {
        assertThat(name("disk.{path}.usagePercent", Unit.PERCENT).name()).isEqualTo("sysgauge_disk_usage_percent");
        assertThat(name("memory_percent", Unit.PERCENT).name()).isEqualTo("sysgauge_memory_percent");
        assertThat(name("sysgauge.collector.{collector}.seconds", Unit.SECONDS).name())
                .isEqualTo("sysgauge_collector_seconds");
        assertThat(name("gpu.{gpu}.pcieTxBytes", Unit.BYTES_PER_SECOND).name())
                .isEqualTo("sysgauge_gpu_pcie_tx_bytes_per_second");
        assertThat(name("x.rate", Unit.BYTES_PER_SECOND).name()).isEqualTo("sysgauge_x_rate_bytes_per_second");
    }

    @Test
    void wandbMegabytesGigabytesAndMegahertzGoOutInBaseUnits() {
        assertName(name("proc.memory.rssMB", Unit.MEBIBYTES), "sysgauge_proc_memory_rss_bytes", 1 << 20);
        assertName(name("disk.{path}.usageGB", Unit.GIBIBYTES), "sysgauge_disk_usage_bytes", 1L << 30);
        assertName(name("disk.in", Unit.MEBIBYTES), "sysgauge_disk_in_bytes", 1 << 20);
        assertName(name("gpu.{gpu}.smClock", Unit.MEGAHERTZ), "sysgauge_gpu_sm_clock_hertz", 1e6);
    }

    @Test
    void countsAndUnitlessValuesHaveNoSuffix() {
        assertThat(name("gpu.{gpu}.correctedMemoryErrors", Unit.COUNT).name())
                .isEqualTo("sysgauge_gpu_corrected_memory_errors");
        assertThat(name("openmetrics.{endpoint}.{metric}.{idx}", Unit.NONE).name()).isEqualTo("sysgauge_openmetrics");
    }

    @Test
    void aScrapedSeriesIsNamedByItsMetricPlaceholderAndACountersTotalComesOffTheFamily() {
        PrometheusNames gauge = name("openmetrics.{endpoint}.{metric}.{idx}", Unit.NONE);
        PrometheusNames counter = PrometheusNames.of(MetricDescriptor.counter("openmetrics.{endpoint}.{metric}.{idx}",
                Unit.NONE, "scraped"));

        assertThat(gauge.scrapedNameLabel()).isEqualTo(1);
        assertThat(gauge.scrapedFamily("DCGM_FI_DEV_GPU_TEMP")).isEqualTo("DCGM_FI_DEV_GPU_TEMP");
        assertThat(gauge.scrapedFamily("odd_total")).as("a gauge keeps its name").isEqualTo("odd_total");
        assertThat(counter.scrapedFamily("http_requests_total")).isEqualTo("http_requests");
        assertThat(counter.scrapedFamily("DCGM_FI_DEV_PCIE_REPLAY_COUNTER")).isEqualTo("DCGM_FI_DEV_PCIE_REPLAY_COUNTER");
        assertThat(gauge.scrapedFamily("not a name")).isNull();
        assertThat(name("gpu.{gpu}.temp", Unit.CELSIUS).scrapedNameLabel()).isEqualTo(-1);
    }

    @Test
    void countersAreTypedAndTotalsAndPerDeviceValuesHaveFamiliesOfTheirOwn() throws IllegalAccessException {
        PrometheusNames sent = PrometheusNames.of(HostMetrics.NETWORK_SENT);
        assertThat(sent).isEqualTo(new PrometheusNames("sysgauge_network_sent_bytes", 1, "bytes", true, -1));
        assertThat(PrometheusNames.of(HostMetrics.DISK_IN))
                .isEqualTo(new PrometheusNames("sysgauge_disk_in_bytes", 1 << 20, "bytes", true, -1));
        assertThat(PrometheusNames.of(HostMetrics.DEVICE_IN))
                .isEqualTo(new PrometheusNames("sysgauge_disk_device_in_bytes", 1 << 20, "bytes", true, -1));
        // No two host descriptors share a family: sum() over one never adds a total to its parts.
        Map<String, String> templateByFamily = new HashMap<>();
        for (Field field : HostMetrics.class.getFields()) {
            if (field.get(null) instanceof MetricDescriptor descriptor) {
                String family = PrometheusNames.of(descriptor).name();
                String earlier = templateByFamily.put(family, descriptor.keyTemplate());
                assertThat(earlier).as("%s is the family of %s too", family, descriptor.keyTemplate()).isNull();
            }
        }
    }

    @Test
    void theReadmeMapsEveryHostKeyToItsSeries() throws Exception {
        List<String> readme = Files.readAllLines(Path.of("../README.md"));
        for (Field field : HostMetrics.class.getFields()) {
            if (field.get(null) instanceof MetricDescriptor descriptor) {
                PrometheusNames name = PrometheusNames.of(descriptor);
                String series = name.name() + (name.counter() ? "_total" : "");
                assertThat(readme).as("a README row maps %s to %s", descriptor.keyTemplate(), series)
                        .anyMatch(line -> line.startsWith("| ") && line.contains("`" + descriptor.keyTemplate() + "`")
                                && (line.contains("`" + series + "`") || line.contains("`" + series + "{")));
            }
        }
    }

    private static void assertName(PrometheusNames actual, String name, double scale) {
        assertThat(actual.name()).isEqualTo(name);
        assertThat(actual.scale()).isEqualTo(scale);
    }

    private static PrometheusNames name(String template, Unit unit) {
        return PrometheusNames.of(MetricDescriptor.of(template, unit, "help"));
    }
}
