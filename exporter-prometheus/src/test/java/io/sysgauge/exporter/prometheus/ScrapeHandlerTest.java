package io.sysgauge.exporter.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** /metrics over a real loopback server: a failing scrape is a 500 with one line, and the next one recovers. */
class ScrapeHandlerTest {

    private final AtomicBoolean broken = new AtomicBoolean();
    private final AtomicInteger collects = new AtomicInteger();
    private final AtomicReference<Object> generation = new AtomicReference<>(new Object());
    private final HttpClient http = HttpClient.newHttpClient();
    private HttpServer server;

    @BeforeEach
    void start() throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(() -> {
            collects.incrementAndGet();
            if (broken.get()) {
                throw new IllegalStateException("a collector broke");
            }
            return GaugeSnapshot.builder().name("fixture_value")
                    .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(42).build()).build();
        });
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/metrics", new ScrapeHandler(registry, generation::get));
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aFailingScrapeIsA500WithOneLineAndTheNextScrapeRecovers() throws Exception {
        broken.set(true);
        HttpResponse<String> failed = scrape();
        HttpResponse<String> failedAgain = scrape();
        broken.set(false);
        HttpResponse<String> recovered = scrape();

        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(failed.body()).hasLineCount(1).doesNotContain("Exception");
        assertThat(failedAgain.statusCode()).isEqualTo(500);
        assertThat(recovered.statusCode()).isEqualTo(200);
        assertThat(recovered.body()).contains("fixture_value 42.0");
    }

    @Test
    void eachGenerationOfValuesIsRenderedOncePerFormatWhateverTheScrapers() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(scrape().body()).contains("fixture_value 42.0");
            assertThat(http.send(HttpRequest.newBuilder(url()).header("Accept-Encoding", "gzip").build(),
                    HttpResponse.BodyHandlers.ofByteArray()).headers().firstValue("Content-Encoding")).hasValue("gzip");
        }
        assertThat(collects.get()).as("one plain and one gzipped page").isEqualTo(2);

        generation.set(new Object()); // the next record
        scrape();
        scrape();
        assertThat(collects.get()).isEqualTo(3);
    }

    @Test
    void otherMethodsThanGetAndHeadAre405() throws Exception {
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(url()).POST(HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> head = http.send(HttpRequest.newBuilder(url()).method("HEAD",
                HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("text/plain"));
    }

    private HttpResponse<String> scrape() throws Exception {
        return http.send(HttpRequest.newBuilder(url()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/metrics");
    }
}
