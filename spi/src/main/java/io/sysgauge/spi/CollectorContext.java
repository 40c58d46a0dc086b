package io.sysgauge.spi;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What core hands a collector at {@link MetricCollector#probe}. The collector may keep it: the
 * process scope it returns is refreshed on every tick.
 *
 * <p>Read files under {@link #procRoot()}, {@link #sysRoot()} and {@link #devRoot()} rather than
 * the absolute {@code /proc}, {@code /sys} and {@code /dev}: tests point them at fixture trees.
 */
public interface CollectorContext {

    /** @return this collector's configuration section */
    ConfigSection config();

    /** @return the monitored process tree, refreshed every tick */
    ProcessScope processScope();

    /** @return the sampling interval */
    Duration interval();

    /** @return which accelerator devices to read ({@code gpu.devices}) */
    DeviceSelection gpuDevices();

    /** @return where {@code /proc} is; {@code /proc} in production */
    Path procRoot();

    /** @return where {@code /sys} is; {@code /sys} in production */
    Path sysRoot();

    /** @return where {@code /dev} is; {@code /dev} in production */
    Path devRoot();

    /** @return runs vendor tools with timeouts */
    CommandRunner commands();

    /**
     * Monotonic time, for "every few seconds" and "stale after" decisions. Use it rather than
     * {@link System#nanoTime()} directly: tests hand the collector a clock they move by hand. A
     * plugin that calls this needs SPI 1.1 ({@code Plugin-Requires: >=1.1.0}).
     *
     * @return nanoseconds from an arbitrary origin, as {@link System#nanoTime()} counts them
     * @since 1.1.0
     */
    default long nanoTime() {
        return System.nanoTime();
    }

    // health (issue 17)

    /**
     * Where to report device health events (XIDs, ECC errors, throttle episodes, lost devices),
     * from any thread. A plugin that calls this needs SPI 1.3 ({@code Plugin-Requires: >=1.3.0}).
     *
     * @return the run's health log; {@link HealthLog#NONE} where nothing records them
     * @since 1.3.0
     */
    default HealthLog health() {
        return HealthLog.NONE;
    }

    /**
     * The wall clock, for stamping {@link HealthEvent}s on the timeline of the run's records. Use it
     * rather than {@link System#currentTimeMillis()}: tests hand the collector a clock they move by
     * hand ({@link #nanoTime()} and this move together).
     *
     * @return milliseconds since the epoch
     * @since 1.3.0
     */
    default long currentTimeMillis() {
        return System.currentTimeMillis();
    }
}
