package io.sysgauge.exporter.prometheus;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /metrics} and the live page over HTTP, on the address of {@code serve.listen}: the JDK's
 * server under the limits of {@link ConnectionLimits}, with client_java's text formats.
 */
public final class MetricsServer implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(MetricsServer.class);

    static {
        ConnectionLimits.applyToJdkServer();
    }

    private final HttpServer server;
    private final ExecutorService threads;

    private MetricsServer(HttpServer server, ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    /**
     * @param listen {@code host:port}; port 0 takes a free one
     * @param values what each scrape shows
     * @param dashboard every other path (the live page and its API); null for none
     * @return the running server
     * @throws IOException when the address cannot be bound (in use, not this machine's)
     * @throws IllegalArgumentException when listen is not host:port
     */
    public static MetricsServer start(String listen, LatestValues values, HttpHandler dashboard) throws IOException {
        int colon = listen.lastIndexOf(':');
        int port;
        try {
            port = Integer.parseInt(listen.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected host:port such as 127.0.0.1:9464, got '" + listen + "'");
        }
        if (colon <= 0 || port < 0 || port > 65_535) {
            throw new IllegalArgumentException("expected host:port such as 127.0.0.1:9464, got '" + listen + "'");
        }
        InetAddress host;
        try {
            host = InetAddress.getByName(listen.substring(0, colon).replace("[", "").replace("]", ""));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown host in '" + listen + "'");
        }
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(values);
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), ConnectionLimits.BACKLOG);
        ThreadPoolExecutor threads = new ThreadPoolExecutor(ConnectionLimits.THREADS, ConnectionLimits.THREADS,
                60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), daemonThreads());
        threads.allowCoreThreadTimeOut(true);
        server.setExecutor(threads);
        server.createContext("/metrics", new ScrapeHandler(registry, values::generation));
        server.createContext("/", dashboard == null ? MetricsServer::notFound
                : sameHostOnly(host, listen.substring(0, colon), dashboard));
        server.start();
        return new MetricsServer(server, threads);
    }

    /** @return the port bound, which tells the real one when 0 was asked for */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "sysgauge-http-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static void notFound(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.sendResponseHeaders(404, -1);
        }
    }

    /**
     * One scrape in the best text format the client accepts. The protobuf format is not shipped
     * (2 MB of shaded protobuf), so a client preferring it (Prometheus with native histograms)
     * gets OpenMetrics or the 0.0.4 text, which it accepts too. The body is made whole before
     * the status is sent, so a failure is a 500 with one log line, never a 200 with nothing.
     */
    static final class ScrapeHandler implements HttpHandler {

        private final PrometheusRegistry registry;
        private final Supplier<Object> generation;
        private final ExpositionFormats formats = ExpositionFormats.init();
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
            if (gzip) {
                try (GZIPOutputStream zipped = new GZIPOutputStream(bytes)) {
                    writer.write(zipped, snapshots);
                }
            } else {
                writer.write(bytes, snapshots);
            }
            return bytes.toByteArray();
        }

        private static boolean gzipAccepted(HttpExchange exchange) {
            String encodings = exchange.getRequestHeaders().getFirst("Accept-Encoding");
            return encodings != null && encodings.toLowerCase(Locale.ROOT).contains("gzip");
        }

        private static String describe(Throwable e) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    /**
     * The page and its API answer only requests addressed to this server by a name it was bound
     * with: a web page elsewhere cannot point a name of its own at 127.0.0.1 (DNS rebinding) and
     * read the run's metadata, command line included. Bound to every interface, it answers all.
     */
    private static HttpHandler sameHostOnly(InetAddress bound, String listenHost, HttpHandler handler) {
        if (bound.isAnyLocalAddress()) {
            return handler;
        }
        Set<String> names = new HashSet<>(List.of(listenHost.toLowerCase(Locale.ROOT),
                bound.getHostAddress(), "[" + bound.getHostAddress() + "]"));
        if (bound.isLoopbackAddress()) {
            names.addAll(List.of("localhost", "127.0.0.1", "[::1]"));
        }
        return exchange -> {
            String header = exchange.getRequestHeaders().getFirst("Host");
            String name = header == null ? "" : header.toLowerCase(Locale.ROOT)
                    .replaceFirst(":\\d+$", "");
            if (!names.contains(name)) {
                byte[] refusal = "this page answers requests to its own address only\n".getBytes(
                        StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(403, refusal.length);
                try (var body = exchange.getResponseBody()) {
                    body.write(refusal);
                }
                exchange.close();
                return;
            }
            handler.handle(exchange);
        };
    }
}
