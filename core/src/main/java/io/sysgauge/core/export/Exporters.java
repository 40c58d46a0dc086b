package io.sysgauge.core.export;

import io.sysgauge.core.config.Config;
import io.sysgauge.core.plugin.ContextClassLoader;
import io.sysgauge.core.plugin.InstalledPlugin;
import io.sysgauge.core.plugin.LoadedPlugins;
import io.sysgauge.spi.ExportContext;
import io.sysgauge.spi.MetricExporter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** Finds the installed plugins' exporters and starts them for one run. */
public final class Exporters {

    /** The configuration section that holds each exporter's own: {@code exporters.<id>.<key>}. */
    public static final String SECTION = "exporters";

    private Exporters() {}

    /**
     * @param exporterId an exporter's id
     * @return the name of its configuration section, such as {@code exporters.csv}
     */
    public static String section(String exporterId) {
        return SECTION + "." + exporterId;
    }

    /**
     * Starts every exporter of the loaded plugins that {@code plugins.disabled} does not name.
     *
     * @param plugins the loaded plugins
     * @param config the resolved configuration
     * @param runMetadata the run's description for the exporters
     * @return the host that hands records to them; with no exporter, one that does nothing
     */
    public static ExporterHost start(LoadedPlugins plugins, Config config, Map<String, Object> runMetadata) {
        List<MetricExporter> exporters = new ArrayList<>();
        Map<MetricExporter, ClassLoader> loaders = new IdentityHashMap<>();
        for (InstalledPlugin plugin : plugins.plugins()) {
            if (config.settings().pluginsDisabled().contains(plugin.id())) {
                continue;
            }
            for (MetricExporter exporter : plugin.exporters()) {
                exporters.add(exporter);
                loaders.put(exporter, plugin.classLoader());
            }
        }
        Duration interval = config.settings().interval();
        return new ExporterHost(exporters, exporter -> ExportContext.of(
                config.section(section(ContextClassLoader.call(loaders.get(exporter), exporter::id))), runMetadata, interval),
                loaders::get, ExporterHost.QUEUE_CAPACITY);
    }
}
