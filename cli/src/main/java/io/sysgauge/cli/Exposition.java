package io.sysgauge.cli;

import com.sun.net.httpserver.HttpHandler;
import io.sysgauge.core.platform.IoErrors;
import io.sysgauge.spi.ScrapedExporter;
import io.sysgauge.views.http.WebServer;
import io.sysgauge.views.live.DashboardHandler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The server of {@code serve} and {@code run --listen}: {@code /metrics} of the Prometheus exporter
 * plugin and the live page, with its start-up errors as usage errors.
 */
final class Exposition implements AutoCloseable {

    /** The path Prometheus scrapes; the Prometheus exporter plugin answers it. */
    static final String METRICS_PATH = "/metrics";

    private final WebServer server;
    private final String host;

    private Exposition(WebServer server, String host) {
        this.server = server;
        this.host = host;
    }

    /**
     * @param listen host:port
     * @param scraped the installed exporters read over HTTP; one must answer {@code /metrics}
     * @param pluginsDir where their jars are looked for, for the error that none is there
     * @param dashboard the live page
     * @return the running server
     * @throws UsageException when no exporter answers /metrics, two answer one path, or the address cannot be bound
     */
    static Exposition start(String listen, List<ScrapedExporter> scraped, Path pluginsDir, DashboardHandler dashboard) {
        Map<String, HttpHandler> routes = new LinkedHashMap<>();
        Map<String, String> owners = new LinkedHashMap<>();
        for (ScrapedExporter exporter : scraped) {
            String path = exporter.path();
            if (path.equals("/") || owners.containsKey(path)) {
                throw new UsageException("exporters " + (path.equals("/") ? "'" + exporter.id() + "' asks for /, the live page's path"
                        : "'" + owners.get(path) + "' and '" + exporter.id() + "' both answer " + path)
                        + "; disable one with plugins.disabled");
            }
            owners.put(path, exporter.id());
            routes.put(path, exporter.handler());
        }
        if (!routes.containsKey(METRICS_PATH)) {
            throw new UsageException("no exporter answers " + METRICS_PATH + ": the Prometheus exporter plugin is not in "
                    + pluginsDir + " (or plugins.disabled names it); copy sysgauge-exporter-prometheus-*.jar there"
                    + " from the distribution's plugins/ folder");
        }
        try {
            return new Exposition(WebServer.start(listen, routes, dashboard), listen.substring(0, listen.lastIndexOf(':')));
        } catch (IllegalArgumentException e) {
            throw new UsageException("serve.listen: " + e.getMessage());
        } catch (IOException e) {
            throw new UsageException("cannot listen on " + listen + " (" + IoErrors.describe(e)
                    + "); choose another address with --listen or serve.listen");
        }
    }

    /** @return where Prometheus finds the values */
    String url() {
        return "http://" + host + ":" + server.port() + METRICS_PATH;
    }

    /** @return the live page */
    String dashboardUrl() {
        return "http://" + host + ":" + server.port() + "/";
    }

    static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return System.getenv().getOrDefault("HOSTNAME", "localhost");
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
