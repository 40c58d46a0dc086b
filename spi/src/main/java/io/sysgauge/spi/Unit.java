package io.sysgauge.spi;

/**
 * Units a {@link MetricDescriptor} can carry. The symbol is what tables and reports print; the
 * base name is what the Prometheus exposition appends to a metric family name.
 *
 * <p>Follow the W&amp;B conventions the metric keys come from: percentages are 0-100, MB is
 * 2<sup>20</sup> bytes, GB is 2<sup>30</sup> bytes.
 */
public enum Unit {
    /** 0-100. */
    PERCENT("%", "percent"),
    /** Plain bytes. */
    BYTES("bytes", "bytes"),
    /** 2<sup>20</sup> bytes (W&amp;B's "MB"). */
    MEBIBYTES("MB", "mebibytes"),
    /** 2<sup>30</sup> bytes (W&amp;B's "GB"). */
    GIBIBYTES("GB", "gibibytes"),
    /** Watts. */
    WATTS("W", "watts"),
    /** Degrees Celsius. */
    CELSIUS("°C", "celsius"),
    /** Megahertz. */
    MEGAHERTZ("MHz", "megahertz"),
    /** Seconds. */
    SECONDS("s", "seconds"),
    /** Gigatransfers per second (link speed). */
    GIGATRANSFERS_PER_SECOND("GT/s", "gigatransfers_per_second"),
    /** A count of things: threads, errors, devices. */
    COUNT("", ""),
    /** A value whose unit the source does not say (scraped OpenMetrics series, 1/0 flags). */
    NONE("", "");

    private final String symbol;
    private final String baseName;

    Unit(String symbol, String baseName) {
        this.symbol = symbol;
        this.baseName = baseName;
    }

    /** @return the short symbol for tables, such as {@code "%"} or {@code "W"}; may be empty */
    public String symbol() {
        return symbol;
    }

    /** @return the Prometheus base unit name, such as {@code "watts"}; may be empty */
    public String baseName() {
        return baseName;
    }
}
