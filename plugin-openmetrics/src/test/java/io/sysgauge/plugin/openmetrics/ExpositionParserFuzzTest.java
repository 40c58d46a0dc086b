package io.sysgauge.plugin.openmetrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysgauge.testkit.Fuzz;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Scraped pages come from endpoints sysgauge does not control: a bad page is an error, never a crash. */
class ExpositionParserFuzzTest {

    private static final String[] FIXTURES = {"dcgm-exporter-a100-mig.prom", "dcgm-exporter-2xT4-driver525-pod-labels.prom",
        "openmetrics-conformance-escaping.om.txt", "openmetrics-conformance-exemplars_with_hash_in_label_values.om.txt",
        "openmetrics-conformance-timestamps.om.txt", "openmetrics-conformance-label_escaping.om.txt",
        "openmetrics-conformance-roundtrip.om.txt", "openmetrics-client_golang-example-exemplars.om.txt"};

    @Test
    void mutatedPagesParseOrFailWithAParseError() throws IOException {
        List<byte[]> pages = new ArrayList<>();
        for (String name : FIXTURES) {
            try (InputStream in = getClass().getResourceAsStream("fixtures/" + name)) {
                pages.add(in.readAllBytes());
            }
        }
        Fuzz.Outcome outcome = Fuzz.cases(100_000, 0x0e7a, pages).check(page -> {
            ExpositionParser.parse(page, page.length, ExpositionFormat.PROMETHEUS_TEXT, sample -> {});
            ExpositionParser.parse(page, page.length, ExpositionFormat.OPENMETRICS, sample -> {});
        }, ExpositionParseException.class);
        // Both ends reached: pages read in both formats, and broken ones refused.
        assertThat(outcome.answered()).isPositive();
        assertThat(outcome.refused()).isPositive();
    }

    /**
     * The same mutated pages streamed in small chunks of random sizes (1 to 16 bytes, so lines,
     * labels, numbers and UTF-8 characters are cut everywhere) give exactly what the whole page
     * gives: the same samples, or the same error on the same line.
     */
    @Test
    void streamingInSmallRandomChunksGivesWhatTheWholePageGives() throws IOException {
        List<byte[]> pages = new ArrayList<>();
        for (String name : FIXTURES) {
            try (InputStream in = getClass().getResourceAsStream("fixtures/" + name)) {
                pages.add(in.readAllBytes());
            }
        }
        int[] cases = new int[2]; // read, refused
        Fuzz.Outcome outcome = Fuzz.cases(20_000, 0x57e4, pages).check(page -> {
            SplittableRandom chunks = new SplittableRandom(Arrays.hashCode(page));
            for (ExpositionFormat format : ExpositionFormat.values()) {
                Object whole = Fixtures.outcome(() -> Fixtures.parse(page, format));
                Object streamed = Fixtures.outcome(() -> Fixtures.parseInChunks(page, format, chunks, 16));
                assertThat(streamed).as("%s, streamed", format).isEqualTo(whole);
                cases[whole instanceof String ? 1 : 0]++;
            }
        });
        assertThat(outcome.refused()).isZero();
        assertThat(cases[0]).as("pages read").isPositive();
        assertThat(cases[1]).as("pages refused").isPositive();
    }
}
