package io.sysgauge.exporter.prometheus;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One scrape in the best text format the client accepts. The protobuf format is not shipped
 * (2 MB of shaded protobuf), so a client preferring it (Prometheus with native histograms)
 * gets OpenMetrics or the 0.0.4 text, which it accepts too. The body is made whole before
 * the status is sent, so a failure is a 500 with one log line, never a 200 with nothing.
 */
final class ScrapeHandler implements HttpHandler {

    private static final Logger logger = LoggerFactory.getLogger(ScrapeHandler.class);

    private final PrometheusRegistry registry;
    private final Supplier<Object> generation;
    private final ExpositionFormats formats = ExpositionFormats.init();
    private final GzipEncoder gzipEncoder = new GzipEncoder();
    /** Whether the last scrape failed, so that a failure that repeats is logged once. */
    private final AtomicBoolean failing = new AtomicBoolean();
    // The pages of the newest record, one per format and encoding, rendered by the first scraper
    // that asks: every other scraper of that record gets the same bytes, gzipped once.
    private final AtomicReference<Rendered> rendered = new AtomicReference<>(new Rendered(new Object()));

    /** The pages of one generation of the values. */
    private record Rendered(Object generation, Map<String, byte[]> pages) {
        Rendered(Object generation) {
            this(generation, new ConcurrentHashMap<>());
        }
    }

    /**
     * @param registry what a scrape renders
     * @param generation changes whenever the values do (a new record); pages are rendered once per generation
     */
    ScrapeHandler(PrometheusRegistry registry, Supplier<Object> generation) {
        this.registry = registry;
        this.generation = generation;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            ExpositionFormatWriter writer = writerFor(exchange.getRequestHeaders().getFirst("Accept"));
            byte[] body;
            try {
                body = render(writer, gzipAccepted(exchange));
            } catch (IOException | RuntimeException e) {
                if (failing.compareAndSet(false, true)) {
                    logger.warn("/metrics failed ({}); logged once until a scrape succeeds", describe(e));
                }
                byte[] message = "sysgauge could not render the metrics; see its log\n".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(500, message.length);
                exchange.getResponseBody().write(message);
                return;
            }
            failing.set(false);
            exchange.getResponseHeaders().set("Content-Type", writer.getContentType());
            if (gzipAccepted(exchange)) {
                exchange.getResponseHeaders().set("Content-Encoding", "gzip");
            }
            if (method.equals("HEAD")) {
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        } catch (IOException e) {
            // the scraper went away mid-answer: its own business, and no concern of the next one
            logger.debug("/metrics answer not delivered: {}", e.toString());
        }
    }

    ExpositionFormatWriter writerFor(String accept) {
        ExpositionFormatWriter preferred = formats.findWriter(accept);
        if (preferred.isAvailable()) {
            return preferred;
        }
        OpenMetricsTextFormatWriter openMetrics = formats.getOpenMetricsTextFormatWriter();
        return openMetrics.accepts(accept) ? openMetrics : formats.getPrometheusTextFormatWriter();
    }

    private byte[] render(ExpositionFormatWriter writer, boolean gzip) throws IOException {
        Object now = generation.get();
        Rendered current = rendered.get();
        if (current.generation() != now) {
            Rendered fresh = new Rendered(now);
            current = rendered.compareAndSet(current, fresh) ? fresh : rendered.get();
        }
        try {
            return current.pages().computeIfAbsent(writer.getContentType() + (gzip ? ";gzip" : ""), page -> {
                try {
                    return renderNow(writer, gzip);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private byte[] renderNow(ExpositionFormatWriter writer, boolean gzip) throws IOException {
        MetricSnapshots snapshots = registry.scrape();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 * 1024);
        writer.write(bytes, snapshots);
        return gzip ? gzipEncoder.encode(bytes.toByteArray()) : bytes.toByteArray();
    }

    private static boolean gzipAccepted(HttpExchange exchange) {
        String encodings = exchange.getRequestHeaders().getFirst("Accept-Encoding");
        return encodings != null && encodings.toLowerCase(Locale.ROOT).contains("gzip");
    }

    private static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
