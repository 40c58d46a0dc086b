package io.sysgauge.plugin.openmetrics;

/**
 * The type of a metric family, from its {@code # TYPE} line; {@link #UNTYPED} when a page has
 * none. Each type allows its own sample-name suffixes, which is how a sample finds its family.
 */
public enum MetricKind {
    /** A value that goes up and down. */
    GAUGE,
    /** A monotonic count; OpenMetrics names its samples {@code <family>_total}. */
    COUNTER,
    /** No {@code # TYPE} line ({@code untyped} in Prometheus text, {@code unknown} in OpenMetrics). */
    UNTYPED,
    /** Buckets, a sum and a count. */
    HISTOGRAM,
    /** OpenMetrics gauge histogram: buckets, {@code _gsum} and {@code _gcount}. */
    GAUGE_HISTOGRAM,
    /** Quantiles, a sum and a count. */
    SUMMARY,
    /** OpenMetrics info: a constant 1 whose labels carry the facts. */
    INFO,
    /** OpenMetrics state set: one 0/1 sample per state. */
    STATESET;

    /**
     * W&amp;B keeps gauges and counters (and sysgauge untyped series, which are gauges in
     * practice); the others are kept only when a filter asks for them.
     *
     * @return whether the series is kept when no filter is configured
     */
    public boolean keptByDefault() {
        return this == GAUGE || this == COUNTER || this == UNTYPED;
    }

    /**
     * @param suffix what follows the family name in a sample name, such as {@code "_bucket"}
     * @return whether a sample of this family may carry it
     */
    boolean allowsSuffix(String suffix) {
        return switch (this) {
            case COUNTER -> suffix.equals("_total") || suffix.equals("_created");
            case HISTOGRAM -> suffix.equals("_bucket") || suffix.equals("_count") || suffix.equals("_sum")
                    || suffix.equals("_created");
            case GAUGE_HISTOGRAM -> suffix.equals("_bucket") || suffix.equals("_gcount") || suffix.equals("_gsum");
            case SUMMARY -> suffix.equals("_count") || suffix.equals("_sum") || suffix.equals("_created");
            case INFO -> suffix.equals("_info");
            default -> false;
        };
    }

    /**
     * @param word the type word of a {@code # TYPE} line
     * @return the kind, or null when the word names no type of either format
     */
    static MetricKind fromTypeWord(String word) {
        return switch (word) {
            case "gauge" -> GAUGE;
            case "counter" -> COUNTER;
            case "untyped", "unknown" -> UNTYPED;
            case "histogram" -> HISTOGRAM;
            case "gaugehistogram" -> GAUGE_HISTOGRAM;
            case "summary" -> SUMMARY;
            case "info" -> INFO;
            case "stateset" -> STATESET;
            default -> null;
        };
    }
}
