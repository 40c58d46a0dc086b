package io.sysgauge.exporter.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.sysgauge.host.HostMetrics;
import io.sysgauge.spi.ExportedRecord;
import io.sysgauge.spi.ExportedValue;
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
        LatestValues values = new LatestValues();
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
        LatestValues values = new LatestValues();
        values.accept(record(sample(HostMetrics.PROCESS_CPU, 12.5), sample(HostMetrics.SYSTEM_CPU, 40)));

        assertThat(text(values)).contains("\nsysgauge_cpu_percent 12.5\n", "\nsysgauge_system_cpu_percent 40.0\n");
    }

    @Test
    void aSeriesTwoCollectorsWriteIsShownOnceAndTheHostLabelOnlyWhenAsked() throws IOException {
        LatestValues values = new LatestValues();
        values.labelHost("node-7");
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
        LatestValues values = new LatestValues();
        values.labelHost("node-7");
        values.accept(record(new ExportedValue(scraped, List.of("dcgm", "DCGM_FI_DEV_GPU_TEMP", "0"),
                "openmetrics.dcgm.DCGM_FI_DEV_GPU_TEMP.0", 55, gpu0)));

        assertThat(text(values)).contains("# TYPE DCGM_FI_DEV_GPU_TEMP gauge\n"
                + "DCGM_FI_DEV_GPU_TEMP{UUID=\"GPU-7a2e92f2-be71-d37e-a744-541600ffc722\","
                + "endpoint=\"dcgm\",gpu=\"0\",host=\"node-7\",idx=\"0\"} 55.0\n");
    }

    @Test
    void scrapedSeriesKeepTheirOwnFamilyNamesAndTypesAndOneFamilySpansEndpoints() throws IOException {
        MetricDescriptor gauge = MetricDescriptor.of("openmetrics.{endpoint}.{metric}.{idx}", Unit.NONE, "a scraped gauge");
        MetricDescriptor counter = MetricDescriptor.counter("openmetrics.{endpoint}.{metric}.{idx}", Unit.NONE,
                "a scraped counter");
        LatestValues values = new LatestValues();
        values.accept(record(
                sample(counter, 1.5e9, "dcgm", "DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION", "0"),
                sample(counter, 7, "app", "http_requests_total", "0"),
                sample(gauge, 55, "dcgm", "DCGM_FI_DEV_GPU_TEMP", "0"),
                sample(gauge, 61, "dcgm2", "DCGM_FI_DEV_GPU_TEMP", "0"),
                sample(gauge, 1, "odd", "not a name", "0")));

        assertThat(text(values)).isEqualTo("""
                # HELP DCGM_FI_DEV_GPU_TEMP a scraped gauge
                # TYPE DCGM_FI_DEV_GPU_TEMP gauge
                DCGM_FI_DEV_GPU_TEMP{endpoint="dcgm",idx="0"} 55.0
                DCGM_FI_DEV_GPU_TEMP{endpoint="dcgm2",idx="0"} 61.0
                # HELP DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION_total a scraped counter
                # TYPE DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION_total counter
                DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION_total{endpoint="dcgm",idx="0"} 1.5E9
                # HELP http_requests_total a scraped counter
                # TYPE http_requests_total counter
                http_requests_total{endpoint="app",idx="0"} 7.0
                """);
    }

    @Test
    void theRunsLabelsIdAndCommandAreOnTheInfoSeriesOnlyWithTheHostLabel() throws IOException {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("startedAt", "2026-12-06T03:45:12.5Z");
        metadata.put("program", "torchrun");
        metadata.put("args", List.of("--nproc-per-node=8", "train.py"));
        metadata.put("labels", Map.of("rank", "3", "job", "llama-70b"));
        metadata.put("run_id", "run-20261206-034512-a3f2b1");
        LatestValues values = new LatestValues();
        values.labelHost("node-7");
        values.describeRun(RunInfo.of(metadata));
        values.accept(record(sample(POWER, 300, "0")));

        assertThat(text(values)).isEqualTo("""
                # HELP sysgauge_gpu_power_watts GPU power draw
                # TYPE sysgauge_gpu_power_watts gauge
                sysgauge_gpu_power_watts{gpu="0",host="node-7"} 300.0
                # HELP sysgauge_run_info The run's labels, for PromQL joins; value 1
                # TYPE sysgauge_run_info gauge
                sysgauge_run_info{command="torchrun --nproc-per-node=8 train.py",host="node-7",job="llama-70b",\
                rank="3",run_id="run-20261206-034512-a3f2b1"} 1
                """);
    }

    @Test
    void serveHasNoRunIdNorCommandAndOpenMetricsCallsTheSeriesAnInfo() throws IOException {
        LatestValues values = new LatestValues();
        values.describeRun(RunInfo.of(Map.of("startedAt", "2026-12-06T03:45:12.5Z", "history", 600,
                "labels", Map.of("node", "a"))));
        values.accept(record(sample(RSS, 1)));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OpenMetricsTextFormatWriter.create().write(out, values.collect());
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("""
                # TYPE sysgauge_run info
                # HELP sysgauge_run The run's labels, for PromQL joins; value 1
                sysgauge_run_info{node="a"} 1
                """);
    }

    @Test
    void aUserLabelCalledRunIdOrHostYieldsAndAnInvalidNameIsLeftOut() throws IOException {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("run_id", "mine");
        labels.put("host", "login-1");
        labels.put("__name__", "x");
        labels.put("a-b", "x");
        LatestValues values = new LatestValues();
        values.labelHost("node-7");
        values.describeRun(RunInfo.of(Map.of("labels", labels, "run_id", "run-1", "program", "sleep")));
        values.accept(record(sample(RSS, 1)));

        assertThat(text(values)).contains("\nsysgauge_run_info{command=\"sleep\",host=\"login-1\",run_id=\"run-1\"} 1\n");
    }

    @Test
    void withoutLabelsTheInfoSeriesStillSaysThatThisTargetIsSysgauge() throws IOException {
        LatestValues values = new LatestValues();
        values.describeRun(RunInfo.of(Map.of()));
        values.accept(record(sample(RSS, 1)));

        assertThat(text(values)).contains("\nsysgauge_run_info 1\n");
    }

    @Test
    void nothingBeforeTheFirstTick() throws IOException {
        assertThat(text(new LatestValues())).isEmpty();
    }

    private static String text(LatestValues values) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, values.collect());
        return out.toString(StandardCharsets.UTF_8);
    }

    private static ExportedRecord record(ExportedValue... values) {
        return new ExportedRecord(1_764_300_000.0, 1.0, List.of(values));
    }

    private static ExportedValue sample(MetricDescriptor metric, double value, String... labels) {
        return new ExportedValue(metric, List.of(labels), metric.key(labels), value, Map.of());
    }
}
