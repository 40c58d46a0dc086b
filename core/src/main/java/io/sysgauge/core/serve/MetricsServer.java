package io.sysgauge.core.serve;

import com.sun.net.httpserver.HttpHandler;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** {@code /metrics} over HTTP, on the address of {@code serve.listen}, by client_java's server. */
public final class MetricsServer implements AutoCloseable {

    private final HTTPServer server;

    private MetricsServer(HTTPServer server) {
        this.server = server;
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
        HTTPServer.Builder builder = HTTPServer.builder().inetAddress(host).port(port).registry(registry);
        if (dashboard != null) {
            builder.defaultHandler(sameHostOnly(host, listen.substring(0, colon), dashboard));
        }
        return new MetricsServer(builder.buildAndStart());
    }

    /** @return the port bound, which tells the real one when 0 was asked for */
    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.close();
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
