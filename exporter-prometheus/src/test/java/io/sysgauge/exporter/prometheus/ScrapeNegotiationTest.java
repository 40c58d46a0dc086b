package io.sysgauge.exporter.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.junit.jupiter.api.Test;

/** Which text format each Accept header gets, with the protobuf format not shipped. */
class ScrapeNegotiationTest {

    private static final String PROTOBUF =
            "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited";
    private final ScrapeHandler handler = new ScrapeHandler(new PrometheusRegistry(), Object::new);

    @Test
    void protobufFirstFallsToOpenMetricsWhenOpenMetricsIsAcceptedToo() {
        String nativeHistograms = PROTOBUF + ";q=0.5,application/openmetrics-text;version=1.0.0;q=0.4,"
                + "text/plain;version=0.0.4;q=0.3,*/*;q=0.2";

        assertThat(handler.writerFor(nativeHistograms).getContentType()).startsWith("application/openmetrics-text");
    }

    @Test
    void protobufAloneFallsToTheClassicText() {
        assertThat(handler.writerFor(PROTOBUF).getContentType()).startsWith("text/plain; version=0.0.4");
        assertThat(handler.writerFor(null).getContentType()).startsWith("text/plain; version=0.0.4");
        assertThat(handler.writerFor("text/plain;version=0.0.4").getContentType()).startsWith("text/plain; version=0.0.4");
    }

    @Test
    void openMetricsIsKept() {
        assertThat(handler.writerFor("application/openmetrics-text;version=1.0.0").getContentType())
                .startsWith("application/openmetrics-text; version=1.0.0");
    }
}
