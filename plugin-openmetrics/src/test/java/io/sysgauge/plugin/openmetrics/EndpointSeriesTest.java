package io.sysgauge.plugin.openmetrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class EndpointSeriesTest {

    private final Map<String, Map<String, String>> published = new TreeMap<>();

    @Test
    void numbersLabelSetsInOrderOfFirstAppearanceForTheRun() throws Exception {
        EndpointSeries series = new EndpointSeries("app", SeriesFilter.keepDefaultKinds(), published);

        assertThat(read(series, "m{a=\"x\"} 1\nm{a=\"y\"} 2\nn 3\n")).containsExactly(
                Map.entry("app.m.0", 1.0), Map.entry("app.m.1", 2.0), Map.entry("app.n.0", 3.0));
        assertThat(read(series, "m{a=\"z\"} 4\nm{a=\"y\"} 5\nm{a=\"x\"} 6\n")).containsExactly(
                Map.entry("app.m.2", 4.0), Map.entry("app.m.1", 5.0), Map.entry("app.m.0", 6.0));
        assertThat(published).containsExactly(Map.entry("app.m.0", Map.of("a", "x")), Map.entry("app.m.1", Map.of("a", "y")),
                Map.entry("app.m.2", Map.of("a", "z")), Map.entry("app.n.0", Map.of()));
    }

    @Test
    void theSameLabelSetInAnotherOrderIsTheSameSeries() throws Exception {
        EndpointSeries series = new EndpointSeries("app", SeriesFilter.keepDefaultKinds(), published);

        read(series, "m{a=\"1\",b=\"2\"} 1\n");
        assertThat(read(series, "m{ b=\"2\", a=\"1\", } 7\n")).containsExactly(Map.entry("app.m.0", 7.0));
        assertThat(published).containsOnlyKeys("app.m.0");
    }

    @Test
    void dropsHistogramsAndSummariesUnlessAFilterNamesThem() throws Exception {
        EndpointSeries byDefault = new EndpointSeries("go", SeriesFilter.keepDefaultKinds(), published);
        Map<String, Double> kept = read(byDefault, Fixtures.text(Fixtures.GOLANG_EXEMPLARS), ExpositionFormat.OPENMETRICS);

        assertThat(kept).containsOnlyKeys("go.go_build_info.0", "go.promhttp_metric_handler_errors_total.0",
                "go.promhttp_metric_handler_errors_total.1", "go.rpc_requests_total.0", "go.rpc_requests_total.1",
                "go.rpc_requests_total.2");
        assertThat(kept).containsEntry("go.rpc_requests_total.1", 15.0);
        assertThat(published.get("go.rpc_requests_total.2")).isEqualTo(Map.of("service", "uniform"));

        EndpointSeries filtered = new EndpointSeries("go2", SeriesFilter.parse(List.of("seconds_count$")), published);
        assertThat(read(filtered, Fixtures.text(Fixtures.GOLANG_EXEMPLARS), ExpositionFormat.OPENMETRICS))
                .containsExactly(Map.entry("go2.rpc_durations_histogram_seconds_count.0", 15.0),
                        Map.entry("go2.rpc_durations_seconds_count.0", 22.0),
                        Map.entry("go2.rpc_durations_seconds_count.1", 15.0),
                        Map.entry("go2.rpc_durations_seconds_count.2", 11.0));
    }

    @Test
    void aPageThatFailsToParseLeavesNoSeriesBehind() throws Exception {
        EndpointSeries series = new EndpointSeries("app", SeriesFilter.keepDefaultKinds(), published);
        read(series, "m{a=\"x\"} 1\n");

        assertThatThrownBy(() -> read(series, "m{a=\"new\"} 1\nm{a=\"x\"} 2\nbroken{\n"))
                .isInstanceOf(ExpositionParseException.class).hasMessageStartingWith("line 3:");
        assertThat(published).containsOnlyKeys("app.m.0");
        assertThat(read(series, "m{a=\"other\"} 1\nm{a=\"x\"} 2\n")).containsExactly(Map.entry("app.m.1", 1.0),
                Map.entry("app.m.0", 2.0));
    }

    @Test
    void stopsAddingSeriesAtTheLimit() throws Exception {
        EndpointSeries series = new EndpointSeries("app", SeriesFilter.keepDefaultKinds(), published);
        StringBuilder page = new StringBuilder();
        for (int i = 0; i < EndpointSeries.MAX_SERIES + 5; i++) {
            page.append("m{i=\"").append(i).append("\"} ").append(i).append('\n');
        }

        assertThat(read(series, page.toString())).hasSize(EndpointSeries.MAX_SERIES);
        assertThat(series.isFull()).isTrue();
    }

    @Test
    void aSeriesRepeatedOnAPageKeepsItsFirstValueAndOneSlot() throws Exception {
        EndpointSeries series = new EndpointSeries("app", SeriesFilter.keepDefaultKinds(), published);
        StringBuilder page = new StringBuilder("m{a=\"x\"} 1\n");
        for (int i = 0; i < 10_000; i++) {
            page.append("m{a=\"x\"} ").append(i + 2).append('\n');
        }

        assertThat(read(series, page + "n 3\n")).containsExactly(Map.entry("app.m.0", 1.0), Map.entry("app.n.0", 3.0));
        assertThat(read(series, "m{a=\"x\"} 7\n")).containsExactly(Map.entry("app.m.0", 7.0));
    }

    @Test
    void stopsAddingSeriesPastTheirByteLimit() throws Exception {
        EndpointSeries series = new EndpointSeries("app", SeriesFilter.keepDefaultKinds(), published);
        String value = "v".repeat(500_000);
        StringBuilder page = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            page.append("m{i=\"").append(i).append("\",v=\"").append(value).append("\"} ").append(i).append('\n');
        }

        assertThat(read(series, page.toString())).hasSize((int) (EndpointSeries.MAX_SERIES_BYTES / 500_000));
        assertThat(series.isFull()).isTrue();
    }

    @Test
    void aPageStreamedInChunksIsNumberedWhenItEndsAndAPageGivenUpOnLeavesNothing() throws Exception {
        EndpointSeries series = new EndpointSeries("app", SeriesFilter.keepDefaultKinds(), published);
        PageBudget budget = new PageBudget(1 << 20);
        byte[] first = "m{a=\"x\"} 1\nm{a=\"y\"} 2\n".getBytes(StandardCharsets.UTF_8);

        PageReader abandoned = series.startPage(ExpositionFormat.PROMETHEUS_TEXT, budget);
        abandoned.feed(first, 0, 15);
        abandoned.abandon();
        assertThat(published).isEmpty();

        PageReader superseded = series.startPage(ExpositionFormat.PROMETHEUS_TEXT, budget);
        superseded.feed(first, 0, 15);
        PageReader reader = series.startPage(ExpositionFormat.PROMETHEUS_TEXT, budget);
        assertThatThrownBy(() -> superseded.feed(first, 15, first.length - 15))
                .isInstanceOf(java.util.concurrent.CancellationException.class);
        reader.feed(first, 0, 7);
        assertThat(published).as("numbered once the page is whole").isEmpty();
        reader.feed(first, 7, first.length - 7);
        assertThat(reader.finish()).isEqualTo(2);
        superseded.abandon(); // late: changes nothing
        assertThat(published).containsOnlyKeys("app.m.0", "app.m.1");
        assertThat(series.value(1)).isEqualTo(2.0);
        assertThat(budget.reserved()).isZero();
    }

    static Map<String, Double> read(EndpointSeries series, String page) throws ExpositionParseException {
        return read(series, page, ExpositionFormat.PROMETHEUS_TEXT);
    }

    static Map<String, Double> read(EndpointSeries series, String page, ExpositionFormat format)
            throws ExpositionParseException {
        byte[] bytes = page.getBytes(StandardCharsets.UTF_8);
        int count = series.read(bytes, bytes.length, format);
        Map<String, Double> values = new LinkedHashMap<>();
        String endpoint = null;
        for (int i = 0; i < count; i++) {
            values.put(endpointOf(series) + "." + series.metric(i) + "." + series.idx(i), series.value(i));
        }
        return values;
    }

    private static String endpointOf(EndpointSeries series) {
        return series.endpoint();
    }
}
