package io.sysgauge.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.sysgauge.distribution.Distribution.Result;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher with the openmetrics plugin scraping a real prometheus-node-exporter, and loopback
 * endpoints serving plugin-openmetrics' dcgm-exporter fixture, a page that does not parse and
 * nothing at all.
 */
class OpenMetricsPluginIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path NODE_EXPORTER = Path.of("/usr/bin/prometheus-node-exporter");
    private static final String SECRET = "Bearer it-secret-5f3c9a";
    private static final List<String> DCGM_METRICS = List.of("DCGM_FI_DEV_SM_CLOCK", "DCGM_FI_DEV_MEM_CLOCK",
            "DCGM_FI_DEV_GPU_TEMP", "DCGM_FI_DEV_POWER_USAGE", "DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION",
            "DCGM_FI_DEV_PCIE_REPLAY_COUNTER", "DCGM_FI_DEV_GPU_UTIL", "DCGM_FI_DEV_MEM_COPY_UTIL", "DCGM_FI_DEV_ENC_UTIL",
            "DCGM_FI_DEV_DEC_UTIL", "DCGM_FI_DEV_XID_ERRORS", "DCGM_FI_DEV_FB_FREE", "DCGM_FI_DEV_FB_USED",
            "DCGM_FI_DEV_NVLINK_BANDWIDTH_TOTAL", "DCGM_FI_PROF_GR_ENGINE_ACTIVE", "DCGM_FI_PROF_PIPE_TENSOR_ACTIVE",
            "DCGM_FI_PROF_DRAM_ACTIVE", "DCGM_FI_PROF_PCIE_TX_BYTES", "DCGM_FI_PROF_PCIE_RX_BYTES");

    @TempDir
    Path work;

    @Test
    void scrapesARealNodeExporterThroughTheFilters() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(NODE_EXPORTER), "prometheus-node-exporter is not installed");
        int port = freePort();
        Process exporter = new ProcessBuilder(NODE_EXPORTER.toString(), "--web.listen-address=127.0.0.1:" + port,
                "--collector.disable-defaults", "--collector.loadavg", "--collector.meminfo", "--collector.time")
                .redirectErrorStream(true).redirectOutput(work.resolve("node-exporter.log").toFile()).start();
        try {
            String url = "http://127.0.0.1:" + port + "/metrics";
            String before = awaitPage(url);

            Result result = Distribution.run(work, "once", "--format", "json", "--set", "openmetrics.endpoints.node=" + url,
                    "--set", "openmetrics.filters=[node\\.node_load1, node\\.node_memory_MemTotal_bytes]");
            String after = fetch(url);

            assertThat(result.exitCode()).as(result.err()).isZero();
            JsonNode sample = JSON.readTree(result.out());
            // Unanchored, as documented: node\.node_load1 also matches node_load15.
            assertThat(keys(sample, "openmetrics.")).containsExactlyInAnyOrder("openmetrics.node.node_load1.0",
                    "openmetrics.node.node_load15.0", "openmetrics.node.node_memory_MemTotal_bytes.0", "openmetrics.node.up");
            assertThat(sample.get("openmetrics.node.up").asDouble()).isEqualTo(1);
            assertThat(sample.get("openmetrics.node.node_memory_MemTotal_bytes.0").asDouble())
                    .isEqualTo(value(before, "node_memory_MemTotal_bytes")).isEqualTo(value(after, "node_memory_MemTotal_bytes"));
            assertThat(sample.get("openmetrics.node.node_load1.0").asDouble())
                    .isCloseTo(value(after, "node_load1"), within(1.0 + Math.abs(value(after, "node_load1") - value(before, "node_load1"))));
        } finally {
            exporter.destroy();
            exporter.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aDeadEndpointAndAGarbagePageCostOnlyTheirOwnKeys() throws Exception {
        Map<String, String> authorizations = new ConcurrentHashMap<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] dcgm = fixture("dcgm-exporter-2xT4-driver525-pod-labels.prom");
        server.createContext("/dcgm", exchange -> {
            authorizations.put("dcgm", String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            respond(exchange, dcgm);
        });
        server.createContext("/garbage", exchange -> respond(exchange, "<html>502 Bad Gateway</html>\n".getBytes(
                StandardCharsets.UTF_8)));
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            // The job ends once three records have the plugin's keys: however late a loaded machine lets it join.
            List<String> arguments = new ArrayList<>(List.of("run", "--quiet", "--interval", "300ms",
                    "--set", "openmetrics.endpoints.dcgm=" + base + "/dcgm",
                    "--set", "openmetrics.endpoints.garbage=" + base + "/garbage",
                    "--set", "openmetrics.endpoints.dead=http://127.0.0.1:" + freePort() + "/metrics",
                    "--set", "openmetrics.headers.Authorization=" + SECRET, "--"));
            arguments.addAll(Distribution.untilJoinedFor("openmetrics", 3));
            Result result = Distribution.run(work, arguments.toArray(String[]::new));

            assertThat(result.exitCode()).as(result.err()).isZero();
            assertThat(authorizations).containsEntry("dcgm", SECRET);
            Path run = Distribution.onlyRun(work.resolve("sysgauge-runs"));
            List<JsonNode> records = new ArrayList<>();
            for (String line : Files.readAllLines(run.resolve("events.jsonl"))) {
                records.add(Distribution.STRICT_JSON.readTree(line));
            }
            assertThat(records).allMatch(record -> record.has("system.memory_percent"));
            assertThat(Distribution.sinceJoined(records, "openmetrics")).hasSizeGreaterThanOrEqualTo(3);
            for (JsonNode record : Distribution.sinceJoined(records, "openmetrics")) {
                List<String> scraped = keys(record, "system.openmetrics.").stream().filter(key -> !key.endsWith(".up")).toList();
                assertThat(record.get("system.openmetrics.dcgm.up").asDouble()).isEqualTo(1);
                assertThat(record.get("system.openmetrics.dead.up").asDouble()).isZero();
                assertThat(record.get("system.openmetrics.garbage.up").asDouble()).isZero();
                assertThat(record.get("system.sysgauge.collector.openmetrics.up").asDouble()).isZero();
                assertThat(scraped).hasSize(38).allMatch(key -> key.startsWith("system.openmetrics.dcgm."));
                assertThat(record.get("system.openmetrics.dcgm.DCGM_FI_DEV_POWER_USAGE.0").asDouble()).isEqualTo(28.722);
                assertThat(record.get("system.openmetrics.dcgm.DCGM_FI_DEV_FB_USED.1").asDouble()).isEqualTo(5.0);
                for (String metric : DCGM_METRICS) {
                    assertThat(scraped).contains("system.openmetrics.dcgm." + metric + ".0",
                            "system.openmetrics.dcgm." + metric + ".1");
                }
            }
            List<String> warnings = result.err().lines().filter(line -> line.contains("openmetrics endpoint")).toList();
            assertThat(warnings).hasSize(2).allMatch(line -> line.startsWith("WARN"));
            assertThat(warnings).anyMatch(line -> line.contains("dead") && line.contains("connection refused"));
            assertThat(warnings).anyMatch(line -> line.contains("garbage") && line.contains("line 1:"));

            String metadataText = Files.readString(run.resolve("metadata.json"));
            assertThat(metadataText).doesNotContain("it-secret");
            assertThat(result.out() + result.err()).doesNotContain("it-secret");
            JsonNode openmetrics = StreamSupport.stream(JSON.readTree(metadataText).get("plugins").spliterator(), false)
                    .filter(plugin -> plugin.get("id").asText().equals("openmetrics")).findFirst().orElseThrow()
                    .get("collectors").get(0);
            assertThat(openmetrics.get("state").asText()).isEqualTo("present");
            JsonNode metadata = openmetrics.get("metadata");
            assertThat(metadata.get("endpoints").get("dcgm").asText()).isEqualTo(base + "/dcgm");
            assertThat(metadata.get("series")).hasSize(38);
            JsonNode gpu0 = metadata.get("series").get("dcgm.DCGM_FI_DEV_GPU_TEMP.0");
            assertThat(gpu0.get("gpu").asText()).isEqualTo("0");
            assertThat(gpu0.get("UUID").asText()).isEqualTo("GPU-7a2e92f2-be71-d37e-a744-541600ffc722");
            assertThat(metadata.get("series").get("dcgm.DCGM_FI_DEV_GPU_TEMP.1").get("device").asText()).isEqualTo("nvidia1");
        } finally {
            server.stop(0);
        }
    }

    /**
     * Six exporters serving 15 MB pages each (90 MB together, more than the launcher's whole heap)
     * beside endpoints that refuse, answer 500, never answer in time or serve garbage: the pages
     * share one byte budget, so the agent keeps recording host keys, and health says who failed.
     */
    @Test
    void sixHugePagesAndFailingEndpointsShareOneBudgetAndHealthShowsWhoFailed() throws Exception {
        byte[] huge = hugePage();
        byte[] dcgm = fixture("dcgm-exporter-2xT4-driver525-pod-labels.prom");
        List<HttpServer> servers = new ArrayList<>();
        java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);
        try {
            // 3 s: scrapes get 1.8 s, room for six 15 MB pages on a loaded machine.
            List<String> settings = new ArrayList<>(List.of("run", "--quiet", "--interval", "3s", "--duration", "18s"));
            settings.addAll(List.of("--set", "openmetrics.endpoints.dcgm=" + serve(servers, exchange -> respond(exchange, dcgm))));
            for (int i = 0; i < HUGE_ENDPOINTS; i++) {
                settings.addAll(List.of("--set", "openmetrics.endpoints.huge" + i + "=" + serve(servers, exchange -> respond(exchange, huge))));
            }
            settings.addAll(List.of("--set", "openmetrics.endpoints.status500=" + serve(servers, exchange -> {
                exchange.sendResponseHeaders(500, -1);
                exchange.close();
            })));
            settings.addAll(List.of("--set", "openmetrics.endpoints.garbage=" + serve(servers,
                    exchange -> respond(exchange, "<html>502 Bad Gateway</html>\n".getBytes(StandardCharsets.UTF_8)))));
            settings.addAll(List.of("--set", "openmetrics.endpoints.slow=" + serve(servers, exchange -> {
                try {
                    released.await(1, TimeUnit.MINUTES); // answers only after the run: every scrape gives up on it
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                respond(exchange, dcgm);
            })));
            settings.addAll(List.of("--set", "openmetrics.endpoints.dead=http://127.0.0.1:" + freePort() + "/metrics"));

            // The launcher as shipped: bin/sysgauge's -Xmx96m.
            Result result = Distribution.run(work, settings.toArray(String[]::new));

            assertThat(result.exitCode()).as(result.err()).isZero();
            assertThat(result.err()).doesNotContain("OutOfMemoryError");
            List<JsonNode> records = Distribution.records(Distribution.onlyRun(work.resolve("sysgauge-runs")));
            List<JsonNode> joined = Distribution.sinceJoined(records, "openmetrics");
            assertThat(joined).hasSizeGreaterThanOrEqualTo(3);
            assertThat(records.get(records.size() - 1).has("system.memory_percent")).as("still recording host keys").isTrue();
            for (JsonNode record : joined) {
                assertThat(record.has("system.memory_percent") && record.has("system.cpu_percent")).as(record.toString().substring(0, 200))
                        .isTrue();
                double dcgmUp = record.get("system.openmetrics.dcgm.up").asDouble();
                assertThat(keys(record, "system.openmetrics.dcgm.DCGM_")).hasSize(dcgmUp == 1 ? 38 : 0);
                for (String failing : List.of("status500", "garbage", "slow", "dead")) {
                    assertThat(record.get("system.openmetrics." + failing + ".up").asDouble()).as(failing).isZero();
                    assertThat(keys(record, "system.openmetrics." + failing + ".")).hasSize(1);
                }
                assertThat(record.get("system.sysgauge.collector.openmetrics.up").asDouble())
                        .as("the collector is not up while endpoints fail").isZero();
                for (int i = 0; i < HUGE_ENDPOINTS; i++) {
                    double up = record.get("system.openmetrics.huge" + i + ".up").asDouble();
                    // A huge page either came whole (its 1,000 series) or not at all this tick.
                    assertThat(keys(record, "system.openmetrics.huge" + i + ".big_series.")).hasSize(up == 1 ? HUGE_SERIES : 0);
                }
            }
            assertThat(joined).as("the small page is read beside the huge ones")
                    .anyMatch(record -> record.get("system.openmetrics.dcgm.up").asDouble() == 1);
            List<String> warnings = result.err().lines().filter(line -> line.contains("openmetrics endpoint")).toList();
            for (String failing : List.of("status500", "garbage", "slow", "dead")) {
                assertThat(warnings).as("one warning per failure streak").filteredOn(line -> line.contains(" " + failing + " "))
                        .hasSize(1);
            }
        } finally {
            released.countDown();
            servers.forEach(server -> server.stop(0));
        }
    }

    private static final int HUGE_ENDPOINTS = 6;
    private static final int HUGE_SERIES = 1_000;

    /** A valid 15 MB page: 1,000 series and a long run of comment lines, as a verbose exporter might serve. */
    private static byte[] hugePage() {
        StringBuilder page = new StringBuilder(15 << 20);
        page.append("# TYPE big_series gauge\n");
        for (int i = 0; i < HUGE_SERIES; i++) {
            page.append("big_series{shard=\"").append(i).append("\"} ").append(i).append('\n');
        }
        String padding = "# " + "x".repeat(97) + "\n";
        while (page.length() + padding.length() <= 15 << 20) {
            page.append(padding);
        }
        return page.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** @return the URL of a new loopback server (own thread pool) that answers with the handler */
    private static String serve(List<HttpServer> servers, com.sun.net.httpserver.HttpHandler handler) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/metrics", handler);
        server.start();
        servers.add(server);
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/metrics";
    }

    @Test
    void serveReExportsScrapedSeriesUnderTheirOwnFamilyNamesTypesAndLabels() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] dcgm = fixture("dcgm-exporter-2xT4-driver525-pod-labels.prom");
        server.createContext("/dcgm", exchange -> respond(exchange, dcgm));
        server.start();
        int port = freePort();
        Distribution.Launched serve = Distribution.start(work, Map.of(), "serve", "--interval", "500ms",
                "--listen", "127.0.0.1:" + port,
                "--set", "openmetrics.endpoints.dcgm=http://127.0.0.1:" + server.getAddress().getPort() + "/dcgm");
        try {
            String url = "http://127.0.0.1:" + port + "/metrics";
            String page = awaitPage(url);
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (!page.contains("DCGM_FI_DEV_GPU_TEMP") && System.nanoTime() < deadline) {
                Thread.sleep(100);
                page = fetch(url);
            }

            // Under their own family names and types, labelled by endpoint and series number.
            List<String> temperatures = page.lines().filter(line -> line.startsWith("DCGM_FI_DEV_GPU_TEMP{")).toList();
            assertThat(page).contains("# TYPE DCGM_FI_DEV_GPU_TEMP gauge\n",
                    "# TYPE DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION_total counter\n").doesNotContain("sysgauge_openmetrics{");
            assertThat(page.lines().filter(line -> line.startsWith("DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION_total{")))
                    .hasSize(2).allSatisfy(line -> assertThat(line).contains("endpoint=\"dcgm\""));
            assertThat(temperatures).hasSize(2);
            assertThat(temperatures).anySatisfy(line -> assertThat(line)
                    .contains("UUID=\"GPU-7a2e92f2-be71-d37e-a744-541600ffc722\"", "device=\"nvidia0\"",
                            "endpoint=\"dcgm\"", "gpu=\"0\"", "idx=\"0\"",
                            "pod=\"runai-reservation-gpu-qa-mig-worker-gpu-1-kvltw\"")
                    .endsWith("} 55.0"));
            assertThat(temperatures).anySatisfy(line -> assertThat(line)
                    .contains("device=\"nvidia1\"", "gpu=\"1\"", "idx=\"1\"").endsWith("} 52.0"));
        } finally {
            serve.process().destroy();
            serve.await();
            server.stop(0);
        }
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static String awaitPage(String url) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            try {
                return fetch(url);
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("node_exporter did not answer at " + url, e);
                }
                Thread.sleep(100);
            }
        }
    }

    private static String fetch(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.body();
    }

    /** @return the value of an unlabelled sample of a Prometheus text page */
    private static double value(String page, String metric) {
        return page.lines().filter(line -> line.startsWith(metric + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(metric.length() + 1).strip()))
                .orElseThrow(() -> new AssertionError("no " + metric + " on the page"));
    }

    private static List<String> keys(JsonNode record, String prefix) {
        List<String> keys = new ArrayList<>();
        record.fieldNames().forEachRemaining(key -> {
            if (key.startsWith(prefix)) {
                keys.add(key);
            }
        });
        return keys;
    }

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = OpenMetricsPluginIT.class.getResourceAsStream("/io/sysgauge/plugin/openmetrics/fixtures/"
                + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name + " on the test class path");
            }
            return in.readAllBytes();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
