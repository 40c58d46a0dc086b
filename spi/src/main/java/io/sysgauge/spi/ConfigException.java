package io.sysgauge.spi;

/**
 * A configuration value is missing, unknown or malformed. Core turns it into a one-line error
 * naming the key and where it came from, and exit code 2.
 */
public class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String key;

    /**
     * @param key the full dotted key, such as {@code "nvidia.library"}
     * @param problem what is wrong, such as {@code "expected a path, got a list"}
     */
    public ConfigException(String key, String problem) {
        super(key + ": " + problem);
        this.key = key;
    }

    /** @return the full dotted key the problem is about */
    public String key() {
        return key;
    }
}
