package io.sysgauge.spi;

import java.util.Locale;

/** How a collector looks for its hardware: the {@code <id>.detect} key of every section. */
public enum Detect {
    /** Look for the hardware first (driver, device nodes, PCI ids), then read the data source. */
    AUTO,
    /** Skip hardware detection and read the data source directly (tests, unusual setups). */
    FORCE,
    /** Do not start the collector; core handles this one and never calls {@code probe}. */
    OFF;

    /**
     * Parses a configuration value.
     *
     * @param value {@code auto}, {@code force} or {@code off}, any case
     * @return the mode
     * @throws IllegalArgumentException for any other value
     */
    public static Detect parse(String value) {
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("expected auto, force or off, got '" + value + "'");
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
