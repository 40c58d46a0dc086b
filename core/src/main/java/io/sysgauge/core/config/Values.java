package io.sysgauge.core.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Small conversions shared by the typed readers. */
final class Values {

    private Values() {}

    /**
     * Names what a YAML value is in words a user knows, for "expected ..., got ..." messages:
     * never a Java class name such as ArrayList or LinkedHashMap, nor Java's {@code {a=b}}.
     * A scalar is quoted as written.
     */
    static String describe(Object value) {
        if (value instanceof Map<?, ?> map) {
            return map.isEmpty() ? "an empty mapping" : "a mapping of " + map.keySet().stream().map(String::valueOf)
                    .limit(5).collect(Collectors.joining(", ")) + (map.size() > 5 ? ", ..." : "");
        }
        if (value instanceof List<?> list) {
            return list.isEmpty() ? "an empty list" : "a list [" + list.stream().map(Values::shortText).limit(5)
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

    static Optional<Boolean> bool(Object value) {
        if (value instanceof Boolean b) {
            return Optional.of(b);
        }
        return switch (String.valueOf(value).strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> Optional.of(true);
            case "false", "no", "off" -> Optional.of(false);
            default -> Optional.empty();
        };
    }
}
