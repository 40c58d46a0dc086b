package io.sysgauge.plugin.openmetrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.sysgauge.spi.MetricCollector;
import io.sysgauge.testkit.CollectorContractTest;
import io.sysgauge.testkit.TestContext;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The SPI contract, scraping two endpoints of a loopback HTTP server: dcgm-exporter's page for two
 * T4s, and a Go client's page that can start answering 503.
 */
class OpenMetricsContractTest extends CollectorContractTest {

    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final String OPENMETRICS_TEXT = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private HttpServer server;
    private volatile boolean goClientDown;

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/dcgm", exchange -> answer(exchange, 200, PROMETHEUS_TEXT, Fixtures.text(Fixtures.DCGM)));
        server.createContext("/go", exchange -> answer(exchange, goClientDown ? 503 : 200, OPENMETRICS_TEXT,
                goClientDown ? "service unavailable\n" : Fixtures.text(Fixtures.GOLANG_EXEMPLARS)));
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Override
    protected MetricCollector newCollector() {
        return new OpenMetricsCollector();
    }

    @Override
    protected TestContext presentContext(Path dir) {
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        return new TestContext(OpenMetricsCollector.ID).set("endpoints", Map.of("dcgm", base + "/dcgm", "go", base + "/go"))
                .interval(Duration.ofMillis(500));
    }

    @Override
    protected Predicate<String> failPartOfSource(TestContext context, Path dir) {
        goClientDown = true;
        return key -> key.startsWith("openmetrics.go.");
    }

    private static void answer(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
