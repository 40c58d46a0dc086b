package io.sysgauge.cli;

import io.sysgauge.core.platform.IoErrors;
import io.sysgauge.views.live.DashboardHandler;
import io.sysgauge.exporter.prometheus.LatestValues;
import io.sysgauge.exporter.prometheus.MetricsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** The /metrics server of {@code serve} and {@code run --listen}, with its start-up errors as usage errors. */
final class Exposition implements AutoCloseable {

    private final MetricsServer server;
    private final String host;

    private Exposition(MetricsServer server, String host) {
        this.server = server;
        this.host = host;
    }

    static Exposition start(String listen, LatestValues values, DashboardHandler dashboard) {
        try {
            return new Exposition(MetricsServer.start(listen, values, dashboard), listen.substring(0, listen.lastIndexOf(':')));
        } catch (IllegalArgumentException e) {
            throw new UsageException("serve.listen: " + e.getMessage());
        } catch (IOException e) {
            throw new UsageException("cannot listen on " + listen + " (" + IoErrors.describe(e)
                    + "); choose another address with --listen or serve.listen");
        }
    }

    /** @return where Prometheus finds the values */
    String url() {
        return "http://" + host + ":" + server.port() + "/metrics";
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
