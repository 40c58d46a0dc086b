package io.sysgauge.spi;

/**
 * Where a collector reports device health events ({@link HealthEvent}): core writes them to the
 * run folder's {@code health.jsonl} as they come. Safe to call from any thread, a collector's own
 * background threads included; a call returns once the event's line is handed to the file (one
 * short write, as a record's is on the sampling thread).
 *
 * @since 1.3.0
 */
@FunctionalInterface
public interface HealthLog {

    /** Drops every event: what a context without a run folder, or an older core, hands out. */
    HealthLog NONE = event -> {};

    /** @param event what happened; recorded once per call */
    void record(HealthEvent event);
}
