package io.sysgauge.spi;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * How sysgauge reads configuration values, for a plugin that reads a {@link ConfigSection#raw}
 * value itself and wants to say what is wrong in the words core uses: booleans spelled
 * {@code yes}/{@code on}/{@code true}, durations spelled {@code 250ms}/{@code 5s}/{@code 1m}, and
 * a value described as a user wrote it ({@code a list [a, b]}), never as a Java class.
 *
 * @since 1.2.0
 */
public final class ConfigValues {

    /**
     * The longest duration any setting takes: a run of a year is already beyond any training job,
     * and the bound keeps every value far inside {@link Duration}'s nanosecond range (about 292
     * years), so a huge number is refused instead of wrapping round to a negative one.
     */
    public static final Duration MAXIMUM_DURATION = Duration.ofDays(365);

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

    private ConfigValues() {}

    /**
     * Names what a YAML value is in words a user knows, for "expected ..., got ..." messages: a
     * scalar quoted as written ({@code 'fast'}), {@code a list [a, b]}, {@code a mapping of a, b},
     * {@code an empty list}; long text and long collections are cut short.
     *
     * @param value a value as parsed from YAML, or null
     * @return the description
     */
    public static String describe(Object value) {
        if (value instanceof Map<?, ?> map) {
            return map.isEmpty() ? "an empty mapping" : "a mapping of " + map.keySet().stream().map(String::valueOf)
                    .limit(5).collect(Collectors.joining(", ")) + (map.size() > 5 ? ", ..." : "");
        }
        if (value instanceof List<?> list) {
            return list.isEmpty() ? "an empty list" : "a list [" + list.stream().map(ConfigValues::shortText).limit(5)
                    .collect(Collectors.joining(", ")) + (list.size() > 5 ? ", ...]" : "]");
        }
        return value == null ? "nothing" : "'" + shortText(value) + "'";
    }

    private static String shortText(Object value) {
        if (value instanceof Map || value instanceof List) {
            return value instanceof Map ? "{...}" : "[...]";
        }
        String text = String.valueOf(value);
        return text.length() > 60 ? text.substring(0, 57) + "..." : text;
    }

    /**
     * @param value a value as parsed from YAML or given on the command line
     * @return true for {@code true}, {@code yes}, {@code on}; false for {@code false}, {@code no},
     *     {@code off} (any case, spaces around ignored); empty for anything else
     */
    public static Optional<Boolean> bool(Object value) {
        if (value instanceof Boolean b) {
            return Optional.of(b);
        }
        return switch (String.valueOf(value).strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> Optional.of(true);
            case "false", "no", "off" -> Optional.of(false);
            default -> Optional.empty();
        };
    }

    /**
     * @param text {@code 250ms}, {@code 5s}, {@code 1.5m}, {@code 2h}, or a bare number of seconds
     * @return the duration
     * @throws IllegalArgumentException with a message fit for a one-line error, such as
     *     {@code expected a duration like 250ms, 5s or 1m, got 'fast'}; also for more than
     *     {@link #MAXIMUM_DURATION}
     */
    public static Duration duration(String text) {
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
        if (nanos.compareTo(BigDecimal.valueOf(MAXIMUM_DURATION.toNanos())) > 0) {
            throw new IllegalArgumentException("expected a duration of at most " + format(MAXIMUM_DURATION)
                    + " (365 days), got '" + text.strip() + "'");
        }
        return Duration.ofNanos(nanos.longValue());
    }

    /**
     * @param duration a duration
     * @return the shortest exact spelling {@link #duration} reads back: {@code 250ms}, {@code 15s}
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
