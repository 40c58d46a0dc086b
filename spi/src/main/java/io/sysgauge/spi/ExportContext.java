package io.sysgauge.spi;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What core hands an exporter at {@link MetricExporter#start}.
 *
 * @since 1.2.0
 */
public interface ExportContext {

    /** @return this exporter's configuration section (the top-level section named by its id, as a collector's) */
    ConfigSection config();

    /**
     * @return the run's description as {@code metadata.json} starts it: {@code startedAt}, host
     *     facts, {@code labels} and, for {@code run}, the command and {@code run_id}; read-only
     */
    Map<String, Object> runMetadata();

    /** @return the sampling interval */
    Duration interval();

    /**
     * @param config the exporter's section
     * @param runMetadata the run's description, shared read-only
     * @param interval the sampling interval
     * @return a context of these values, as core makes it (and tests do)
     */
    static ExportContext of(ConfigSection config, Map<String, Object> runMetadata, Duration interval) {
        Map<String, Object> metadata = Collections.unmodifiableMap(new LinkedHashMap<>(runMetadata));
        return new ExportContext() {
            @Override
            public ConfigSection config() {
                return config;
            }

            @Override
            public Map<String, Object> runMetadata() {
                return metadata;
            }

            @Override
            public Duration interval() {
                return interval;
            }
        };
    }
}
