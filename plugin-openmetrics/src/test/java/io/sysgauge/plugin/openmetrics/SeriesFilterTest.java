package io.sysgauge.plugin.openmetrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sysgauge.spi.ConfigException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeriesFilterTest {

    private static final Map<String, String> WANDB_POD = Map.of("gpu", "0", "pod", "wandb-run-7");
    private static final Map<String, String> OTHER_POD = Map.of("gpu", "1", "pod", "trainer-7");

    @Test
    void withoutFiltersKeepsGaugesCountersAndUntypedOnly() {
        SeriesFilter filter = SeriesFilter.parse(null);

        assertThat(filter.isConfigured()).isFalse();
        assertThat(filter.keeps("e", "m", MetricKind.GAUGE, Map.of())).isTrue();
        assertThat(filter.keeps("e", "m_total", MetricKind.COUNTER, Map.of())).isTrue();
        assertThat(filter.keeps("e", "m", MetricKind.UNTYPED, Map.of())).isTrue();
        assertThat(filter.keeps("e", "m_bucket", MetricKind.HISTOGRAM, Map.of("le", "1"))).isFalse();
        assertThat(filter.keeps("e", "m_sum", MetricKind.SUMMARY, Map.of())).isFalse();
        assertThat(filter.keeps("e", "m_info", MetricKind.INFO, Map.of())).isFalse();
    }

    @Test
    void wandbListExampleKeepsPowerUsageOfEveryEndpoint() {
        SeriesFilter filter = SeriesFilter.parse(List.of(".*DCGM_FI_DEV_POWER_USAGE"));

        assertThat(filter.keeps("dcgm", "DCGM_FI_DEV_POWER_USAGE", MetricKind.GAUGE, OTHER_POD)).isTrue();
        assertThat(filter.keeps("node2", "DCGM_FI_DEV_POWER_USAGE", MetricKind.GAUGE, WANDB_POD)).isTrue();
        assertThat(filter.keeps("dcgm", "DCGM_FI_DEV_GPU_TEMP", MetricKind.GAUGE, WANDB_POD)).isFalse();
    }

    @Test
    void wandbMapExampleAlsoNeedsTheLabelToMatch() {
        SeriesFilter filter = SeriesFilter.parse(Map.of(".*DCGM_FI_DEV_POWER_USAGE", Map.of("pod", "^wandb-.*")));

        assertThat(filter.keeps("dcgm", "DCGM_FI_DEV_POWER_USAGE", MetricKind.GAUGE, WANDB_POD)).isTrue();
        assertThat(filter.keeps("dcgm", "DCGM_FI_DEV_POWER_USAGE", MetricKind.GAUGE, OTHER_POD)).isFalse();
        assertThat(filter.keeps("dcgm", "DCGM_FI_DEV_POWER_USAGE", MetricKind.GAUGE, Map.of("gpu", "0")))
                .as("a listed label must be present").isFalse();
        assertThat(filter.keeps("dcgm", "DCGM_FI_DEV_GPU_TEMP", MetricKind.GAUGE, WANDB_POD)).isFalse();
    }

    @Test
    void entriesAreOredAndMatchAnywhere() {
        SeriesFilter filter = SeriesFilter.parse(List.of("node\\.node_load1", "TEMP"));

        assertThat(filter.keeps("node", "node_load1", MetricKind.GAUGE, Map.of())).isTrue();
        assertThat(filter.keeps("node", "node_load15", MetricKind.GAUGE, Map.of())).as("unanchored").isTrue();
        assertThat(filter.keeps("dcgm", "DCGM_FI_DEV_GPU_TEMP", MetricKind.GAUGE, Map.of())).isTrue();
        assertThat(filter.keeps("nodeX", "node_load1", MetricKind.GAUGE, Map.of())).isFalse();
    }

    @Test
    void aFilterThatNamesHistogramSeriesKeepsThem() {
        SeriesFilter filter = SeriesFilter.parse(List.of("rpc_durations_seconds_(sum|count)$"));

        assertThat(filter.keeps("app", "rpc_durations_seconds_sum", MetricKind.SUMMARY, Map.of())).isTrue();
        assertThat(filter.keeps("app", "rpc_durations_seconds", MetricKind.SUMMARY, Map.of("quantile", "0.5"))).isFalse();
    }

    @Test
    void aMapEntryWithoutLabelsMatchesByNameAlone() {
        java.util.Map<String, Object> raw = new java.util.LinkedHashMap<>();
        raw.put("load1", null);
        raw.put("temp", Map.of());
        SeriesFilter filter = SeriesFilter.parse(raw);

        assertThat(filter.keeps("n", "node_load1", MetricKind.GAUGE, Map.of())).isTrue();
        assertThat(filter.keeps("n", "gpu_temp", MetricKind.GAUGE, Map.of())).isTrue();
        assertThat(filter.keeps("n", "node_load5", MetricKind.GAUGE, Map.of())).isFalse();
    }

    @Test
    void rejectsInvalidRegexesAndShapesNamingTheKey() {
        assertThatThrownBy(() -> SeriesFilter.parse(List.of("ok", "DCGM_(POWER")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("openmetrics.filters: 'DCGM_(POWER'")
                .hasMessageContaining("not a valid regex");
        assertThatThrownBy(() -> SeriesFilter.parse(Map.of("x", Map.of("pod", "[wandb"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'[wandb'");
        assertThatThrownBy(() -> SeriesFilter.parse(Map.of("x", List.of("pod"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("map of label name to regex");
        assertThatThrownBy(() -> SeriesFilter.parse(42)).isInstanceOf(ConfigException.class);
    }
}
