package io.sysgauge.core.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them in config and flags: {@code 250ms}, {@code 5s}, {@code 1.5m}. */
public final class Durations {

    /**
     * The longest duration any setting takes: a run of a year is already beyond any training job,
     * and the bound keeps every value far inside {@link Duration}'s nanosecond range (about 292
     * years), so a huge number is refused instead of wrapping round to a negative one.
     */
    public static final Duration MAXIMUM = Duration.ofDays(365);

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

    private Durations() {}

    /**
     * @param text {@code 250ms}, {@code 5s}, {@code 1m}, {@code 2h}, or a bare number of seconds
     * @return the duration
     * @throws IllegalArgumentException with a message fit for a one-line error
     */
    public static Duration parse(String text) {
        Matcher matcher = DURATION.matcher(text.strip());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("expected a duration like 250ms, 5s or 1m, got '" + text + "'");
        }
        BigDecimal amount = new BigDecimal(matcher.group(1));
        String unit = matcher.group(2) == null ? "s" : matcher.group(2);
        BigDecimal millisPerUnit = switch (unit) {
            case "ms" -> BigDecimal.ONE;
            case "s" -> BigDecimal.valueOf(1_000);
            case "m" -> BigDecimal.valueOf(60_000);
            default -> BigDecimal.valueOf(3_600_000);
        };
        BigDecimal nanos = amount.multiply(millisPerUnit).multiply(BigDecimal.valueOf(1_000_000));
        if (nanos.compareTo(BigDecimal.valueOf(MAXIMUM.toNanos())) > 0) {
            throw new IllegalArgumentException("expected a duration of at most " + format(MAXIMUM) + " (365 days), got '"
                    + text.strip() + "'");
        }
        return Duration.ofNanos(nanos.longValue());
    }

    /**
     * @param duration a duration
     * @return the shortest exact spelling {@link #parse} reads back: {@code 250ms}, {@code 15s}
     */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 3_600_000 == 0 && millis > 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis % 60_000 == 0 && millis > 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1_000 == 0) {
            return millis / 1_000 + "s";
        }
        return millis + "ms";
    }
}
