package io.sysgauge.plugin.openmetrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysgauge.testkit.Fuzz;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
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
}
