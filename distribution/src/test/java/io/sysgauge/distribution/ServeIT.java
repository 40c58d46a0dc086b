package io.sysgauge.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sysgauge.distribution.Distribution.Launched;
import io.sysgauge.distribution.Distribution.Result;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sysgauge serve} scraped by a real Prometheus server, and {@code run --listen}. */
class ServeIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path work;

    @Test
    void aRealPrometheusScrapesServeAndGetsHostAndHealthSeries() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(PROMETHEUS), ".ci/run installs the Debian package prometheus");
        int port = freePort();
        Launched serve = Distribution.start(work, Map.of(), "serve", "--interval", "500ms",
                "--listen", "127.0.0.1:" + port);
        Process prometheus = null;
        try {
            String page = await("http://127.0.0.1:" + port + "/metrics", body -> body.contains("sysgauge_memory_percent"));
            assertThat(page).contains("# TYPE sysgauge_system_cpu_percent gauge")
                    .contains("sysgauge_collector_up{collector=\"cpu\"} 1.0");
            int prometheusPort = freePort();
            Path config = Files.writeString(work.resolve("prometheus.yml"), """
                    global:
                      scrape_interval: 1s
                    scrape_configs:
                      - job_name: sysgauge
                        static_configs:
                          - targets: ["127.0.0.1:%d"]
                    """.formatted(port));
            prometheus = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + config,
                    "--storage.tsdb.path=" + work.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + prometheusPort)
                    .redirectErrorStream(true).redirectOutput(work.resolve("prometheus.log").toFile()).start();
            String api = "http://127.0.0.1:" + prometheusPort + "/api/v1/query?query=";

            JsonNode up = query(api, "up{job=\"sysgauge\"}");
            JsonNode memory = query(api, "sysgauge_memory_percent");
            JsonNode health = query(api, "sysgauge_collector_up{collector=\"memory\"}");

            assertThat(up.get(0).get("value").get(1).asText()).isEqualTo("1");
            assertThat(memory.get(0).get("value").get(1).asDouble()).isBetween(0.0, 100.0);
            assertThat(health.get(0).get("value").get(1).asText()).isEqualTo("1");
        } finally {
            if (prometheus != null) {
                prometheus.destroy();
                prometheus.waitFor();
            }
            serve.process().destroy();
        }
        assertThat(serve.await().exitCode()).isZero();
        assertThat(serve.stderr()).startsWith("sysgauge: serving http://127.0.0.1:" + port + "/metrics every 500ms");
    }

    @Test
    void aPortInUseIsOneLineAndExitCode2() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Result result = Distribution.run(work, "serve", "--listen", "127.0.0.1:" + taken.getLocalPort());

            assertThat(result.exitCode()).isEqualTo(2);
            assertThat(result.err()).startsWith("sysgauge: cannot listen on 127.0.0.1:" + taken.getLocalPort() + " (")
                    .endsWith("); choose another address with --listen or serve.listen\n")
                    .hasLineCount(1);
        }
    }

    @Test
    void runWithAPortInUseStopsBeforeTheCommandStarts() throws Exception {
        Path marker = work.resolve("started");
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Result result = Distribution.run(work, "run", "--listen", "127.0.0.1:" + taken.getLocalPort(), "--",
                    "touch", marker.toString());

            assertThat(result.exitCode()).isEqualTo(2);
            assertThat(result.err()).hasLineCount(1).startsWith("sysgauge: cannot listen on 127.0.0.1:");
        }
        assertThat(marker).doesNotExist();
        assertThat(work.resolve("sysgauge-runs")).doesNotExist();
    }

    @Test
    void theLivePageAnswersOnlyRequestsAddressedToItsOwnName() throws Exception {
        int port = freePort();
        Launched serve = Distribution.start(work, Map.of(), "serve", "--interval", "500ms",
                "--listen", "127.0.0.1:" + port);
        try {
            await("http://127.0.0.1:" + port + "/api/metadata", body -> body.contains("\"host\""));

            assertThat(statusLine(port, "127.0.0.1:" + port)).isEqualTo("HTTP/1.1 200 OK");
            assertThat(statusLine(port, "localhost:" + port)).isEqualTo("HTTP/1.1 200 OK");
            assertThat(statusLine(port, "attacker.example:" + port)).isEqualTo("HTTP/1.1 403 Forbidden");
        } finally {
            serve.process().destroy();
        }
        serve.await();
    }

    /** A raw request, since the JDK's client will not send a Host header of our choosing. */
    private static String statusLine(int port, String host) throws IOException {
        try (java.net.Socket socket = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
            socket.getOutputStream().write(("GET /api/metadata HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
        }
    }

    @Test
    void runListenServesTheValuesItRecords() throws Exception {
        int port = freePort();
        Launched run = Distribution.start(work, Map.of(), "run", "--quiet", "--interval", "200ms", "--duration", "3s",
                "--listen", "127.0.0.1:" + port, "--", "sleep", "5");

        String page = await("http://127.0.0.1:" + port + "/metrics", body -> body.contains("sysgauge_proc_cpu_threads"));

        assertThat(page).contains("sysgauge_proc_memory_rss_bytes");
        assertThat(run.await().exitCode()).isNotEqualTo(2);
    }

    private JsonNode query(String api, String promql) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create(api + URLEncoder.encode(promql, StandardCharsets.UTF_8))).build(),
                        HttpResponse.BodyHandlers.ofString());
                JsonNode result = JSON.readTree(response.body()).path("data").path("result");
                if (result.size() > 0) {
                    return result;
                }
            } catch (IOException e) {
                // Prometheus is still starting
            }
            Thread.sleep(250);
        }
        throw new AssertionError("Prometheus returned nothing for " + promql + "; its log: "
                + Files.readString(work.resolve("prometheus.log")));
    }

    private String await(String url, Predicate<String> ready) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                last = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
                        .body();
                if (ready.test(last)) {
                    return last;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError(url + " did not show what was expected in 20 s; last page:\n" + last);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
