package io.sysgauge.exporter.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysgauge.host.HostMetrics;
import io.sysgauge.spi.MetricDescriptor;
import io.sysgauge.spi.Unit;
import java.lang.reflect.Field;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusNamesTest {

    @Test
    void literalPartsInSnakeCaseThenTheBaseUnit() {
        assertThat(name("gpu.{gpu}.powerWatts", Unit.WATTS)).isEqualTo(new PrometheusNames("sysgauge_gpu_power_watts", 1));
        assertThat(name("gpu.process.{gpu}.memoryAllocatedBytes", Unit.BYTES))
                .isEqualTo(new PrometheusNames("sysgauge_gpu_process_memory_allocated_bytes", 1));
        assertThat(name("gpu.{gpu}.temp", Unit.CELSIUS)).isEqualTo(new PrometheusNames("sysgauge_gpu_temp_celsius", 1));
        assertThat(name("cpu", Unit.PERCENT)).isEqualTo(new PrometheusNames("sysgauge_cpu_percent", 1));
        assertThat(name("trn.{core}.neuroncore_utilization", Unit.PERCENT))
                .isEqualTo(new PrometheusNames("sysgauge_trn_neuroncore_utilization_percent", 1));
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
    }

    @Test
    void wandbMegabytesGigabytesAndMegahertzGoOutInBaseUnits() {
        assertThat(name("proc.memory.rssMB", Unit.MEBIBYTES))
                .isEqualTo(new PrometheusNames("sysgauge_proc_memory_rss_bytes", 1 << 20));
        assertThat(name("disk.{path}.usageGB", Unit.GIBIBYTES))
                .isEqualTo(new PrometheusNames("sysgauge_disk_usage_bytes", 1L << 30));
        assertThat(name("disk.in", Unit.MEBIBYTES)).isEqualTo(new PrometheusNames("sysgauge_disk_in_bytes", 1 << 20));
        assertThat(name("gpu.{gpu}.smClock", Unit.MEGAHERTZ))
                .isEqualTo(new PrometheusNames("sysgauge_gpu_sm_clock_hertz", 1e6));
    }

    @Test
    void countsAndUnitlessValuesHaveNoSuffix() {
        assertThat(name("gpu.{gpu}.correctedMemoryErrors", Unit.COUNT).name())
                .isEqualTo("sysgauge_gpu_corrected_memory_errors");
        assertThat(name("openmetrics.{endpoint}.{metric}.{idx}", Unit.NONE).name()).isEqualTo("sysgauge_openmetrics");
    }

    private static PrometheusNames name(String template, Unit unit) {
        return PrometheusNames.of(MetricDescriptor.of(template, unit, "help"));
    }
}
