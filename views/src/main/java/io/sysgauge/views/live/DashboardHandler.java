package io.sysgauge.views.live;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.sysgauge.views.report.DashboardPage;
import io.sysgauge.events.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Every path of the /metrics server but /metrics: the live page at {@code /}, and the JSON it
 * polls, {@code /api/metadata} and {@code /api/series?since=<run time in seconds>}.
 */
public final class DashboardHandler implements HttpHandler {

    private final RecentRecords records;
    private final Supplier<Map<String, Object>> metadata;
    private final byte[] page;

    /**
     * @param records what {@code /api/series} serves
     * @param metadata what {@code /api/metadata} serves: host, devices, collectors
     */
    public DashboardHandler(RecentRecords records, Supplier<Map<String, Object>> metadata) {
        this.records = records;
        this.metadata = metadata;
        StringWriter html = new StringWriter();
        try {
            DashboardPage.write(html, json -> {
                json.writeStartObject();
                json.writeBooleanField("live", true);
                json.writeEndObject();
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.page = html.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
                send(exchange, 405, "text/plain", "only GET\n");
                return;
            }
            switch (exchange.getRequestURI().getPath()) {
                case "/", "/index.html" -> send(exchange, 200, "text/html; charset=utf-8", page);
                case "/api/metadata" -> send(exchange, 200, "application/json", Json.pretty(metadata.get()));
                case "/api/series" -> {
                    Double since = since(exchange.getRequestURI().getRawQuery());
                    if (since == null) {
                        send(exchange, 400, "text/plain", "since must be a number of seconds\n");
                    } else {
                        send(exchange, 200, "application/json", records.seriesJson(since));
                    }
                }
                default -> send(exchange, 404, "text/plain", "not found; try / or /metrics\n");
            }
        }
    }

    // since=<seconds>; absent means everything kept.
    private static Double since(String query) {
        if (query == null) {
            return -1.0;
        }
        for (String parameter : query.split("&")) {
            if (parameter.startsWith("since=")) {
                try {
                    double since = Double.parseDouble(parameter.substring("since=".length()));
                    return Double.isNaN(since) ? null : since;
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        return -1.0;
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        send(exchange, status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
