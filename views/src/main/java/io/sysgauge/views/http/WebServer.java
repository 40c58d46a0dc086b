package io.sysgauge.views.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP server of {@code serve} and {@code run --listen}, on the address of {@code serve.listen}:
 * the JDK's server under the limits of {@link ConnectionLimits}, with the scraped exporters' paths
 * ({@code /metrics} of the Prometheus exporter) and the live page on every other path.
 */
public final class WebServer implements AutoCloseable {

    static {
        ConnectionLimits.applyToJdkServer();
    }

    private final HttpServer server;
    private final ExecutorService threads;

    private WebServer(HttpServer server, ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    /**
     * @param listen {@code host:port}; port 0 takes a free one
     * @param routes the exporters' handlers by path, such as {@code /metrics}
     * @param dashboard every other path (the live page and its API); null for none
     * @return the running server
     * @throws IOException when the address cannot be bound (in use, not this machine's)
     * @throws IllegalArgumentException when listen is not host:port
     */
    public static WebServer start(String listen, Map<String, HttpHandler> routes, HttpHandler dashboard)
            throws IOException {
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
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), ConnectionLimits.BACKLOG);
        // A thread is made only when none is idle: one scraper is served by one thread, not by a new
        // one per request until THREADS exist (a pool with core threads makes one per task, 64 stacks).
        ThreadPoolExecutor threads = new ThreadPoolExecutor(0, ConnectionLimits.THREADS, 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), daemonThreads(), WebServer::awaitAFreeThread);
        server.setExecutor(threads);
        routes.forEach(server::createContext);
        server.createContext("/", dashboard == null ? WebServer::notFound
                : sameHostOnly(host, listen.substring(0, colon), dashboard));
        server.start();
        return new WebServer(server, threads);
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

    /**
     * Past THREADS exchanges at once, which the connection limit allows only for the moment a thread
     * takes to go back to waiting, the server's dispatcher waits for that thread.
     */
    private static void awaitAFreeThread(Runnable exchange, ThreadPoolExecutor threads) {
        if (threads.isShutdown()) {
            throw new RejectedExecutionException("the server is stopping");
        }
        try {
            threads.getQueue().put(exchange);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RejectedExecutionException("interrupted while waiting for a free thread", e);
        }
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
