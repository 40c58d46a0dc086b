package io.sysgauge.core.config;

import java.util.Locale;
import java.util.Optional;

/** Small conversions shared by the typed readers. */
final class Values {

    private Values() {}

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
