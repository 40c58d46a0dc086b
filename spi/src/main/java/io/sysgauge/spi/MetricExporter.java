package io.sysgauge.spi;

import java.util.Set;
import org.pf4j.ExtensionPoint;

/**
 * One destination of records: a file, a push to a collector service, an endpoint to scrape. The
 * output-side twin of {@link MetricCollector}.
 *
 * <p>Lifecycle, driven by core, all on the exporter's own worker thread:
 * <ol>
 *   <li>{@link #start} once, before the first record.
 *   <li>{@link #export} for each finished record, in tick order.
 *   <li>{@link #end} once when sampling stops, after the last record it was handed; then
 *       {@link #close}.
 * </ol>
 *
 * <p>The sampling loop never waits for an exporter: core hands records over through a bounded
 * queue per exporter. When the exporter falls behind, the oldest waiting records are dropped and
 * counted ({@code sysgauge.exporter.{id}.dropped}); an exception from {@link #export} costs that
 * record only ({@code sysgauge.exporter.{id}.up} is 0 until one succeeds again) and is logged once
 * a streak. An exception from {@link #start} takes the exporter out of the run, logged once.
 *
 * <p>Implementations are annotated with {@link org.pf4j.Extension} and need a public no-argument
 * constructor that is cheap: {@code sysgauge plugins} creates every exporter just to list it.
 *
 * @since 1.2.0
 */
public interface MetricExporter extends ExtensionPoint, AutoCloseable {

    /**
     * The exporter's id: its configuration section ({@code csv.file} belongs to
     * {@code "csv"}), the id in its health metrics, and by convention its plugin's
     * {@code Plugin-Id}. Lowercase letters, digits and {@code -}.
     *
     * @return a stable identifier such as {@code "csv"}
     */
    String id();

    /**
     * @return the keys this exporter reads from its configuration section, without the prefix;
     *     core rejects any other key there with a clear error
     */
    default Set<String> configKeys() {
        return Set.of();
    }

    /**
     * Whether this exporter has anything to do in this run. One that says no (an OTLP exporter
     * given no endpoint) is left out quietly: no worker, no {@code sysgauge.exporter.{id}.*}
     * values, no log line. Called on core's thread before {@link #start}; keep it cheap and free
     * of side effects.
     *
     * @param context what {@link #start} would be given
     * @return true by default
     * @since 1.2.0
     */
    default boolean active(ExportContext context) {
        return true;
    }

    /**
     * Opens what the exporter writes to.
     *
     * @param context its configuration, the run's description and the interval
     * @throws Exception when it cannot start, a {@link ConfigException} for a bad value in its
     *     section included: the run goes on without it and says why in one logged line
     */
    void start(ExportContext context) throws Exception;

    /**
     * @param record one finished tick: its time and every value with its descriptor
     * @throws Exception when this record cannot be exported; the next one is still offered
     */
    void export(ExportedRecord record) throws Exception;

    /**
     * Called once after the last record.
     *
     * @param runtime seconds since sampling started when it stopped
     * @param dropped records this exporter never saw because it fell behind
     * @throws Exception when it cannot finish (flush, final upload); logged
     */
    default void end(double runtime, long dropped) throws Exception {}

    /**
     * Records this exporter took but had to drop itself: a push exporter whose receiver stayed
     * down longer than its bounded buffer holds. Core adds them to
     * {@code sysgauge.exporter.{id}.dropped}, beside the records that waited too long in core's
     * queue. Called from core's sampling thread at any time, so make it thread-safe and cheap.
     *
     * @return a running total, 0 by default
     * @since 1.2.0
     */
    default long droppedInside() {
        return 0;
    }

    /** Releases files, connections and threads. Must not throw. */
    @Override
    default void close() {}
}
