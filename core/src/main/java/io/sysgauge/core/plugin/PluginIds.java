package io.sysgauge.core.plugin;

import java.util.regex.Pattern;

/**
 * What a plugin id may be: the collector-id rule the SPI test kit checks
 * ({@code CollectorContractTest.idNamesAConfigSection}), lowercase letters, digits and {@code -}.
 * An id names a configuration section, an environment variable and files, so an id such as
 * {@code ../../evil} or {@code Nvidia} is refused before the jar is loaded.
 */
public final class PluginIds {

    /** Lowercase letters, digits and {@code -}, not starting with {@code -}. */
    public static final Pattern PATTERN = Pattern.compile("[a-z0-9][a-z0-9-]*");

    /** Long enough for any family name, short enough to stay one readable line in errors. */
    public static final int MAXIMUM_LENGTH = 64;

    private PluginIds() {}

    /**
     * @param id a Plugin-Id or collector id as read
     * @return null when valid, else why not, as the end of a sentence about the id
     */
    public static String problem(String id) {
        if (id.length() > MAXIMUM_LENGTH) {
            return "is longer than " + MAXIMUM_LENGTH + " characters";
        }
        if (!PATTERN.matcher(id).matches()) {
            return "is not lowercase letters, digits and '-' (such as nvidia or my-accelerator)";
        }
        return null;
    }

    /**
     * @param id a Plugin-Id as read from a manifest
     * @return the id quoted for a message: printable ASCII kept, anything else escaped
     */
    public static String quoted(String id) {
        StringBuilder text = new StringBuilder("'");
        id.codePoints().limit(MAXIMUM_LENGTH + 1L).forEach(c -> {
            if (c >= 0x20 && c < 0x7f) {
                text.appendCodePoint(c);
            } else {
                text.append(String.format("\\u%04x", c));
            }
        });
        return text.append(id.length() > MAXIMUM_LENGTH + 1 ? "...'" : "'").toString();
    }
}
