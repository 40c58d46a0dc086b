package io.sysgauge.views.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class DownsamplerTest {

    @Test
    void fewRecordsKeepOneBucketEachAndNoEnvelope() {
        Downsampler samples = new Downsampler(4, 1.0);
        record(samples, 0, "a", 1);
        record(samples, 1, "a", 5);
        record(samples, 2, "b", 7);

        assertThat(samples.times()).containsExactly(0, 1, 2);
        assertThat(samples.means().get("a")).containsExactly(1, 5, Double.NaN);
        assertThat(samples.means().get("b")).containsExactly(Double.NaN, Double.NaN, 7);
        assertThat(samples.downsampled()).isFalse();
    }

    @Test
    void aFullRangeDoublesTheWidthAndKeepsMeanMinAndMaxPerBucket() {
        Downsampler samples = new Downsampler(4, 1.0);
        double[] values = {1, 5, 2, 2, 0, 9, 3, 3};
        for (int t = 0; t < values.length; t++) {
            record(samples, t, "a", values[t]);
        }

        assertThat(samples.times()).containsExactly(0.5, 2.5, 4.5, 6.5);
        assertThat(samples.means().get("a")).containsExactly(3, 2, 4.5, 3);
        assertThat(samples.minima().get("a")).containsExactly(1, 2, 0, 3);
        assertThat(samples.maxima().get("a")).containsExactly(5, 2, 9, 3);
        assertThat(samples.downsampled()).isTrue();
    }

    @Test
    void aSpikeSurvivesManyDoublingsAsTheMaxOfItsBucket() {
        Downsampler samples = new Downsampler(10, 0.001);
        for (int t = 0; t < 10_000; t++) {
            record(samples, t, "gpu.0.powerWatts", t == 4321 ? 700 : 100);
        }

        assertThat(samples.times().length).isBetween(5, 10);
        assertThat(samples.maxima().get("gpu.0.powerWatts")).contains(700.0);
        assertThat(java.util.Arrays.stream(samples.means().get("gpu.0.powerWatts")).max().orElseThrow()).isLessThan(110);
        assertThat(samples.minima().get("gpu.0.powerWatts")).containsOnly(100.0);
    }

    @Test
    void writesColumnsWithNullGapsAndEnvelopesOnlyWhenMerged() throws Exception {
        Downsampler samples = new Downsampler(2, 1.0);
        record(samples, 0, "a", 1.23456789);
        record(samples, 1, "b", 2);

        assertThat(json(samples)).isEqualTo("{\"time\":[0,1],\"values\":{\"a\":[1.23457,null],\"b\":[null,2]}}");
        record(samples, 2, "a", 3);
        assertThat(json(samples)).isEqualTo("{\"time\":[0.5,2],\"values\":{\"a\":[1.23457,3],\"b\":[2,null]}}");
        record(samples, 3, "a", 5);
        assertThat(json(samples)).isEqualTo("{\"time\":[0.5,2.5],\"values\":{\"a\":[1.23457,4],\"b\":[2,null]},"
                + "\"min\":{\"a\":[1.23457,3],\"b\":[2,null]},\"max\":{\"a\":[1.23457,5],\"b\":[2,null]}}");
    }

    @Test
    void keysArrivingLateShareTheBudgetAndMergeWhatIsAlreadyThere() {
        Downsampler samples = new Downsampler(8, 12, 1.0);
        double[] values = {1, 5, 2, 2, 0, 9, 3, 3};
        for (int t = 0; t < values.length; t++) {
            record(samples, t, "a", values[t]);
        }
        assertThat(samples.capacity()).isEqualTo(8);

        samples.add("b", 7); // in the record at t = 7: two keys leave 6 buckets each, so 8 merge into 4
        samples.startRecord(8);
        samples.add("a", 4);
        samples.add("b", 8);

        assertThat(samples.capacity()).isEqualTo(6);
        assertThat(samples.times()).containsExactly(0.5, 2.5, 4.5, 6.5, 8);
        assertThat(samples.means().get("a")).containsExactly(3, 2, 4.5, 3, 4);
        assertThat(samples.maxima().get("a")).containsExactly(5, 2, 9, 3, 4);
        assertThat(samples.means().get("b")).containsExactly(Double.NaN, Double.NaN, Double.NaN, 7, 8);
    }

    @Test
    void manyKeysOverManyRecordsStayWithinTheBudget() {
        int keys = 500;
        long budget = 10_000;
        Downsampler samples = new Downsampler(2000, budget, 0.001);
        for (int t = 0; t < 3000; t++) {
            samples.startRecord(t);
            for (int k = 0; k < keys; k++) {
                samples.add("k" + k, t == 1234 && k == 77 ? 1e6 : k);
            }
        }

        assertThat(samples.capacity()).isEqualTo(budget / keys);
        assertThat(samples.keys()).hasSize(keys);
        assertThat((long) samples.times().length * keys).isLessThanOrEqualTo(budget);
        assertThat(samples.times().length).isGreaterThanOrEqualTo((int) (budget / keys / 2));
        assertThat(samples.maxima().get("k77")).contains(1e6);
        assertThat(samples.minima().get("k499")).containsOnly(499.0);
    }

    @Test
    void aKeyCountPastTheBudgetStillKeepsTwoPointsALine() {
        Downsampler samples = new Downsampler(100, 10, 1.0);
        for (int t = 0; t < 50; t++) {
            samples.startRecord(t);
            for (int k = 0; k < 20; k++) {
                samples.add("k" + k, t);
            }
        }

        assertThat(samples.capacity()).isEqualTo(Downsampler.MIN_CAPACITY);
        assertThat(samples.times()).hasSizeBetween(1, 2);
        assertThat(samples.maxima().get("k19")).contains(49.0);
    }

    private static void record(Downsampler samples, double runtime, String key, double value) {
        samples.startRecord(runtime);
        samples.add(key, value);
    }

    private static String json(Downsampler samples) throws Exception {
        StringWriter text = new StringWriter();
        try (var json = io.sysgauge.events.Json.FACTORY.createGenerator(text)) {
            json.writeStartObject();
            samples.writeFields(json);
            json.writeEndObject();
        }
        return text.toString();
    }
}
