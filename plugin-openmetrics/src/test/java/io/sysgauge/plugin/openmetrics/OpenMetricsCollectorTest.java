package io.sysgauge.plugin.openmetrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.sysgauge.spi.ConfigException;
import io.sysgauge.spi.Probe;
import io.sysgauge.testkit.RecordingWriter;
import io.sysgauge.testkit.TestContext;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenMetricsCollectorTest {

    private static final String OPENMETRICS_TYPE = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    private static final String TEXT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /** The DCGM fixture's values: metric, GPU 0's, GPU 1's. */
    private static final Object[][] DCGM_VALUES = {
        {"DCGM_FI_DEV_SM_CLOCK", 585.0, 300.0}, {"DCGM_FI_DEV_MEM_CLOCK", 5000.0, 405.0},
        {"DCGM_FI_DEV_GPU_TEMP", 55.0, 52.0}, {"DCGM_FI_DEV_POWER_USAGE", 28.722, 17.035},
        {"DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION", 9022652.0, 8855497.0}, {"DCGM_FI_DEV_PCIE_REPLAY_COUNTER", 0.0, 0.0},
        {"DCGM_FI_DEV_GPU_UTIL", 0.0, 0.0}, {"DCGM_FI_DEV_MEM_COPY_UTIL", 0.0, 0.0}, {"DCGM_FI_DEV_ENC_UTIL", 0.0, 0.0},
        {"DCGM_FI_DEV_DEC_UTIL", 0.0, 0.0}, {"DCGM_FI_DEV_XID_ERRORS", 0.0, 0.0}, {"DCGM_FI_DEV_FB_FREE", 14831.0, 14955.0},
        {"DCGM_FI_DEV_FB_USED", 128.0, 5.0}, {"DCGM_FI_DEV_NVLINK_BANDWIDTH_TOTAL", 0.0, 0.0},
        {"DCGM_FI_PROF_GR_ENGINE_ACTIVE", 0.000039, 0.0}, {"DCGM_FI_PROF_PIPE_TENSOR_ACTIVE", 0.0, 0.0},
        {"DCGM_FI_PROF_DRAM_ACTIVE", 0.000002, 0.000001}, {"DCGM_FI_PROF_PCIE_TX_BYTES", 79221.0, 10888.0},
        {"DCGM_FI_PROF_PCIE_RX_BYTES", 420785.0, 10888.0}};

    private HttpServer server;
    private ExecutorService handlers;
    private final Map<String, Map<String, String>> requestHeaders = new ConcurrentHashMap<>();
    private volatile String garbage = "this is not { a page\n";
    // While set, /slow holds its answer until the latch opens.
    private volatile CountDownLatch slowHeld;
    private final OpenMetricsCollector collector = new OpenMetricsCollector();

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        handlers = Executors.newCachedThreadPool();
        server.setExecutor(handlers);
        page("/dcgm", TEXT_TYPE, () -> Fixtures.text(Fixtures.DCGM));
        page("/golang-om", OPENMETRICS_TYPE, () -> Fixtures.text(Fixtures.GOLANG_EXEMPLARS));
        page("/golang-as-text", TEXT_TYPE, () -> Fixtures.text(Fixtures.GOLANG_EXEMPLARS));
        page("/garbage", TEXT_TYPE, () -> garbage);
        page("/mig", TEXT_TYPE, () -> Fixtures.text("dcgm-exporter-a100-mig.prom"));
        server.createContext("/slow", exchange -> {
            CountDownLatch hold = slowHeld;
            try {
                // A minute at most: a scrape that waits for the page gets it, late, instead of hanging the test.
                if (hold != null) {
                    hold.await(1, TimeUnit.MINUTES);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] bytes = "late 1\n".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", TEXT_TYPE);
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.createContext("/missing", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        collector.close();
        server.stop(0);
        handlers.shutdownNow();
    }

    @Test
    void probesAbsentWithoutEndpoints() {
        Probe probe = new OpenMetricsCollector().probe(new TestContext("openmetrics"));

        assertThat(probe.isPresent()).isFalse();
        assertThat(probe.reason()).hasValue("no endpoints configured; set openmetrics.endpoints, e.g."
                + " {dcgm: \"http://127.0.0.1:9400/metrics\"}");
        assertThat(new OpenMetricsCollector().id()).isEqualTo("openmetrics");
        assertThat(new OpenMetricsCollector().configKeys()).containsExactlyInAnyOrder("endpoints", "filters", "headers");
    }

    @Test
    void writesEveryDcgmSeriesUnderItsIdxWithItsLabelsInMetadata() {
        Probe probe = collector.probe(context(Map.of("dcgm", url("/dcgm"))));
        RecordingWriter out = new RecordingWriter();
        collector.sample(out);

        assertThat(probe.isPresent()).isTrue();
        Map<String, Double> expected = new LinkedHashMap<>();
        for (Object[] metric : DCGM_VALUES) {
            expected.put("openmetrics.dcgm." + metric[0] + ".0", (Double) metric[1]);
            expected.put("openmetrics.dcgm." + metric[0] + ".1", (Double) metric[2]);
        }
        assertThat(series(out)).containsExactlyInAnyOrderEntriesOf(expected);
        assertThat(probe.metadata().get("endpoints")).isEqualTo(Map.of("dcgm", url("/dcgm")));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, String>> series = (Map<String, Map<String, String>>) probe.metadata().get("series");
        assertThat(series).hasSize(38);
        assertThat(series.get("dcgm.DCGM_FI_DEV_POWER_USAGE.0")).containsEntry("gpu", "0")
                .containsEntry("UUID", "GPU-7a2e92f2-be71-d37e-a744-541600ffc722")
                .containsEntry("pod", "runai-reservation-gpu-qa-mig-worker-gpu-1-kvltw").hasSize(9);
        assertThat(series.get("dcgm.DCGM_FI_DEV_POWER_USAGE.1")).containsEntry("gpu", "1").containsEntry("pod", "");
        // Every value carries its series' labels to the exporters, as metadata.json has them.
        assertThat(out.writes().stream().filter(write -> write.metric().keyTemplate()
                        .equals(OpenMetricsCollector.SERIES.keyTemplate())).toList())
                .hasSize(38).allSatisfy(write -> assertThat(write.seriesLabels())
                        .isEqualTo(series.get(write.key().substring("openmetrics.".length()))));
        // The page types three families counter (two GPUs each): they keep that type for exporters.
        assertThat(out.writes().stream().filter(write -> write.metric() == OpenMetricsCollector.COUNTER_SERIES)
                .map(write -> write.key().replaceFirst("\\.\\d+$", "")).distinct().toList())
                .containsExactlyInAnyOrder("openmetrics.dcgm.DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION",
                        "openmetrics.dcgm.DCGM_FI_DEV_PCIE_REPLAY_COUNTER", "openmetrics.dcgm.DCGM_FI_DEV_NVLINK_BANDWIDTH_TOTAL");
    }

    @Test
    void eachMigInstanceIsASeriesOfItsOwnAndAPodFilterKeepsOnlyItsInstance() {
        collector.probe(context(Map.of("dcgm", url("/mig"))));
        RecordingWriter all = new RecordingWriter();
        collector.sample(all);
        OpenMetricsCollector filtered = new OpenMetricsCollector();
        filtered.probe(context(Map.of("dcgm", url("/mig")))
                .set("filters", Map.of(".*DCGM_FI_DEV_FB_USED", Map.of("pod", "^train-"))));
        RecordingWriter train = new RecordingWriter();
        filtered.sample(train);
        filtered.close();

        assertThat(series(all)).containsEntry("openmetrics.dcgm.DCGM_FI_DEV_FB_USED.0", 21845.0)
                .containsEntry("openmetrics.dcgm.DCGM_FI_DEV_FB_USED.1", 13.0)
                .containsEntry("openmetrics.dcgm.DCGM_FI_DEV_FB_USED.2", 4020.0)
                .containsEntry("openmetrics.dcgm.DCGM_FI_DEV_FB_USED.3", 0.0)
                .containsEntry("openmetrics.dcgm.DCGM_FI_PROF_GR_ENGINE_ACTIVE.0", 0.871234)
                .containsEntry("openmetrics.dcgm.DCGM_FI_DEV_GPU_TEMP.1", 39.0).hasSize(8);
        assertThat(series(train)).containsOnly(org.assertj.core.api.Assertions.entry(
                "openmetrics.dcgm.DCGM_FI_DEV_FB_USED.0", 21845.0));
    }

    @Test
    void sendsTheHeadersAndPrometheusAcceptOnEveryRequest() {
        collector.probe(context(Map.of("dcgm", url("/dcgm"))).set("headers",
                Map.of("Authorization", "Bearer s3cret-token", "X-Scope-OrgID", "team-a")));
        requestHeaders.clear();
        collector.sample(new RecordingWriter());

        Map<String, String> headers = requestHeaders.get("/dcgm");
        assertThat(headers).containsEntry("Authorization", "Bearer s3cret-token").containsEntry("X-scope-orgid", "team-a")
                .containsEntry("Accept", "application/openmetrics-text;version=1.0.0,application/openmetrics-text;"
                        + "version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1");
    }

    @Test
    void readsTheDialectTheContentTypeNames() {
        collector.probe(context(Map.of("om", url("/golang-om"), "text", url("/golang-as-text"))));
        RecordingWriter out = new RecordingWriter();
        collector.sample(out);

        // The same OpenMetrics page served as text/plain has exemplars, which Prometheus text has not: an error.
        assertThat(series(out)).containsOnlyKeys("openmetrics.om.go_build_info.0",
                "openmetrics.om.promhttp_metric_handler_errors_total.0",
                "openmetrics.om.promhttp_metric_handler_errors_total.1", "openmetrics.om.rpc_requests_total.0",
                "openmetrics.om.rpc_requests_total.1", "openmetrics.om.rpc_requests_total.2");
        assertThat(series(out)).containsEntry("openmetrics.om.rpc_requests_total.0", 22.0);
    }

    @Test
    void deadSlowAndGarbageEndpointsCostOnlyTheirOwnKeys() {
        Map<String, String> endpoints = new LinkedHashMap<>();
        endpoints.put("slow", url("/slow"));
        endpoints.put("dead", "http://127.0.0.1:" + freePort() + "/metrics");
        endpoints.put("garbage", url("/garbage"));
        endpoints.put("missing", url("/missing"));
        endpoints.put("dcgm", url("/dcgm"));
        // The longest timeout, 5 s, for the pages that do answer, on a busy machine too.
        collector.probe(context(endpoints).interval(Duration.ofSeconds(10)));

        slowHeld = new CountDownLatch(1);
        try {
            for (int tick = 0; tick < 2; tick++) {
                RecordingWriter out = new RecordingWriter();
                // /slow answers only once released, after the ticks: a tick ends before that only by giving up on it.
                collector.sample(out);

                assertThat(series(out)).hasSize(38).allSatisfy((key, value) -> assertThat(key).startsWith("openmetrics.dcgm."));
            }
        } finally {
            slowHeld.countDown();
            slowHeld = null;
        }
        garbage = "# TYPE fixed gauge\nfixed 1\n";
        RecordingWriter failing = new RecordingWriter();
        slowHeld = new CountDownLatch(1);
        try {
            collector.sample(failing);
        } finally {
            slowHeld.countDown();
            slowHeld = null;
        }
        assertThat(up(failing)).containsExactlyInAnyOrderEntriesOf(Map.of("openmetrics.slow.up", 0.0,
                "openmetrics.dead.up", 0.0, "openmetrics.garbage.up", 1.0, "openmetrics.missing.up", 0.0,
                "openmetrics.dcgm.up", 1.0));
        assertThat(failing.partialFailures()).as("one per failing endpoint").isEqualTo(3);
        RecordingWriter recovered = new RecordingWriter();
        collector.sample(recovered);
        assertThat(series(recovered)).containsEntry("openmetrics.garbage.fixed.0", 1.0)
                .containsEntry("openmetrics.slow.late.0", 1.0).hasSize(40);
        // Still failing: dead and missing.
        assertThat(up(recovered)).containsEntry("openmetrics.slow.up", 1.0).containsEntry("openmetrics.dead.up", 0.0);
        assertThat(recovered.partialFailures()).isEqualTo(2);
    }

    @Test
    void wandbFilterExamplesBehaveAsDocumented() {
        collector.probe(context(Map.of("dcgm", url("/dcgm"))).set("filters", List.of(".*DCGM_FI_DEV_POWER_USAGE")));
        RecordingWriter listForm = new RecordingWriter();
        collector.sample(listForm);
        assertThat(series(listForm)).containsOnly(Map.entry("openmetrics.dcgm.DCGM_FI_DEV_POWER_USAGE.0", 28.722),
                Map.entry("openmetrics.dcgm.DCGM_FI_DEV_POWER_USAGE.1", 17.035));

        OpenMetricsCollector wandbPods = new OpenMetricsCollector();
        wandbPods.probe(context(Map.of("dcgm", url("/dcgm")))
                .set("filters", Map.of(".*DCGM_FI_DEV_POWER_USAGE", Map.of("pod", "^wandb-.*"))));
        RecordingWriter none = new RecordingWriter();
        wandbPods.sample(none);
        wandbPods.close();
        assertThat(series(none)).as("no pod on this node is a wandb- pod").isEmpty();

        OpenMetricsCollector runaiPods = new OpenMetricsCollector();
        runaiPods.probe(context(Map.of("dcgm", url("/dcgm")))
                .set("filters", Map.of(".*DCGM_FI_DEV_POWER_USAGE", Map.of("pod", "^runai-.*"))));
        RecordingWriter gpu0 = new RecordingWriter();
        runaiPods.sample(gpu0);
        runaiPods.close();
        assertThat(series(gpu0)).containsOnly(Map.entry("openmetrics.dcgm.DCGM_FI_DEV_POWER_USAGE.0", 28.722));
    }

    @Test
    void probesPresentWhenTheEndpointIsDownAndNumbersSeriesWhenItComesUp() {
        Probe probe = collector.probe(context(Map.of("late", url("/garbage"))));
        assertThat(probe.isPresent()).isTrue();
        assertThat((Map<?, ?>) probe.metadata().get("series")).isEmpty();

        garbage = "up{job=\"a\"} 1\n";
        collector.sample(new RecordingWriter());

        assertThat((Map<?, ?>) probe.metadata().get("series")).as("the live map in the metadata")
                .isEqualTo(Map.of("late.up.0", Map.of("job", "a")));
    }

    @Test
    void rejectsEndpointNamesAndUrlsThatCannotWork() {
        assertConfigError(Map.of("dc.gm", url("/dcgm")), "openmetrics.endpoints", "'dc.gm'");
        assertConfigError(Map.of("dc gm", url("/dcgm")), "openmetrics.endpoints", "'dc gm'");
        assertConfigError(Map.of("dcgm", "ftp://127.0.0.1/metrics"), "openmetrics.endpoints.dcgm", "http://");
        assertConfigError(Map.of("dcgm", "http://exa mple/"), "openmetrics.endpoints.dcgm", "not a URL");
        assertConfigError(Map.of("dcgm", "http://user:pw@127.0.0.1/"), "openmetrics.endpoints.dcgm", "openmetrics.headers");
        assertThatThrownBy(() -> new OpenMetricsCollector().probe(context(Map.of("d", url("/dcgm")))
                .set("filters", List.of("(unclosed")))).isInstanceOf(ConfigException.class)
                .extracting(e -> ((ConfigException) e).key()).isEqualTo("openmetrics.filters");
        assertThatThrownBy(() -> new OpenMetricsCollector().probe(context(Map.of("d", url("/dcgm")))
                .set("headers", Map.of("Host", "secret-value")))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'Host'").hasMessageNotContaining("secret-value");
    }

    private void assertConfigError(Map<String, String> endpoints, String key, String message) {
        assertThatThrownBy(() -> new OpenMetricsCollector().probe(context(endpoints)))
                .isInstanceOf(ConfigException.class).hasMessageContaining(message)
                .extracting(e -> ((ConfigException) e).key()).isEqualTo(key);
    }

    private TestContext context(Map<String, String> endpoints) {
        return new TestContext("openmetrics").set("endpoints", endpoints).interval(Duration.ofSeconds(1));
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private void page(String path, String contentType, java.util.function.Supplier<String> body) {
        server.createContext(path, exchange -> {
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, String.join(",", values)));
            requestHeaders.put(path, headers);
            byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static boolean isHealth(String key) {
        return key.endsWith(".up") && key.chars().filter(c -> c == '.').count() == 2;
    }

    /** @return the scraped series of a tick, without the endpoints' health */
    private static Map<String, Double> series(RecordingWriter out) {
        Map<String, Double> series = new java.util.TreeMap<>(out.values());
        series.keySet().removeIf(OpenMetricsCollectorTest::isHealth);
        return series;
    }

    /** @return the endpoints' health of a tick */
    private static Map<String, Double> up(RecordingWriter out) {
        Map<String, Double> up = new java.util.TreeMap<>(out.values());
        up.keySet().removeIf(key -> !isHealth(key));
        return up;
    }
}
