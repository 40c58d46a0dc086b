package io.sysgauge.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.sysgauge.distribution.Distribution.Launched;
import io.sysgauge.distribution.Distribution.Result;
import io.sysgauge.testkit.Waiting;
import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sysgauge run} with the OTLP exporter jar of the distribution pushing to a loopback
 * receiver that decodes each request with the official OTLP classes, as an OpenTelemetry
 * Collector would.
 */
class OtlpExporterIT {

    @TempDir
    Path work;

    private Receiver receiver;

    @AfterEach
    void stopReceiver() {
        if (receiver != null) {
            receiver.server.stop(0);
        }
    }

    @Test
    void aRunDeliversItsMetricsWithRunHostAndRankAttributes() throws Exception {
        receiver = Receiver.listen(0);

        // As torchrun starts a rank: RANK and WORLD_SIZE in the environment the command inherits, no flag.
        Result run = Distribution.run(work, Map.of("RANK", "3", "WORLD_SIZE", "8"), "run", "--interval", "200ms",
                "--label", "job=demo", "--set", "otlp.endpoint=" + receiver.url(), "--", "sleep", "2");

        assertThat(run.exitCode()).as(run.err()).isZero();
        Path folder = Distribution.onlyRun(work.resolve("sysgauge-runs"));
        List<JsonNode> records = Distribution.records(folder);
        JsonNode metadata = Distribution.STRICT_JSON.readTree(folder.resolve("metadata.json").toFile());
        assertThat(metadata.get("labels").properties()).extracting(Map.Entry::getKey)
                .containsExactly("rank", "world_size", "job");
        assertThat(metadata.at("/labels/rank").asText()).isEqualTo("3");

        List<ExportMetricsServiceRequest> requests = receiver.accepted();
        assertThat(requests).isNotEmpty();
        Map<String, String> resource = attributes(requests.get(0).getResourceMetrics(0).getResource().getAttributesList());
        assertThat(resource).containsEntry("service.name", "sysgauge").containsEntry("job", "demo")
                .containsEntry("rank", "3").containsEntry("world_size", "8")
                .containsEntry("host.name", metadata.get("host").asText())
                .containsEntry("sysgauge.run.id", folder.getFileName().toString())
                .containsEntry("process.command", "sleep").containsEntry("process.pid", metadata.get("pid").asText());

        // Every record reached the receiver (the last one pushed when the run ended), with the events file's values.
        Map<Long, Double> memory = receiver.values("sysgauge.memory_percent");
        assertThat(memory).hasSameSizeAs(records);
        for (JsonNode record : records) {
            long nanos = Math.round(record.get("_timestamp").asDouble() * 1e9);
            assertThat(memory).containsEntry(nanos, record.get("system.memory_percent").asDouble());
        }
        Metric sent = receiver.metric("sysgauge.network.sent");
        assertThat(sent.getUnit()).isEqualTo("By");
        assertThat(sent.getSum().getIsMonotonic()).isTrue();
        assertThat(receiver.metric("sysgauge.memory_percent").getUnit()).isEqualTo("%");
        assertThat(receiver.metric("sysgauge.memory_percent").hasGauge()).isTrue();
        JsonNode last = records.get(records.size() - 1);
        assertThat(last.path("system.sysgauge.exporter.otlp.up").asDouble()).isEqualTo(1.0);
        assertThat(last.path("system.sysgauge.exporter.otlp.dropped").asDouble()).isZero();
    }

    @Test
    void withoutAnEndpointTheExporterStaysOutOfTheRun() throws Exception {
        Result run = Distribution.run(work, "run", "--interval", "200ms", "--", "sleep", "1");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).doesNotContain("otlp");
        assertThat(Distribution.records(Distribution.onlyRun(work.resolve("sysgauge-runs"))))
                .allSatisfy(record -> assertThat(record.has("system.sysgauge.exporter.otlp.up")).isFalse());
    }

    @Test
    void pluginsSaysWhetherTheExporterWouldStart() throws Exception {
        Result idle = Distribution.run(work, "plugins");
        Result configured = Distribution.run(work, "plugins", "--set", "otlp.endpoint=http://127.0.0.1:4318");

        assertThat(idle.exitCode()).as(idle.err()).isZero();
        assertThat(idle.out().lines()).anyMatch(line -> line.matches(
                "otlp\\s+0\\.1\\.0\\s+exporter\\s+not started: nothing configured; section otlp"));
        assertThat(configured.exitCode()).as(configured.err()).isZero();
        assertThat(configured.out().lines()).anyMatch(line -> line.matches(
                "otlp\\s+0\\.1\\.0\\s+exporter\\s+starts with run and serve; section otlp"));
    }

    /**
     * The receiver goes away (connections refused) for a stretch mid-run: every tick is still in
     * events.jsonl; the exporter keeps 10 records, drops the oldest beyond them, says so once, counts them
     * in its health, and sends the rest once the receiver is back.
     */
    @Test
    void aReceiverDownMidRunLosesNoEventAndTheDropsAreCounted() throws Exception {
        receiver = Receiver.listen(0);
        int port = receiver.port();
        Path stop = work.resolve("stop");
        Launched launched = Distribution.start(work, Map.of(), "run", "--interval", "200ms",
                "--set", "otlp.endpoint=" + receiver.url(), "--set", "otlp.buffer=10",
                "--", "sh", "-c", "while [ ! -e " + stop + " ]; do sleep 0.1; done");
        Path events = Distribution.awaitRun(work.resolve("sysgauge-runs")).resolve("events.jsonl");

        Waiting.until(() -> receiver.accepted().size() >= 2, "two pushes accepted");
        Receiver before = receiver;
        before.stop(); // refused from now on
        long linesAtStop = Distribution.lineCount(events);
        Waiting.until(() -> Distribution.lineCount(events) >= linesAtStop + 30, "30 records while the receiver is down");
        receiver = Receiver.listen(port);
        Waiting.until(() -> !receiver.accepted().isEmpty(), "a push accepted after the receiver came back");
        // A few more ticks, so the last record's health counts the drop of the tick that came just before recovery.
        long linesAtRecovery = Distribution.lineCount(events);
        Waiting.until(() -> Distribution.lineCount(events) >= linesAtRecovery + 3, "3 records after recovery");
        Files.createFile(stop);
        Result run = launched.await();

        assertThat(run.exitCode()).as(run.err()).isZero();
        Path folder = events.getParent();
        List<JsonNode> records = Distribution.records(folder);
        JsonNode metadata = Distribution.STRICT_JSON.readTree(folder.resolve("metadata.json").toFile());
        assertThat(records).hasSize(metadata.get("records").asInt());
        assertThat(metadata.has("recordsLost")).isFalse();
        for (int i = 1; i < records.size(); i++) {
            assertThat(records.get(i).get("_runtime").asDouble()).isGreaterThan(records.get(i - 1).get("_runtime").asDouble());
        }
        // What arrived and what was dropped make up every record; at least the 30 of the outage less the 10 kept went.
        // A buffer of 10 (2 s of records) so that a request slowed by a busy machine does not overflow it before the outage.
        Set<Long> delivered = ConcurrentHashMap.newKeySet();
        for (List<ExportMetricsServiceRequest> requests : List.of(before.accepted(), receiver.accepted())) {
            delivered.addAll(Receiver.values(requests, "sysgauge.memory_percent").keySet());
        }
        double dropped = last(records).path("system.sysgauge.exporter.otlp.dropped").asDouble();
        assertThat(dropped).isGreaterThanOrEqualTo(20);
        assertThat(delivered.size() + (long) dropped).isEqualTo(records.size());
        // Down, once a streak: in the health values and in one line each for the outage, the drops and the recovery.
        assertThat(records).anySatisfy(record -> assertThat(record.path("system.sysgauge.exporter.otlp.up").asDouble()).isZero());
        assertThat(last(records).path("system.sysgauge.exporter.otlp.up").asDouble()).isEqualTo(1.0);
        assertThat(run.err().lines().filter(line -> line.contains("exporter otlp failed to export a record: IOException: "
                + "http://127.0.0.1:" + port + "/v1/metrics does not take records (ConnectException"))).hasSize(1);
        assertThat(run.err().lines().filter(line -> line.contains("dropping the oldest"))).hasSize(1);
        assertThat(run.err().lines().filter(line -> line.contains("exporter otlp exports again"))).hasSize(1);
    }

    private static JsonNode last(List<JsonNode> records) {
        return records.get(records.size() - 1);
    }

    private static Map<String, String> attributes(List<KeyValue> keyValues) {
        Map<String, String> attributes = new HashMap<>();
        for (KeyValue keyValue : keyValues) {
            attributes.put(keyValue.getKey(), keyValue.getValue().hasIntValue()
                    ? Long.toString(keyValue.getValue().getIntValue()) : keyValue.getValue().getStringValue());
        }
        return attributes;
    }

    /** A loopback OTLP/HTTP receiver: every request decoded and answered 200. */
    private static final class Receiver {
        private final HttpServer server;
        private final List<ExportMetricsServiceRequest> accepted = new CopyOnWriteArrayList<>();

        private Receiver(HttpServer server) {
            this.server = server;
        }

        // The same port again after a stop: the socket may linger a moment, so binding is retried.
        static Receiver listen(int port) throws Exception {
            HttpServer[] bound = new HttpServer[1];
            Waiting.until(() -> {
                try {
                    bound[0] = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
                    return true;
                } catch (BindException e) {
                    return false;
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, "port " + port + " bound");
            Receiver receiver = new Receiver(bound[0]);
            bound[0].createContext("/v1/metrics", receiver::handle);
            bound[0].start();
            return receiver;
        }

        int port() {
            return server.getAddress().getPort();
        }

        String url() {
            return "http://127.0.0.1:" + port();
        }

        List<ExportMetricsServiceRequest> accepted() {
            return List.copyOf(accepted);
        }

        // Lets a request being answered finish (up to 5 s), so none counts here that the exporter saw fail.
        void stop() {
            server.stop(5);
        }

        Metric metric(String name) {
            return metrics(accepted()).stream().filter(metric -> metric.getName().equals(name)).findFirst().orElseThrow();
        }

        Map<Long, Double> values(String name) {
            return values(accepted(), name);
        }

        /** @return the metric's values by their time, in nanoseconds */
        static Map<Long, Double> values(List<ExportMetricsServiceRequest> requests, String name) {
            Map<Long, Double> values = new HashMap<>();
            for (Metric metric : metrics(requests)) {
                if (metric.getName().equals(name)) {
                    List<NumberDataPoint> points = metric.hasSum() ? metric.getSum().getDataPointsList()
                            : metric.getGauge().getDataPointsList();
                    points.forEach(point -> values.put(point.getTimeUnixNano(), point.getAsDouble()));
                }
            }
            return values;
        }

        private static List<Metric> metrics(List<ExportMetricsServiceRequest> requests) {
            return requests.stream().flatMap(request -> request.getResourceMetricsList().stream())
                    .flatMap(resource -> resource.getScopeMetricsList().stream())
                    .flatMap(scope -> scope.getMetricsList().stream()).toList();
        }

        private void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                InputStream body = exchange.getRequestBody();
                if ("gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                    body = new GZIPInputStream(body);
                }
                ExportMetricsServiceRequest request = ExportMetricsServiceRequest.parseFrom(body);
                exchange.sendResponseHeaders(200, -1);
                accepted.add(request); // only once answered: a request cut off by stop() is sent again, not counted here
            }
        }
    }
}
