package io.sysgauge.core.config;

import io.sysgauge.spi.ConfigValues;
import java.time.Duration;

/**
 * Durations as people write them in config and flags: {@code 250ms}, {@code 5s}, {@code 1.5m}.
 * The spelling is the SPI's ({@link ConfigValues}), so a plugin's settings read as core's do.
 */
public final class Durations {

    /** The longest duration any setting takes: {@link ConfigValues#MAXIMUM_DURATION}, a year. */
    public static final Duration MAXIMUM = ConfigValues.MAXIMUM_DURATION;

    private Durations() {}

    /**
     * @param text {@code 250ms}, {@code 5s}, {@code 1m}, {@code 2h}, or a bare number of seconds
     * @return the duration
     * @throws IllegalArgumentException with a message fit for a one-line error
     */
    public static Duration parse(String text) {
        return ConfigValues.duration(text);
    }

    /**
     * @param duration a duration
     * @return the shortest exact spelling {@link #parse} reads back: {@code 250ms}, {@code 15s}
     */
    public static String format(Duration duration) {
        return ConfigValues.format(duration);
    }
}
