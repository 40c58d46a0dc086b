package io.sysgauge.spi;

/**
 * Whether a metric's value is a reading at one moment or a running total.
 *
 * @since 1.2.0
 */
public enum MetricKind {
    /** A reading that goes up and down: a temperature, a utilisation, memory in use. */
    GAUGE,
    /**
     * A running total that only grows, from some start the source chose (boot, driver load):
     * bytes sent, ECC errors, energy. Write the raw total on every tick; it may start again from
     * zero only when its source restarts. Exporters derive rates and "since the run began" values
     * from it.
     */
    COUNTER
}
