package io.sysgauge.exporter.prometheus;

import com.sun.net.httpserver.HttpHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sysgauge.spi.ExportContext;
import io.sysgauge.spi.ExportedRecord;
import io.sysgauge.spi.ScrapedExporter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Set;
import org.pf4j.Extension;

/**
 * {@code /metrics} for Prometheus: the newest record, rendered once per record in the format the
 * scraper asks for. {@code serve} and {@code run --listen} mount it; without this plugin they
 * have no {@code /metrics}.
 */
@Extension
public final class PrometheusExporter implements ScrapedExporter {

    /** The exporter's id and its configuration section, {@code prometheus}. */
    public static final String ID = "prometheus";
    /** Whether every series carries {@code host=<this machine's name>} ({@code serve --host-label}). */
    public static final String HOST_LABEL = "host_label";

    private final LatestValues values = new LatestValues();
    // Made at the first handler(), not in the constructor: every command that loads the plugins
    // creates the exporter (once and plugins only to list it), and client_java's writers cost about
    // 50 classes.
    private ScrapeHandler handler;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Set<String> configKeys() {
        return Set.of(HOST_LABEL);
    }

    @Override
    public String path() {
        return "/metrics";
    }

    @Override
    public synchronized HttpHandler handler() {
        if (handler == null) {
            handler = new ScrapeHandler(registryOf(values), values::generation);
        }
        return handler;
    }

    @Override
    public void start(ExportContext context) {
        if (context.config().bool(HOST_LABEL, false)) {
            values.labelHost(hostName(context.runMetadata()));
        }
        values.describeRun(RunInfo.of(context.runMetadata()));
    }

    @Override
    public void export(ExportedRecord record) {
        values.accept(record);
    }

    private static PrometheusRegistry registryOf(LatestValues values) {
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(values);
        return registry;
    }

    // The name metadata.json and the OTLP resource give the host; the resolver's only where the run has none.
    private static String hostName(Map<String, Object> runMetadata) {
        if (runMetadata.get("host") != null) {
            return String.valueOf(runMetadata.get("host"));
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return System.getenv().getOrDefault("HOSTNAME", "localhost");
        }
    }
}
