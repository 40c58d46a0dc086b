package io.sysgauge.plugin.openmetrics;

import static io.sysgauge.plugin.openmetrics.ExpositionFormat.OPENMETRICS;
import static io.sysgauge.plugin.openmetrics.ExpositionFormat.PROMETHEUS_TEXT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sysgauge.plugin.openmetrics.Fixtures.Parsed;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ExpositionParserTest {

    @Test
    void readsEveryDcgmSampleWithItsTypeAndLabels() throws Exception {
        List<Parsed> samples = Fixtures.parse(Fixtures.text(Fixtures.DCGM), PROMETHEUS_TEXT);

        assertThat(samples).hasSize(38);
        Parsed power = samples.get(6);
        assertThat(power.name()).isEqualTo("DCGM_FI_DEV_POWER_USAGE");
        assertThat(power.kind()).isEqualTo(MetricKind.GAUGE);
        assertThat(power.value()).isEqualTo(28.722);
        assertThat(power.labels()).containsExactly(Map.entry("DCGM_FI_DRIVER_VERSION", "525.60.13"),
                Map.entry("Hostname", "nvidia-dcgm-exporter-s228n"),
                Map.entry("UUID", "GPU-7a2e92f2-be71-d37e-a744-541600ffc722"),
                Map.entry("container", "runai-reservation"), Map.entry("device", "nvidia0"), Map.entry("gpu", "0"),
                Map.entry("modelName", "Tesla T4"), Map.entry("namespace", "runai-reservation"),
                Map.entry("pod", "runai-reservation-gpu-qa-mig-worker-gpu-1-kvltw"));
        Parsed energy = samples.get(9);
        assertThat(energy.name()).isEqualTo("DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION");
        assertThat(energy.kind()).isEqualTo(MetricKind.COUNTER);
        assertThat(energy.value()).isEqualTo(8855497.0);
        assertThat(energy.labels()).containsEntry("gpu", "1").containsEntry("pod", "");
        assertThat(samples.get(samples.size() - 1).value()).as("the last line has no newline").isEqualTo(10888.0);
    }

    @Test
    void mapsOpenMetricsSuffixesToTheirFamilyAndLeavesCreatedOut() throws Exception {
        List<Parsed> samples = Fixtures.parse(Fixtures.text(Fixtures.GOLANG_EXEMPLARS), OPENMETRICS);

        assertThat(samples).noneMatch(sample -> sample.name().endsWith("_created"));
        assertThat(samples).filteredOn(sample -> sample.name().equals("promhttp_metric_handler_errors_total"))
                .extracting(Parsed::kind, Parsed::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(MetricKind.COUNTER, 0.0),
                        org.assertj.core.groups.Tuple.tuple(MetricKind.COUNTER, 0.0));
        assertThat(samples).filteredOn(sample -> sample.name().equals("rpc_durations_histogram_seconds_bucket"))
                .hasSize(21).allMatch(sample -> sample.kind() == MetricKind.HISTOGRAM);
        Parsed withExemplar = samples.stream().filter(sample -> sample.labels().equals(Map.of("le", "-0.0002899999999999998")))
                .findFirst().orElseThrow();
        assertThat(withExemplar.value()).isEqualTo(3.0);
        assertThat(samples).filteredOn(sample -> sample.name().equals("rpc_durations_seconds"))
                .hasSize(9).allMatch(sample -> sample.kind() == MetricKind.SUMMARY);
        assertThat(samples).filteredOn(sample -> sample.name().equals("rpc_durations_seconds_sum")).first()
                .extracting(Parsed::kind, Parsed::value).containsExactly(MetricKind.SUMMARY, 2.0318666372575776e-05);
        assertThat(samples).filteredOn(sample -> sample.name().equals("rpc_requests_total"))
                .extracting(Parsed::value).containsExactly(22.0, 15.0, 11.0);
        assertThat(samples).hasSize(1 + 2 + 21 + 2 + 15 + 3);
    }

    @Test
    void unescapesLabelValuesAndKeepsUnknownEscapes() throws Exception {
        List<Parsed> escaping = Fixtures.parse(Fixtures.text("openmetrics-conformance-escaping.om.txt"), OPENMETRICS);

        assertThat(escaping).extracting(sample -> sample.labels().get("foo"))
                .containsExactly("b\"a\nr", "b\\a\\z", "b\"a\nr # ", "b\\a\\z # ");
        assertThat(escaping).extracting(Parsed::value).containsExactly(1.0, 2.0, 3.0, 4.0);

        List<Parsed> labels = Fixtures.parse(Fixtures.text("openmetrics-conformance-label_escaping.om.txt"), OPENMETRICS);
        assertThat(labels).extracting(sample -> sample.labels().get("foo"))
                .containsExactly("foo", "\\foo", "\\foo", "foo\\", "\\", "\n", "\\n", "\\\n", "\"", "\\\"");
        assertThat(labels).allMatch(sample -> sample.labels().get("bar").equals("baz"));
    }

    @Test
    void readsLabelValuesWithHashesBracesCommasAndEquals() throws Exception {
        List<Parsed> hashes = Fixtures.parse(
                Fixtures.text("openmetrics-conformance-exemplars_with_hash_in_label_values.om.txt"), OPENMETRICS);
        assertThat(hashes).extracting(Parsed::value).containsExactly(0.0, 2.0, 3.0);
        assertThat(hashes).allMatch(sample -> sample.labels().get("foo").equals("bar # "));

        List<Parsed> odd = Fixtures.parse("m{a=\"x}{,=y\",b = \"#\" ,} 1.5\n", PROMETHEUS_TEXT);
        assertThat(odd).singleElement().satisfies(sample -> {
            assertThat(sample.labels()).containsExactly(Map.entry("a", "x}{,=y"), Map.entry("b", "#"));
            assertThat(sample.value()).isEqualTo(1.5);
            assertThat(sample.kind()).isEqualTo(MetricKind.UNTYPED);
        });
    }

    @Test
    void acceptsTimestampsOfEveryForm() throws Exception {
        List<Parsed> samples = Fixtures.parse(Fixtures.text("openmetrics-conformance-timestamps.om.txt"), OPENMETRICS);

        assertThat(samples).extracting(Parsed::name).containsExactly("a_total", "a_total", "a_total", "a_total",
                "a_total", "b_total");
        assertThat(samples).extracting(Parsed::value).containsExactly(1.0, 1.0, 1.0, 1.0, 1.0, 2.0);
        assertThat(Fixtures.parse("up 1 1712345678901\n", PROMETHEUS_TEXT)).singleElement()
                .extracting(Parsed::value).isEqualTo(1.0);
    }

    @Test
    void readsRoundtripPageWithNaNQuantilesAndExponents() throws Exception {
        List<Parsed> samples = Fixtures.parse(Fixtures.text("openmetrics-conformance-roundtrip.om.txt"), OPENMETRICS);

        assertThat(value(samples, "process_virtual_memory_bytes")).isEqualTo(2.478268416e9);
        assertThat(value(samples, "go_goroutines")).isEqualTo(166.0);
        assertThat(value(samples, "prometheus_local_storage_indexing_batch_duration_milliseconds")).isNaN();
        assertThat(samples).filteredOn(sample -> sample.labels().equals(Map.of("type", "drop")))
                .singleElement().extracting(Parsed::value).isEqualTo(1.345758e6);
        assertThat(samples).noneMatch(sample -> sample.name().equals("foo_created"));
        assertThat(samples).filteredOn(sample -> sample.name().equals("foo_bucket")).hasSize(11);
    }

    @Test
    void readsNumbersAsGoDoes() throws Exception {
        String page = "a 1e-3\nb +Inf\nc -Inf\nd NaN\ne -0.5\nf 12345678901234567890\ng .25\nh 1.7976931348623157e308\n"
                + "i 0.1\nj 3.0000000000000004\nk +inf\n";
        List<Parsed> samples = Fixtures.parse(page, PROMETHEUS_TEXT);

        assertThat(samples).extracting(Parsed::value).containsExactly(1e-3, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY, Double.NaN, -0.5, 12345678901234567890.0, 0.25, Double.MAX_VALUE, 0.1,
                3.0000000000000004, Double.POSITIVE_INFINITY);
    }

    @Test
    void resolvesFamiliesWhoseSamplesDoNotFollowTheirTypeLine() throws Exception {
        String page = "# TYPE x counter\n# TYPE y gauge\nx_total 3\nx_created 17\ny 2\ny_other 5\n# EOF\n";
        List<Parsed> samples = Fixtures.parse(page, OPENMETRICS);

        assertThat(samples).extracting(Parsed::name, Parsed::kind).containsExactly(
                org.assertj.core.groups.Tuple.tuple("x_total", MetricKind.COUNTER),
                org.assertj.core.groups.Tuple.tuple("y", MetricKind.GAUGE),
                org.assertj.core.groups.Tuple.tuple("y_other", MetricKind.UNTYPED));
    }

    @Test
    void reportsTheLineAndReasonOfMalformedInput() {
        assertError("a 1\nb{x=\"1\" 2\n", PROMETHEUS_TEXT, 2, "expected ',' or '}'");
        assertError("a 1\n\nb{x=1} 2\n", PROMETHEUS_TEXT, 3, "expected '\"'");
        assertError("a one\n", PROMETHEUS_TEXT, 1, "invalid value 'one'");
        assertError("a{x=\"1\"}\n", PROMETHEUS_TEXT, 1, "no value");
        assertError("a 1 2 3\n", PROMETHEUS_TEXT, 1, "unexpected text after the timestamp");
        assertError("a{x=\"1\\\"} 2\n", PROMETHEUS_TEXT, 1, "unclosed label value");
        assertError("# TYPE a gauges\n", PROMETHEUS_TEXT, 1, "unknown metric type 'gauges'");
        assertError("a 1 # {t=\"x\"} 1\n", PROMETHEUS_TEXT, 1, "exemplars are OpenMetrics only");
        assertError("a 1\n", OPENMETRICS, 1, "does not end with '# EOF'");
        assertError("a 1\n# EOF\nb 2\n", OPENMETRICS, 3, "text after '# EOF'");
        assertError("a! 1\n", PROMETHEUS_TEXT, 1, "unexpected character '!'");
        assertError("a 1e\n", PROMETHEUS_TEXT, 1, "invalid value '1e'");
    }

    @Test
    void ignoresCommentsAndBlankLinesInPrometheusText() throws Exception {
        assertThat(Fixtures.parse("# a comment\n\n  \n# HELP a x\n#no space\na 1\r\n", PROMETHEUS_TEXT))
                .extracting(Parsed::value).containsExactly(1.0);
    }

    @Test
    void everyFixtureStreamedInChunksOfAnySizeGivesTheSamplesOfTheWholePage() throws Exception {
        List<String> names = new java.util.ArrayList<>(Fixtures.OPENMETRICS_PAGES);
        names.add(Fixtures.DCGM);
        names.add("dcgm-exporter-a100-mig.prom");
        for (String name : names) {
            byte[] page = Fixtures.bytes(name);
            ExpositionFormat format = name.endsWith(".prom") ? PROMETHEUS_TEXT : OPENMETRICS;
            List<Parsed> whole = Fixtures.parse(page, format);
            assertThat(whole).as(name).isNotEmpty();
            for (int largest : new int[] {1, 2, 3, 5, 8, 13, 64, 1000, 1 << 16}) {
                assertThat(Fixtures.parseInChunks(page, format, new SplittableRandom(largest), largest))
                        .as("%s in chunks of up to %d bytes", name, largest).isEqualTo(whole);
            }
        }
    }

    @Test
    void aLineLongerThanTheLimitFailsThePageHoweverItArrives() throws Exception {
        String longest = "# " + "x".repeat(ExpositionParser.MAX_LINE_BYTES - 2);
        byte[] fits = ("a 1\n" + longest + "\nb 2\n").getBytes(StandardCharsets.US_ASCII);
        byte[] tooLong = ("a 1\n" + longest + "x\nb 2\n").getBytes(StandardCharsets.US_ASCII);

        assertThat(Fixtures.parse(fits, PROMETHEUS_TEXT)).extracting(Parsed::value).containsExactly(1.0, 2.0);
        assertThat(Fixtures.parseInChunks(fits, PROMETHEUS_TEXT, new SplittableRandom(1), 1 << 14))
                .extracting(Parsed::value).containsExactly(1.0, 2.0);
        assertThatThrownBy(() -> Fixtures.parse(tooLong, PROMETHEUS_TEXT))
                .hasMessage("line 2: a line longer than 1024 KB");
        assertThatThrownBy(() -> Fixtures.parseInChunks(tooLong, PROMETHEUS_TEXT, new SplittableRandom(1), 1 << 14))
                .hasMessage("line 2: a line longer than 1024 KB");
    }

    @Test
    void aLongLineReservesItsRoomInTheSharedBudgetAndGivesItBack() throws Exception {
        byte[] line = ("# " + "x".repeat(200_000) + "\nup 1\n").getBytes(StandardCharsets.US_ASCII);
        PageBudget roomy = new PageBudget(1 << 20);
        List<Double> values = new java.util.ArrayList<>();
        ExpositionParser parser = new ExpositionParser(PROMETHEUS_TEXT, sample -> values.add(sample.value()), roomy);
        parser.feed(line, 0, 100_000);
        assertThat(roomy.reserved()).as("half a line carried").isPositive();
        parser.feed(line, 100_000, line.length - 100_000);
        parser.finish();
        assertThat(values).containsExactly(1.0);
        assertThat(roomy.reserved()).isZero();

        PageBudget small = new PageBudget(100_000);
        assertThat(small.tryReserve(50_000)).isTrue(); // another endpoint's long line
        ExpositionParser refused = new ExpositionParser(PROMETHEUS_TEXT, sample -> {}, small);
        assertThatThrownBy(() -> refused.feed(line, 0, 150_000)).isInstanceOf(PageBudget.OverBudgetException.class)
                .hasMessage("no room to carry a line of 146 KB in the 0 MB that all endpoints' long lines share");
        refused.release();
        assertThat(small.reserved()).as("only the other endpoint's room").isEqualTo(50_000);
    }

    @Test
    void aPageNamingMoreFamiliesThanTheLimitFails() {
        StringBuilder page = new StringBuilder();
        for (int i = 0; i <= ExpositionParser.MAX_FAMILIES; i++) {
            page.append("# TYPE f").append(i).append(" gauge\n");
        }
        assertThatThrownBy(() -> Fixtures.parse(page.toString(), PROMETHEUS_TEXT))
                .hasMessage("line " + (ExpositionParser.MAX_FAMILIES + 1) + ": more than 20000 metric families on one page");
    }

    /**
     * Random damage to the fixture pages must end in a parse error or a parse, nothing else:
     * truncation, flipped bytes, inserted quotes, braces, backslashes, hashes, newlines. How fast is
     * OpenMetricsParserBenchmark's question; the timeout only ends a parse that never would.
     */
    @Test
    @Timeout(300)
    void survivesRandomMutationsOfEveryFixture() {
        List<String> names = new java.util.ArrayList<>(Fixtures.OPENMETRICS_PAGES);
        names.add(Fixtures.DCGM);
        byte[] inserts = "\"{}\\#=, \n\t.e+-".getBytes(StandardCharsets.US_ASCII);
        Random random = new Random(20240917);
        int parsed = 0;
        int rejected = 0;
        for (int iteration = 0; iteration < 4000; iteration++) {
            String name = names.get(iteration % names.size());
            byte[] page = Fixtures.bytes(name);
            byte[] mutated = mutate(page, random, inserts);
            ExpositionFormat format = name.equals(Fixtures.DCGM) ? PROMETHEUS_TEXT : OPENMETRICS;
            try {
                ExpositionParser.parse(mutated, mutated.length, format, sample -> {
                    sample.name();
                    sample.labels();
                });
                parsed++;
            } catch (ExpositionParseException e) {
                assertThat(e.lineNumber()).isPositive();
                rejected++;
            }
        }
        assertThat(parsed + rejected).isEqualTo(4000);
        assertThat(rejected).as("most damage is noticed").isGreaterThan(1000);
    }

    private static byte[] mutate(byte[] page, Random random, byte[] inserts) {
        byte[] result = page.clone();
        int mutations = 1 + random.nextInt(4);
        for (int m = 0; m < mutations && result.length > 0; m++) {
            int at = random.nextInt(result.length);
            switch (random.nextInt(4)) {
                case 0 -> result = java.util.Arrays.copyOf(result, at);
                case 1 -> result[at] = (byte) random.nextInt(256);
                case 2 -> result[at] ^= (byte) (1 << random.nextInt(8));
                default -> {
                    byte[] longer = new byte[result.length + 1];
                    System.arraycopy(result, 0, longer, 0, at);
                    longer[at] = inserts[random.nextInt(inserts.length)];
                    System.arraycopy(result, at, longer, at + 1, result.length - at);
                    result = longer;
                }
            }
        }
        return result;
    }

    private static void assertError(String page, ExpositionFormat format, int line, String reason) {
        assertThatThrownBy(() -> Fixtures.parse(page, format)).as(page)
                .isInstanceOfSatisfying(ExpositionParseException.class, e -> {
                    assertThat(e.lineNumber()).isEqualTo(line);
                    assertThat(e.getMessage()).startsWith("line " + line + ": ").contains(reason);
                });
    }

    private static double value(List<Parsed> samples, String name) {
        return samples.stream().filter(sample -> sample.name().equals(name)).findFirst().orElseThrow().value();
    }
}
