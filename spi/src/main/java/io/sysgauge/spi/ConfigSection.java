package io.sysgauge.spi;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A collector's section of the configuration, with values already merged from the YAML file,
 * {@code SYSGAUGE_*} environment variables and {@code --set key=value} flags.
 *
 * <p>Keys are relative to the section: in section {@code nvidia}, {@code string("library")}
 * reads {@code nvidia.library}. A value of the wrong shape throws {@link ConfigException}
 * naming the full key; a missing value is an empty result.
 */
public interface ConfigSection {

    /** @return the section name, which is the collector id */
    String name();

    /**
     * @param key a key of this section
     * @return the value as text; numbers and booleans are given in their YAML spelling
     */
    Optional<String> string(String key);

    /**
     * @param key a key of this section
     * @param defaultValue returned when the key is not set
     * @return the boolean value
     */
    boolean bool(String key, boolean defaultValue);

    /**
     * @param key a key of this section
     * @return the duration; {@code 250ms}, {@code 5s}, {@code 1m}, {@code 2h}, or a bare
     *     number of seconds
     */
    Optional<Duration> duration(String key);

    /**
     * @param key a key of this section
     * @return a list of scalars as text; a single scalar is a list of one; empty when not set
     */
    List<String> strings(String key);

    /**
     * @param key a key of this section
     * @return a map of scalars as text, in file order; empty when not set
     */
    Map<String, String> stringMap(String key);

    /**
     * The value as parsed from YAML, for shapes the typed getters do not cover (a list of
     * regexes or a map of maps): {@link String}, {@link Number}, {@link Boolean},
     * {@link List} or {@link Map}.
     *
     * @param key a key of this section
     * @return the raw value
     */
    Optional<Object> raw(String key);

    /** @return the section's {@code detect} mode, {@link Detect#AUTO} unless set */
    Detect detect();
}
