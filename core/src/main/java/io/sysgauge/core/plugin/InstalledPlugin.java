package io.sysgauge.core.plugin;

import io.sysgauge.spi.MetricCollector;
import io.sysgauge.spi.MetricExporter;
import java.nio.file.Path;
import java.util.List;

/**
 * A plugin jar that loaded, with the collectors and exporters it provides.
 *
 * @param id {@code Plugin-Id}
 * @param version {@code Plugin-Version}, the plugin's own version
 * @param provider {@code Plugin-Provider}
 * @param requires {@code Plugin-Requires}, the SPI range it was built for
 * @param description {@code Plugin-Description}
 * @param jar where it was loaded from
 * @param classLoader its PF4J class loader
 * @param collectors its {@link MetricCollector} extensions
 * @param exporters its {@link MetricExporter} extensions
 */
public record InstalledPlugin(String id, String version, String provider, String requires, String description, Path jar,
        ClassLoader classLoader, List<MetricCollector> collectors, List<MetricExporter> exporters) {

    /** A plugin with collectors only. */
    public InstalledPlugin(String id, String version, String provider, String requires, String description, Path jar,
            ClassLoader classLoader, List<MetricCollector> collectors) {
        this(id, version, provider, requires, description, jar, classLoader, collectors, List.of());
    }
}
