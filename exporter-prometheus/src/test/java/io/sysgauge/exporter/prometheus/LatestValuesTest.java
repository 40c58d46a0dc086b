package io.sysgauge.exporter.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.sysgauge.host.HostMetrics;
import io.sysgauge.core.sampling.Record;
import io.sysgauge.core.sampling.Sample;
import io.sysgauge.spi.MetricDescriptor;
import io.sysgauge.spi.Unit;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LatestValuesTest {

    private static final MetricDescriptor POWER = MetricDescriptor.of("gpu.{gpu}.powerWatts", Unit.WATTS,
            "GPU power draw");
    private static final MetricDescriptor RSS = MetricDescriptor.of("proc.memory.rssMB", Unit.MEBIBYTES,
            "resident set size of the tree");

    @Test
    void theNewestRecordIsOneGaugeFamilyPerDescriptorWithItsPlaceholdersAsLabels() throws IOException {
        LatestValues values = new LatestValues(null);
        values.accept(record(sample(POWER, 70.5, "0"), sample(POWER, 123.25, "1"), sample(RSS, 512)));
        values.accept(record(sample(POWER, 71, "0"), sample(RSS, 2.5)));

        assertThat(text(values)).isEqualTo("""
                # HELP sysgauge_gpu_power_watts GPU power draw
                # TYPE sysgauge_gpu_power_watts gauge
                sysgauge_gpu_power_watts{gpu="0"} 71.0
                # HELP sysgauge_proc_memory_rss_bytes resident set size of the tree
                # TYPE sysgauge_proc_memory_rss_bytes gauge
                sysgauge_proc_memory_rss_bytes 2621440.0
                """);
    }

    @Test
    void theProcessTreeCpuAndTheMachineCpuAreBothScraped() throws IOException {
        LatestValues values = new LatestValues(null);
        values.accept(record(sample(HostMetrics.PROCESS_CPU, 12.5), sample(HostMetrics.SYSTEM_CPU, 40)));

        assertThat(text(values)).contains("\nsysgauge_cpu_percent 12.5\n", "\nsysgauge_system_cpu_percent 40.0\n");
    }

    @Test
    void aSeriesTwoCollectorsWriteIsShownOnceAndTheHostLabelOnlyWhenAsked() throws IOException {
        LatestValues values = new LatestValues("node-7");
        values.accept(record(sample(POWER, 300, "0"), sample(POWER, 250, "0")));

        assertThat(text(values)).contains("sysgauge_gpu_power_watts{gpu=\"0\",host=\"node-7\"} 300.0\n")
                .doesNotContain("250");
    }

    @Test
    void aScrapedSeriesKeepsItsOwnLabelsBesideOursWithoutClashesOrInvalidNames() throws IOException {
        MetricDescriptor scraped = MetricDescriptor.of("openmetrics.{endpoint}.{metric}.{idx}", Unit.NONE,
                "A scraped series");
        Map<String, String> gpu0 = new LinkedHashMap<>();
        gpu0.put("gpu", "0");
        gpu0.put("UUID", "GPU-7a2e92f2-be71-d37e-a744-541600ffc722");
        gpu0.put("idx", "7");               // ours wins: idx points at the run files' key
        gpu0.put("host", "pod-exporter");   // so does the host label
        gpu0.put("__name__", "DCGM_FI_DEV_GPU_TEMP");
        gpu0.put("dotted.name", "dropped");
        LatestValues values = new LatestValues("node-7");
        values.accept(record(new Sample(scraped, List.of("dcgm", "DCGM_FI_DEV_GPU_TEMP", "0"),
                "openmetrics.dcgm.DCGM_FI_DEV_GPU_TEMP.0", 55, gpu0)));

        assertThat(text(values)).contains("sysgauge_openmetrics{UUID=\"GPU-7a2e92f2-be71-d37e-a744-541600ffc722\","
                + "endpoint=\"dcgm\",gpu=\"0\",host=\"node-7\",idx=\"0\",metric=\"DCGM_FI_DEV_GPU_TEMP\"} 55.0\n");
    }

    @Test
    void nothingBeforeTheFirstTick() throws IOException {
        assertThat(text(new LatestValues(null))).isEmpty();
    }

    private static String text(LatestValues values) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, values.collect());
        return out.toString(StandardCharsets.UTF_8);
    }

    private static Record record(Sample... samples) {
        return new Record(1_764_300_000.0, 1.0, List.of(samples));
    }

    private static Sample sample(MetricDescriptor metric, double value, String... labels) {
        return new Sample(metric, List.of(labels), metric.key(labels), value);
    }
}
