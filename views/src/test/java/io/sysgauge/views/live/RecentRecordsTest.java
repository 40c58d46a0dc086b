package io.sysgauge.views.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sysgauge.core.sampling.Record;
import io.sysgauge.spi.ExportedValue;
import io.sysgauge.spi.MetricDescriptor;
import io.sysgauge.spi.Unit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecentRecordsTest {

    private static final MetricDescriptor POWER = MetricDescriptor.of("gpu.{gpu}.powerWatts", Unit.WATTS, "GPU power draw");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void seriesAreColumnsAfterSinceWithNullWhereARecordLacksAKey() throws Exception {
        RecentRecords recent = new RecentRecords(10);
        recent.accept(record(1, 100, Double.NaN));
        recent.accept(record(2, 110, 200));
        recent.accept(record(3, 120, 210));

        assertThat(recent.seriesJson(1)).isEqualTo("{\"history\":10,\"layout\":[{\"title\":\"GPU\",\"charts\":[{\"title\":"
                + "\"gpu.{i}.powerWatts\",\"name\":\"GPU power draw\",\"unit\":\"W\",\"series\":[{\"label\":\"0\",\"key\":\"gpu.0.powerWatts\"},{\"label\":\"1\","
                + "\"key\":\"gpu.1.powerWatts\"}]}]}],\"time\":[2,3],\"values\":{\"gpu.0.powerWatts\":[110,120],"
                + "\"gpu.1.powerWatts\":[200,210]}}");
        assertThat(JSON.readTree(recent.seriesJson(-1)).at("/values/gpu.1.powerWatts").toString()).isEqualTo("[null,200,210]");
        assertThat(JSON.readTree(recent.seriesJson(3)).get("time")).isEmpty();
    }

    @Test
    void keepsOnlyTheLastHistoryRecords() throws Exception {
        RecentRecords recent = new RecentRecords(3);
        for (int t = 0; t < 7; t++) {
            recent.accept(record(t, t * 10, Double.NaN));
        }

        JsonNode series = JSON.readTree(recent.seriesJson(-1));
        assertThat(series.get("time").toString()).isEqualTo("[4,5,6]");
        assertThat(series.at("/values/gpu.0.powerWatts").toString()).isEqualTo("[40,50,60]");
    }

    @Test
    void keepsFewerRecordsWhenTheirValuesWouldPassTheBudget() throws Exception {
        RecentRecords recent = new RecentRecords(1000, 10);
        for (int t = 0; t < 20; t++) {
            recent.accept(record(t, t * 10, t * 20));
        }

        // Two values a record, at most ten values: the newest five records stay.
        assertThat(recent.size()).isEqualTo(5);
        JsonNode series = JSON.readTree(recent.seriesJson(-1));
        assertThat(series.get("time").toString()).isEqualTo("[15,16,17,18,19]");
        assertThat(series.at("/values/gpu.1.powerWatts").toString()).isEqualTo("[300,320,340,360,380]");
    }

    @Test
    void theDefaultBudgetBoundsAHistoryOfWideRecords() {
        RecentRecords recent = new RecentRecords(1_000_000);
        MetricDescriptor wide = MetricDescriptor.of("openmetrics.node.{metric}", Unit.NONE, "test");
        List<ExportedValue> samples = new ArrayList<>();
        for (int key = 0; key < 5_000; key++) {
            samples.add(new ExportedValue(wide, List.of("m" + key), wide.key("m" + key), key));
        }
        for (int t = 0; t < 1_000; t++) {
            recent.accept(new Record(1.7e9 + t, t, samples));
        }

        assertThat(recent.size()).isEqualTo((int) (RecentRecords.MAX_KEPT_VALUES / 5_000));
    }

    @Test
    void keysThatChurnAreForgottenOnceNoKeptRecordHasThem() throws Exception {
        RecentRecords recent = new RecentRecords(3);
        MetricDescriptor pod = MetricDescriptor.of("openmetrics.dcgm.{metric}.{idx}", Unit.NONE, "test");
        for (int t = 0; t < 10_000; t++) {
            // One series that stays, and one whose labels (a pod's name) change every tick.
            String churning = Integer.toString(t);
            recent.accept(new Record(1.7e9 + t, t, List.of(
                    new ExportedValue(POWER, List.of("0"), "gpu.0.powerWatts", t),
                    new ExportedValue(pod, List.of("DCGM_FI_DEV_FB_USED", churning), pod.key("DCGM_FI_DEV_FB_USED", churning), t))));
        }

        JsonNode values = JSON.readTree(recent.seriesJson(-1)).get("values");
        List<String> keys = new ArrayList<>();
        values.fieldNames().forEachRemaining(keys::add);
        // The three kept records' keys, and at most as many again that died since the last clean-up.
        assertThat(keys).contains("gpu.0.powerWatts", "openmetrics.dcgm.DCGM_FI_DEV_FB_USED.9997",
                "openmetrics.dcgm.DCGM_FI_DEV_FB_USED.9998", "openmetrics.dcgm.DCGM_FI_DEV_FB_USED.9999").hasSizeLessThan(130);
        assertThat(values.get("gpu.0.powerWatts").toString()).isEqualTo("[9997,9998,9999]");
        assertThat(values.get("openmetrics.dcgm.DCGM_FI_DEV_FB_USED.9998").toString()).isEqualTo("[null,9998,null]");
    }

    @Test
    void aResponseCarriesAtMostMaxValuesTheNewestFirstInLineAndRoundsToSixDigits() throws Exception {
        RecentRecords recent = new RecentRecords(100_000);
        MetricDescriptor value = MetricDescriptor.of("many.{k}.value", Unit.NONE, "test");
        for (int t = 1; t <= 1_000; t++) {
            List<ExportedValue> samples = new java.util.ArrayList<>();
            for (int k = 0; k < 400; k++) {
                samples.add(new ExportedValue(value, List.of(Integer.toString(k)), value.key(Integer.toString(k)), t + 1.0 / 3));
            }
            recent.accept(new Record(1.7e9 + t, t, samples));
        }

        JsonNode series = JSON.readTree(recent.seriesJson(-1));

        int kept = RecentRecords.MAX_VALUES / 400;
        assertThat(series.get("time")).hasSize(kept);
        assertThat(series.get("time").get(kept - 1).asDouble()).isEqualTo(1_000);
        assertThat(series.get("values").get("many.7.value").get(kept - 1).asText()).isEqualTo("1000.33");
    }

    private static Record record(double runtime, double gpu0, double gpu1) {
        List<ExportedValue> samples = new ArrayList<>();
        samples.add(new ExportedValue(POWER, List.of("0"), "gpu.0.powerWatts", gpu0));
        if (!Double.isNaN(gpu1)) {
            samples.add(new ExportedValue(POWER, List.of("1"), "gpu.1.powerWatts", gpu1));
        }
        return new Record(1.7e9 + runtime, runtime, samples);
    }
}
