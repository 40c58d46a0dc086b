package io.sysgauge.core.export;

import io.sysgauge.core.config.Config;
import io.sysgauge.core.plugin.ContextClassLoader;
import io.sysgauge.core.plugin.InstalledPlugin;
import io.sysgauge.core.plugin.LoadedPlugins;
import io.sysgauge.spi.ExportContext;
import io.sysgauge.spi.MetricExporter;
import io.sysgauge.spi.ScrapedExporter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Finds the installed plugins' exporters and starts them for one run. An exporter's settings are the
 * top-level section named by its id, as a collector's are: {@code csv.file}, {@code otlp.endpoint}.
 */
public final class Exporters {

    private Exporters() {}

    /**
     * @param plugins the loaded plugins
     * @param config the resolved configuration
     * @return the exporters read over HTTP ({@code /metrics}) of the plugins that
     *     {@code plugins.disabled} does not name
     */
    public static List<ScrapedExporter> scraped(LoadedPlugins plugins, Config config) {
        List<ScrapedExporter> scraped = new ArrayList<>();
        enabled(plugins, config, (exporter, loader) -> {
            if (exporter instanceof ScrapedExporter served) {
                scraped.add(served);
            }
        });
        return scraped;
    }

    /**
     * Starts every exporter of the loaded plugins that {@code plugins.disabled} does not name;
     * those read over HTTP only when their handlers are mounted.
     *
     * @param plugins the loaded plugins
     * @param config the resolved configuration
     * @param runMetadata the run's description for the exporters
     * @param serving whether a server mounts the {@link #scraped} exporters' handlers
     * @return the host that hands records to them; with no exporter, one that does nothing
     */
    public static ExporterHost start(LoadedPlugins plugins, Config config, Map<String, Object> runMetadata,
            boolean serving) {
        List<MetricExporter> exporters = new ArrayList<>();
        Map<MetricExporter, ClassLoader> loaders = new IdentityHashMap<>();
        enabled(plugins, config, (exporter, loader) -> {
            if (serving || !(exporter instanceof ScrapedExporter)) {
                exporters.add(exporter);
                loaders.put(exporter, loader);
            }
        });
        Duration interval = config.settings().interval();
        Map<MetricExporter, ExportContext> contexts = new IdentityHashMap<>();
        for (MetricExporter exporter : exporters) {
            ClassLoader loader = loaders.get(exporter);
            contexts.put(exporter, ExportContext.of(config.section(ContextClassLoader.call(loader, exporter::id)),
                    runMetadata, interval));
        }
        // An exporter with nowhere to send this run's records (OTLP without an endpoint) stays out quietly.
        exporters.removeIf(exporter -> !ContextClassLoader.call(loaders.get(exporter),
                () -> active(exporter, contexts.get(exporter))));
        return new ExporterHost(exporters, contexts::get, loaders::get, ExporterHost.QUEUE_CAPACITY);
    }

    // One that cannot tell (a bad value in its section) is started, and start says why it cannot run, as for any.
    private static boolean active(MetricExporter exporter, ExportContext context) {
        try {
            return exporter.active(context);
        } catch (RuntimeException | LinkageError e) {
            return true;
        }
    }

    private static void enabled(LoadedPlugins plugins, Config config, BiConsumer<MetricExporter, ClassLoader> each) {
        for (InstalledPlugin plugin : plugins.plugins()) {
            if (!config.settings().pluginsDisabled().contains(plugin.id())) {
                plugin.exporters().forEach(exporter -> each.accept(exporter, plugin.classLoader()));
            }
        }
    }
}
