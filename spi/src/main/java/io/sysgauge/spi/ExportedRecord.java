package io.sysgauge.spi;

import java.util.List;

/**
 * One finished tick as an exporter sees it.
 *
 * @param timestamp wall time of the tick, seconds since the epoch
 * @param runtime seconds since sampling started
 * @param values every value of the tick, in the order collectors are registered
 * @since 1.2.0
 */
public record ExportedRecord(double timestamp, double runtime, List<ExportedValue> values) {}
