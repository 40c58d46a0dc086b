package io.sysgauge.exporter.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.sysgauge.spi.ExportContext;
import io.sysgauge.spi.ExportedRecord;
import io.sysgauge.spi.MapConfigSection;
import io.sysgauge.spi.MetricExporter;
import io.sysgauge.testkit.ExporterContractTest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The exporter contract, read back the way Prometheus reads it: a scrape of the handler over loopback. */
class PrometheusContractTest extends ExporterContractTest {

    @Override
    protected MetricExporter newExporter() {
        return new PrometheusExporter();
    }

    @Override
    protected Map<String, Object> config(Path dir) {
        return Map.of(PrometheusExporter.HOST_LABEL, false);
    }

    @Override
    protected void assertExported(Path dir, List<ExportedRecord> records) {
        throw new AssertionError("read back through the exporter's handler, never from a file");
    }

    @Override
    protected void assertExported(MetricExporter exporter, Path dir, List<ExportedRecord> records) throws Exception {
        // A scrape shows the newest record only: the third, without the GPU the second had.
        assertThat(scrape((PrometheusExporter) exporter)).contains(
                        "\nsysgauge_cpu_percent 0.0\n",
                        "# TYPE sysgauge_network_sent_bytes_total counter\n",
                        "\nsysgauge_network_sent_bytes_total 8192.0\n")
                .doesNotContain("gpu");
    }

    @Test
    void hostLabelPutsThisMachinesNameOnEverySeriesAndTheHandlerAnswersBeforeTheFirstRecord() throws Exception {
        PrometheusExporter exporter = new PrometheusExporter();
        assertThat(scrape(exporter)).as("mounted before start, so that run --listen binds first").isEmpty();
        exporter.start(ExportContext.of(MapConfigSection.of("prometheus",
                Map.of(PrometheusExporter.HOST_LABEL, true)), Map.of(), Duration.ofSeconds(1)));
        exporter.export(sampleRun().get(0));

        assertThat(scrape(exporter)).containsPattern("\nsysgauge_cpu_percent\\{host=\"[^\"]+\"} 12.5\n");
    }

    static String scrape(PrometheusExporter exporter) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(exporter.path(), exporter.handler());
        server.start();
        try {
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + exporter.path());
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            return response.body();
        } finally {
            server.stop(0);
        }
    }
}
