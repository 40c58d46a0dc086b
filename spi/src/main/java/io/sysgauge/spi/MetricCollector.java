package io.sysgauge.spi;

import java.util.Set;
import org.pf4j.ExtensionPoint;

/**
 * One source of metrics: a hardware family (NVIDIA GPUs, TPUs, ...) or a host area (CPU, disk).
 *
 * <p>Lifecycle, driven by core:
 * <ol>
 *   <li>{@link #probe} once, on the collector's own worker thread: find the hardware, open
 *       sessions, read static facts. Return {@link Probe#absent} when there is nothing to read.
 *   <li>{@link #sample} on every tick, on that same thread, only if the probe said present.
 *       Core gives each call a deadline shorter than the interval; a call still running at the
 *       next tick makes the collector skip that tick.
 *   <li>{@link #close} once when sampling stops, also after an absent probe.
 * </ol>
 *
 * <p>Core never calls one collector from two threads at once, and sets the thread context
 * class loader to the plugin's class loader around every call.
 *
 * <p>Implementations are annotated with {@link org.pf4j.Extension} and need a public
 * no-argument constructor. The constructor must be cheap and must not touch hardware or load
 * native libraries: {@code sysgauge plugins} creates every collector just to list it.
 */
public interface MetricCollector extends ExtensionPoint, AutoCloseable {

    /**
     * The collector's id: its configuration section ({@code nvidia.library} belongs to
     * {@code "nvidia"}), the id in health metrics, and by convention its plugin's
     * {@code Plugin-Id}. Lowercase letters, digits and {@code -}.
     *
     * @return a stable identifier such as {@code "nvidia"}
     */
    String id();

    /**
     * The keys this collector reads from its configuration section, without the section prefix
     * ({@code "library"} for {@code nvidia.library}). Core rejects any other key in the section
     * with a clear error. {@code detect} is always allowed and need not be listed.
     *
     * @return the accepted keys; empty by default
     */
    default Set<String> configKeys() {
        return Set.of();
    }

    /**
     * Looks for the hardware once, before the first sample.
     *
     * <p>Missing hardware, a missing driver or vendor tool, or a permission problem is an
     * {@link Probe#absent absent} result with a reason a person can act on, never an exception.
     * A {@link ConfigException} for a bad value in the collector's section is the one exception
     * core expects: it ends the command with a one-line error.
     *
     * @param context configuration, process scope, interval, filesystem roots and a command
     *     runner; the collector may keep it for later ticks
     * @return present with metadata for {@code metadata.json}, or absent with a reason
     */
    Probe probe(CollectorContext context);

    /**
     * Writes this tick's values. Must return well within the interval: sources slower than that
     * (a vendor CLI taking seconds, a streaming child process) are read in the background by the
     * collector, and {@code sample} writes the newest reading.
     *
     * <p>Write only what the hardware reported: no -1, 0 or other stand-in for a value that is
     * missing. A failure that affects one device or one metric should cost only that value; an
     * exception thrown from here discards everything written during this call, is logged once,
     * and makes core back off this collector for a few ticks.
     *
     * @param out where values go
     * @throws Exception when this tick cannot be sampled at all
     */
    void sample(SampleWriter out) throws Exception;

    /** Releases sessions, native handles and child processes. Must not throw. */
    @Override
    default void close() {}
}
