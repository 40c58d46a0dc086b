package io.sysgauge.spi;

import java.time.Duration;
import java.util.Map;

/**
 * What core hands an exporter at {@link MetricExporter#start}.
 *
 * @since 1.2.0
 */
public interface ExportContext {

    /** @return this exporter's configuration section ({@code exporters.<id>}) */
    ConfigSection config();

    /**
     * @return the run's description as {@code metadata.json} starts it: {@code startedAt}, host
     *     facts and, for {@code run}, the command; read-only
     */
    Map<String, Object> runMetadata();

    /** @return the sampling interval */
    Duration interval();
}
