package io.sysgauge.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sysgauge.distribution.Distribution.Launched;
import io.sysgauge.distribution.Distribution.Result;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code sysgauge serve} scraped by a real Prometheus server, and {@code run --listen}. */
class ServeIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path PROMETHEUS = RealPrometheus.BINARY;
    private static final String PROTOBUF =
            "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path work;

    /**
     * A real Prometheus scrapes serve. With native histograms on, it asks for the protobuf format
     * first; serve must answer in a text format it accepts instead of an empty body, so samples
     * arrive either way.
     */
    @ParameterizedTest(name = "native histograms {0}")
    @ValueSource(booleans = {false, true})
    void aRealPrometheusScrapesServeAndGetsHostAndHealthSeries(boolean nativeHistograms) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(PROMETHEUS), ".ci/run installs the Debian package prometheus");
        int port = freePort();
        Launched serve = startServe(port);
        Process prometheus = null;
        try {
            String page = await("http://127.0.0.1:" + port + "/metrics", body -> body.contains("sysgauge_memory_percent"));
            assertThat(page).contains("# TYPE sysgauge_system_cpu_percent gauge")
                    .contains("sysgauge_collector_up{collector=\"cpu\"} 1.0");
            prometheus = startPrometheus(port, nativeHistograms ? List.of("--enable-feature=native-histograms") : List.of());
            String api = prometheusApi();

            JsonNode up = query(api, "up{job=\"sysgauge\"}");
            JsonNode samples = query(api, "scrape_samples_scraped{job=\"sysgauge\"} > 0");
            JsonNode memory = query(api, "sysgauge_memory_percent");
            JsonNode health = query(api, "sysgauge_collector_up{collector=\"memory\"}");

            assertThat(up.get(0).get("value").get(1).asText()).isEqualTo("1");
            assertThat(samples.get(0).get("value").get(1).asDouble()).isPositive();
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
        assertThat(serve.stderr()).startsWith("sysgauge: serving http://127.0.0.1:" + port + "/metrics every 500ms")
                .doesNotContain("Exception").doesNotContain("\tat ");
    }

    /**
     * Byte totals are counters: Prometheus's rate() sees traffic, and still does across a restart of
     * sysgauge (its totals start again from zero, which rate() takes as a counter reset). The page
     * passes promtool's lint.
     */
    @Test
    void rateOfTheNetworkCounterWorksAcrossARestartAndPromtoolFindsNothing() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(PROMETHEUS), ".ci/run installs the Debian package prometheus");
        int port = freePort();
        Launched serve = startServe(port);
        Process prometheus = null;
        try {
            String page = await("http://127.0.0.1:" + port + "/metrics", body -> body.contains("sysgauge_network_sent_bytes"));
            assertThat(page).contains("# TYPE sysgauge_network_sent_bytes_total counter")
                    .contains("# TYPE sysgauge_disk_in_bytes_total counter")
                    .contains("# TYPE sysgauge_disk_device_in_bytes_total counter");
            Process promtool = new ProcessBuilder("/usr/bin/promtool", "check", "metrics").redirectErrorStream(true).start();
            promtool.getOutputStream().write(page.getBytes(StandardCharsets.UTF_8));
            promtool.getOutputStream().close();
            String lint = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(promtool.waitFor()).as(lint).isZero();
            assertThat(lint).isEmpty();

            // Prometheus's own scrapes are traffic on loopback, which network.sent counts.
            prometheus = startPrometheus(port, List.of());
            String api = prometheusApi();
            assertThat(query(api, "rate(sysgauge_network_sent_bytes_total[1m]) > 0")).isNotEmpty();

            serve.process().destroy();
            assertThat(serve.await().exitCode()).isZero();
            serve = startServe(port);
            // The window now holds the restart (a reset) and rate() still sees the traffic.
            assertThat(query(api, "resets(sysgauge_network_sent_bytes_total[1m]) > 0")).isNotEmpty();
            assertThat(query(api, "rate(sysgauge_network_sent_bytes_total[1m]) > 0")).isNotEmpty();
        } finally {
            if (prometheus != null) {
                prometheus.destroy();
                prometheus.waitFor();
            }
            serve.process().destroy();
        }
        assertThat(serve.await().exitCode()).isZero();
    }

    /** Every Accept header Prometheus sends, and each format alone, with and without gzip. */
    @Test
    void everyAcceptHeaderGetsANonEmptyParseableBodyAndNoStackTrace() throws Exception {
        int port = freePort();
        Launched serve = startServe(port);
        try {
            await("http://127.0.0.1:" + port + "/metrics", body -> body.contains("sysgauge_memory_percent"));
            List<String> accepts = List.of(
                    "text/plain;version=0.0.4",
                    "application/openmetrics-text;version=1.0.0",
                    PROTOBUF,
                    // Prometheus 2.x with native histograms on
                    PROTOBUF + ";q=0.5,application/openmetrics-text;version=1.0.0;q=0.4,"
                            + "text/plain;version=0.0.4;q=0.3,*/*;q=0.2",
                    // Prometheus 2.x by default
                    "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
                            + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1");
            for (String accept : accepts) {
                for (boolean gzip : List.of(false, true)) {
                    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                            .header("Accept", accept).timeout(Duration.ofSeconds(30));
                    if (gzip) {
                        request.header("Accept-Encoding", "gzip");
                    }
                    HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                    String encoding = response.headers().firstValue("Content-Encoding").orElse("identity");
                    byte[] raw = response.body();
                    String body = new String(encoding.equals("gzip")
                            ? new GZIPInputStream(new ByteArrayInputStream(raw)).readAllBytes() : raw,
                            StandardCharsets.UTF_8);
                    String what = "Accept: " + accept + (gzip ? " with gzip" : "");

                    assertThat(response.statusCode()).as(what).isEqualTo(200);
                    assertThat(encoding).as(what).isEqualTo(gzip ? "gzip" : "identity");
                    assertThat(response.headers().firstValue("Content-Type").orElse("")).as(what)
                            .matches("(text/plain|application/openmetrics-text);.*");
                    assertThat(body).as(what).contains("sysgauge_collector_up{collector=\"memory\"} 1");
                    // every line a comment or a sample: the text formats' grammar, in short
                    assertThat(body.lines().filter(line -> !line.startsWith("#")))
                            .as(what).isNotEmpty()
                            .allMatch(line -> line.matches("[a-zA-Z_:][a-zA-Z0-9_:]*(\\{.*\\})? \\S+( \\S+)?"), "a sample");
                }
            }
        } finally {
            serve.process().destroy();
        }
        assertThat(serve.await().exitCode()).isZero();
        assertThat(serve.stderr()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    /**
     * Slowloris: 40 connections that never finish their request header, re-opened whenever the
     * server closes them, held for the whole check. /metrics must answer all the same; with the
     * JDK's defaults and client_java's ten threads it answers nobody while they are held.
     */
    @Test
    void halfOpenConnectionsNeitherBlockMetricsNorStayOpen() throws Exception {
        int port = freePort();
        Launched serve = startServe(port);
        List<Socket> halfOpen = new ArrayList<>();
        try {
            await("http://127.0.0.1:" + port + "/metrics", body -> body.contains("sysgauge_memory_percent"));
            for (int i = 0; i < 40; i++) {
                halfOpen.add(halfOpenConnection(port));
            }
            Socket first = halfOpen.get(0);

            String page = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (page == null && System.nanoTime() < deadline) {
                reopenClosed(halfOpen, port);
                try {
                    page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
                } catch (IOException timedOutOrRefused) {
                    Thread.sleep(100);
                }
            }

            assertThat(page).as("/metrics while 40 half-open connections are held").isNotNull()
                    .contains("sysgauge_collector_up{collector=\"cpu\"} 1");
            first.setSoTimeout((int) Duration.ofSeconds(90).toMillis());
            assertThat(readOrEnd(first)).as("the server closes a connection whose header never ends").isEqualTo(-1);
        } finally {
            for (Socket socket : halfOpen) {
                socket.close();
            }
            serve.process().destroy();
        }
        assertThat(serve.await().exitCode()).isZero();
    }

    private static Socket halfOpenConnection(int port) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.getOutputStream().write(("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nX-Slow: ")
                .getBytes(StandardCharsets.US_ASCII));
        return socket;
    }

    /** Replaces each half-open connection the server has closed, as a slowloris client does. */
    private static void reopenClosed(List<Socket> halfOpen, int port) throws IOException {
        for (int i = 1; i < halfOpen.size(); i++) { // the first is left alone: the test watches it close
            Socket socket = halfOpen.get(i);
            socket.setSoTimeout(1);
            try {
                if (readOrEnd(socket) == -1) {
                    socket.close();
                    halfOpen.set(i, halfOpenConnection(port));
                }
            } catch (java.net.SocketTimeoutException stillOpen) {
                // nothing to read and not closed: still held
            }
        }
    }

    private static int readOrEnd(Socket socket) throws java.net.SocketTimeoutException {
        try {
            return socket.getInputStream().read();
        } catch (java.net.SocketTimeoutException e) {
            throw e;
        } catch (IOException reset) {
            return -1;
        }
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

    /** The Prometheus exporter is a plugin jar a site may leave out: everything else still works. */
    @Test
    void withoutThePrometheusExporterJarRunAndOnceWorkAndServeSaysInOneLineWhatIsMissing() throws Exception {
        Path plugins = Files.createDirectory(work.resolve("plugins-without-prometheus"));
        for (Path jar : Distribution.pluginJars()) {
            if (!jar.getFileName().toString().startsWith("sysgauge-exporter-prometheus-")) {
                Files.copy(jar, plugins.resolve(jar.getFileName()));
            }
        }
        Map<String, String> environment = Map.of("SYSGAUGE_PLUGINS_DIR", plugins.toString());

        Result serve = Distribution.run(work, environment, "serve", "--listen", "127.0.0.1:" + freePort());
        Result runListen = Distribution.run(work, environment, "run", "--listen", "127.0.0.1:" + freePort(), "--",
                "true");
        Result once = Distribution.run(work, environment, "once", "--format", "json");
        Result run = Distribution.run(work, environment, "run", "--out", work.resolve("runs").toString(), "--",
                "sleep", "1");

        String missing = "sysgauge: no exporter answers /metrics: the Prometheus exporter plugin is not in " + plugins
                + " (or plugins.disabled names it); copy sysgauge-exporter-prometheus-*.jar there from the"
                + " distribution's plugins/ folder\n";
        assertThat(serve.exitCode()).isEqualTo(2);
        assertThat(serve.err()).isEqualTo(missing);
        assertThat(runListen.exitCode()).isEqualTo(2);
        assertThat(runListen.err()).isEqualTo(missing);
        assertThat(once.exitCode()).as(once.err()).isZero();
        assertThat(JSON.readTree(once.out()).get("memory_percent").asDouble()).isBetween(0.0, 100.0);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(Distribution.records(Distribution.onlyRun(work.resolve("runs")))).isNotEmpty();
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
        Launched serve = startServe(port);
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

    /**
     * The run's labels, id and command are on sysgauge_run_info only; RANK from the command's
     * environment arrives without a flag, and no other series names the run.
     */
    @Test
    void runListenPutsTheRunsLabelsIdAndCommandOnTheInfoSeriesOnly() throws Exception {
        int port = freePort();
        Launched run = Distribution.start(work, Map.of("RANK", "3"), "run", "--quiet", "--interval", "200ms",
                "--duration", "3s", "--label", "job=demo", "--listen", "127.0.0.1:" + port, "--", "sleep", "5");

        String page = await("http://127.0.0.1:" + port + "/metrics", body -> body.contains("sysgauge_proc_cpu_threads"));
        String folder = Distribution.awaitRun(work.resolve("sysgauge-runs")).getFileName().toString();

        assertThat(page).contains("\nsysgauge_run_info{command=\"sleep 5\",job=\"demo\",rank=\"3\",run_id=\"" + folder
                + "\"} 1\n");
        assertThat(page.lines().filter(line -> line.contains(folder) || line.contains("job=\"demo\""))).hasSize(1);
        assertThat(run.await().exitCode()).isNotEqualTo(2);
        JsonNode metadata = JSON.readTree(work.resolve("sysgauge-runs").resolve(folder).resolve("metadata.json").toFile());
        assertThat(metadata.get("run_id").asText()).isEqualTo(folder);
    }

    private int prometheusPort;

    private Launched startServe(int port) throws Exception {
        return Distribution.start(work, Map.of(), "serve", "--interval", "500ms", "--listen", "127.0.0.1:" + port);
    }

    /** A Prometheus scraping 127.0.0.1:port every second, its log in the work folder. */
    private Process startPrometheus(int port, List<String> flags) throws IOException {
        prometheusPort = freePort();
        return RealPrometheus.start(work, prometheusPort, List.of(port), flags);
    }

    private String prometheusApi() {
        return "http://127.0.0.1:" + prometheusPort + "/api/v1/query?query=";
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
        Duration limit = Duration.ofSeconds(20);
        long deadline = System.nanoTime() + limit.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                // each try bounded, so that a server that never answers fails the test instead of hanging it
                last = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                if (ready.test(last)) {
                    return last;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError(url + " did not show what was expected in " + limit.toSeconds() + " s; last page:\n" + last);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
