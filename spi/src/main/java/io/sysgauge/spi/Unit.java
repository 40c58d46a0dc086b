package io.sysgauge.spi;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The unit a {@link MetricDescriptor} carries. The symbol is what tables and reports print; the
 * base name is what the Prometheus exposition appends to a metric family name.
 *
 * <p>Follow the W&amp;B conventions the metric keys come from: percentages are 0-100, MB is
 * 2<sup>20</sup> bytes, GB is 2<sup>30</sup> bytes.
 *
 * <p>The constants cover what hardware reports. A plugin that measures something else names its
 * own unit with {@link #of(String, String)}, without waiting for a sysgauge release. Until SPI
 * 1.2 this was an enum: the constants keep their names, and {@link #name()}, {@link #values()}
 * and {@link #ordinal()} remain, so a plugin compiled against SPI 1.0 or 1.1 (a {@code switch}
 * on a unit included) still links. Compare units with {@code equals}; {@code ==} holds for the
 * constants, and {@link #of} returns the constant when it names one.
 */
public final class Unit {

    // A Prometheus base unit name: lowercase words joined by '_'.
    private static final Pattern BASE_NAME = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");

    /** 0-100. */
    public static final Unit PERCENT = new Unit("PERCENT", "%", "percent", 0);
    /** Plain bytes. */
    public static final Unit BYTES = new Unit("BYTES", "bytes", "bytes", 1);
    /** 2<sup>20</sup> bytes (W&amp;B's "MB"). */
    public static final Unit MEBIBYTES = new Unit("MEBIBYTES", "MB", "mebibytes", 2);
    /** 2<sup>30</sup> bytes (W&amp;B's "GB"). */
    public static final Unit GIBIBYTES = new Unit("GIBIBYTES", "GB", "gibibytes", 3);
    /** Watts. */
    public static final Unit WATTS = new Unit("WATTS", "W", "watts", 4);
    /** Degrees Celsius. */
    public static final Unit CELSIUS = new Unit("CELSIUS", "°C", "celsius", 5);
    /** Megahertz. */
    public static final Unit MEGAHERTZ = new Unit("MEGAHERTZ", "MHz", "megahertz", 6);
    /** Seconds. */
    public static final Unit SECONDS = new Unit("SECONDS", "s", "seconds", 7);
    /** Gigatransfers per second (link speed). */
    public static final Unit GIGATRANSFERS_PER_SECOND =
            new Unit("GIGATRANSFERS_PER_SECOND", "GT/s", "gigatransfers_per_second", 8);
    /** A count of things: threads, errors, devices. */
    public static final Unit COUNT = new Unit("COUNT", "", "", 9);
    /** A value whose unit the source does not say (scraped OpenMetrics series, 1/0 flags). */
    public static final Unit NONE = new Unit("NONE", "", "", 10);
    /**
     * Volts (a rail or core voltage).
     *
     * @since 1.2.0
     */
    public static final Unit VOLTS = new Unit("VOLTS", "V", "volts", 11);
    /**
     * Amperes (a rail current).
     *
     * @since 1.2.0
     */
    public static final Unit AMPERES = new Unit("AMPERES", "A", "amperes", 12);
    /**
     * Revolutions per minute (a fan).
     *
     * @since 1.2.0
     */
    public static final Unit RPM = new Unit("RPM", "rpm", "rpm", 13);
    /**
     * Joules (energy, usually a counter).
     *
     * @since 1.2.0
     */
    public static final Unit JOULES = new Unit("JOULES", "J", "joules", 14);
    /**
     * Bytes per second (a throughput the source reports as a rate).
     *
     * @since 1.2.0
     */
    public static final Unit BYTES_PER_SECOND = new Unit("BYTES_PER_SECOND", "B/s", "bytes_per_second", 15);
    /**
     * A fraction from 0 to 1, as Prometheus writes ratios (W&amp;B's percentages stay
     * {@link #PERCENT}).
     *
     * @since 1.2.0
     */
    public static final Unit RATIO = new Unit("RATIO", "", "ratio", 16);

    // In the order of the ordinals above.
    private static final List<Unit> BUILT_IN = List.of(PERCENT, BYTES, MEBIBYTES, GIBIBYTES, WATTS, CELSIUS,
            MEGAHERTZ, SECONDS, GIGATRANSFERS_PER_SECOND, COUNT, NONE, VOLTS, AMPERES, RPM, JOULES,
            BYTES_PER_SECOND, RATIO);

    private final String name;
    private final String symbol;
    private final String baseName;
    private final int ordinal;

    private Unit(String name, String symbol, String baseName, int ordinal) {
        this.name = name;
        this.symbol = symbol;
        this.baseName = baseName;
        this.ordinal = ordinal;
    }

    /**
     * A unit this SPI has no constant for, such as {@code Unit.of("lx", "lux")} or
     * {@code Unit.of("Pa", "pascals")}. Its {@link #name()} is the base name in capitals.
     *
     * @param symbol the short symbol for tables; may be empty
     * @param baseName the Prometheus base unit name: lowercase words joined by {@code _}, plural
     *     as Prometheus writes them ({@code "pascals"})
     * @return the unit; the constant itself when one has this symbol and base name
     * @throws IllegalArgumentException if the base name is not lowercase words joined by {@code _}
     * @since 1.2.0
     */
    public static Unit of(String symbol, String baseName) {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(baseName, "baseName");
        if (!BASE_NAME.matcher(baseName).matches()) {
            throw new IllegalArgumentException("a unit's base name is lowercase words joined by '_', such as"
                    + " 'pascals' or 'bytes_per_second', got '" + baseName + "'");
        }
        for (Unit unit : BUILT_IN) {
            if (unit.symbol.equals(symbol) && unit.baseName.equals(baseName)) {
                return unit;
            }
        }
        return new Unit(baseName.toUpperCase(Locale.ROOT), symbol, baseName, -1);
    }

    /**
     * The constants, in the order they were added, as an enum's {@code values()} gave them.
     *
     * @return a new array of the constants
     */
    public static Unit[] values() {
        return BUILT_IN.toArray(new Unit[0]);
    }

    /** @return the short symbol for tables, such as {@code "%"} or {@code "W"}; may be empty */
    public String symbol() {
        return symbol;
    }

    /** @return the Prometheus base unit name, such as {@code "watts"}; may be empty */
    public String baseName() {
        return baseName;
    }

    /** @return the constant's name, such as {@code "WATTS"}; for a unit made by {@link #of}, its base name in capitals */
    public String name() {
        return name;
    }

    /**
     * @return the constant's position in {@link #values()}; -1 for a unit made by {@link #of}.
     *     Kept so that code compiled against the enum still links; do not store it.
     */
    public int ordinal() {
        return ordinal;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Unit that && name.equals(that.name) && symbol.equals(that.symbol)
                && baseName.equals(that.baseName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, symbol, baseName);
    }

    /** @return {@link #name()}, as the enum printed it */
    @Override
    public String toString() {
        return name;
    }
}
