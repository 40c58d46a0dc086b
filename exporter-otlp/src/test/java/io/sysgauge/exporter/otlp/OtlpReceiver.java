package io.sysgauge.exporter.otlp;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP/HTTP receiver on the loopback address that decodes each request with the official
 * generated classes, as an OpenTelemetry Collector would, and can answer 503 or hang.
 */
final class OtlpReceiver implements AutoCloseable {

    enum Mode { ACCEPT, UNAVAILABLE, HANG }

    /** One request as it arrived. */
    record Request(String path, Map<String, String> headers, ExportMetricsServiceRequest body, int status) {}

    /** One data point with what it belongs to, flattened for assertions. */
    record Point(Map<String, String> resource, String name, String unit, String description, Metric.DataCase kind,
            boolean monotonic, int temporality, Map<String, String> attributes, long startNanos, long timeNanos, double value) {}

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "otlp-receiver");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile Mode mode = Mode.ACCEPT;
    private volatile CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch firstHeld = new CountDownLatch(1);

    OtlpReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** @return the base URL, such as {@code http://127.0.0.1:41234} */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void mode(Mode mode) {
        this.mode = mode;
    }

    /** Lets every held request go on (answered 200). */
    void release() {
        release.countDown();
    }

    boolean awaitFirstHeld() throws InterruptedException {
        return firstHeld.await(60, TimeUnit.SECONDS);
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    /** @return every point of the accepted requests, in arrival order */
    List<Point> accepted() {
        List<Point> points = new ArrayList<>();
        for (Request request : requests) {
            if (request.status() == 200) {
                points.addAll(points(request.body()));
            }
        }
        return points;
    }

    List<Point> accepted(String name) {
        return accepted().stream().filter(point -> point.name().equals(name)).toList();
    }

    static List<Point> points(ExportMetricsServiceRequest body) {
        List<Point> points = new ArrayList<>();
        for (ResourceMetrics resourceMetrics : body.getResourceMetricsList()) {
            Map<String, String> resource = attributes(resourceMetrics.getResource().getAttributesList());
            for (ScopeMetrics scope : resourceMetrics.getScopeMetricsList()) {
                for (Metric metric : scope.getMetricsList()) {
                    boolean sum = metric.getDataCase() == Metric.DataCase.SUM;
                    List<NumberDataPoint> numbers = sum ? metric.getSum().getDataPointsList() : metric.getGauge().getDataPointsList();
                    for (NumberDataPoint point : numbers) {
                        points.add(new Point(resource, metric.getName(), metric.getUnit(), metric.getDescription(),
                                metric.getDataCase(), sum && metric.getSum().getIsMonotonic(),
                                sum ? metric.getSum().getAggregationTemporalityValue() : 0,
                                attributes(point.getAttributesList()), point.getStartTimeUnixNano(), point.getTimeUnixNano(),
                                point.getAsDouble()));
                    }
                }
            }
        }
        return points;
    }

    static Map<String, String> attributes(List<KeyValue> keyValues) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (KeyValue keyValue : keyValues) {
            AnyValue value = keyValue.getValue();
            attributes.put(keyValue.getKey(), switch (value.getValueCase()) {
                case INT_VALUE -> Long.toString(value.getIntValue());
                case ARRAY_VALUE -> value.getArrayValue().getValuesList().stream().map(AnyValue::getStringValue).toList().toString();
                default -> value.getStringValue();
            });
        }
        return attributes;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(java.util.Locale.ROOT),
                    String.join(",", values)));
            byte[] raw = exchange.getRequestBody().readAllBytes();
            InputStream body = new java.io.ByteArrayInputStream(raw);
            if ("gzip".equals(headers.get("content-encoding"))) {
                body = new GZIPInputStream(body);
            }
            ExportMetricsServiceRequest request = ExportMetricsServiceRequest.parseFrom(body);
            Mode now = mode;
            if (now == Mode.HANG) {
                firstHeld.countDown();
                try {
                    release.await(5, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            int status = now == Mode.UNAVAILABLE ? 503 : 200;
            requests.add(new Request(exchange.getRequestURI().getPath(), headers, request, status));
            byte[] answer = status == 200 ? ExportMetricsServiceResponse.getDefaultInstance().toByteArray() : new byte[0];
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                exchange.getResponseBody().write(answer);
            }
        }
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
