package io.sysgauge.spi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A {@link ConfigSection} over a map of values as parsed from YAML: the one core hands collectors,
 * and the one a plugin's tests get from the test kit, so both read and refuse values alike.
 *
 * <p>A key with dots reads nested mappings ({@code string("limits.memory")} reads
 * {@code limits: {memory: ...}}), unless the map holds that dotted key itself. The map is read
 * as it is at each call, not copied.
 *
 * @since 1.2.0
 */
public final class MapConfigSection implements ConfigSection {

    private final String name;
    private final Map<String, ?> values;
    private final Function<String, String> originOf;

    private MapConfigSection(String name, Map<String, ?> values, Function<String, String> originOf) {
        this.name = Objects.requireNonNull(name, "name");
        this.values = Objects.requireNonNull(values, "values");
        this.originOf = originOf;
    }

    /**
     * A section whose errors read {@code name.key: problem}.
     *
     * @param name the section name, which is the collector id
     * @param values the section's values: strings, numbers, booleans, lists and maps of those
     * @return the section
     */
    public static MapConfigSection of(String name, Map<String, ?> values) {
        return new MapConfigSection(name, values, null);
    }

    /**
     * A section whose errors also say where the value came from:
     * {@code name.key: problem (from /etc/sysgauge.yaml)}.
     *
     * @param name the section name, which is the collector id
     * @param values the section's values: strings, numbers, booleans, lists and maps of those
     * @param originOf given a full dotted key such as {@code nvidia.library}, where its value came
     *     from: a file, {@code --set}, an environment variable
     * @return the section
     */
    public static MapConfigSection of(String name, Map<String, ?> values, Function<String, String> originOf) {
        return new MapConfigSection(name, values, Objects.requireNonNull(originOf, "originOf"));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Optional<String> string(String key) {
        return raw(key).map(value -> scalar(key, value));
    }

    @Override
    public boolean bool(String key, boolean defaultValue) {
        return raw(key).map(value -> ConfigValues.bool(value).orElseThrow(() -> problem(key,
                "expected true or false, got " + ConfigValues.describe(value)))).orElse(defaultValue);
    }

    @Override
    public Optional<Duration> duration(String key) {
        return string(key).map(text -> {
            try {
                return ConfigValues.duration(text);
            } catch (IllegalArgumentException e) {
                throw problem(key, e.getMessage());
            }
        });
    }

    @Override
    public List<String> strings(String key) {
        Optional<Object> value = raw(key);
        if (value.isEmpty()) {
            return List.of();
        }
        if (value.get() instanceof List<?> list) {
            List<String> result = new ArrayList<>(list.size());
            for (Object item : list) {
                result.add(scalar(key, item));
            }
            return Collections.unmodifiableList(result);
        }
        return List.of(scalar(key, value.get()));
    }

    @Override
    public Map<String, String> stringMap(String key) {
        Optional<Object> value = raw(key);
        if (value.isEmpty()) {
            return Map.of();
        }
        if (!(value.get() instanceof Map<?, ?> map)) {
            throw problem(key, "expected a mapping of name: value, got " + ConfigValues.describe(value.get()));
        }
        Map<String, String> result = new LinkedHashMap<>();
        map.forEach((k, v) -> result.put(String.valueOf(k), scalar(key + "." + k, v)));
        return Collections.unmodifiableMap(result);
    }

    @Override
    public Optional<Object> raw(String key) {
        if (values.containsKey(key)) {
            return Optional.ofNullable(values.get(key));
        }
        Object node = values;
        for (String part : key.split("\\.", -1)) {
            if (!(node instanceof Map<?, ?> mapping) || !mapping.containsKey(part)) {
                return Optional.empty();
            }
            node = mapping.get(part);
        }
        return Optional.ofNullable(node);
    }

    @Override
    public Detect detect() {
        // YAML 1.1 reads a bare `off` as the boolean false.
        return raw("detect").map(value -> Boolean.FALSE.equals(value) ? "off" : scalar("detect", value)).map(text -> {
            try {
                return Detect.parse(text);
            } catch (IllegalArgumentException e) {
                throw problem("detect", e.getMessage());
            }
        }).orElse(Detect.AUTO);
    }

    private String scalar(String key, Object value) {
        if (value instanceof Map || value instanceof List) {
            throw problem(key, "expected a single value, got " + ConfigValues.describe(value));
        }
        return String.valueOf(value);
    }

    private ConfigException problem(String key, String what) {
        String fullKey = name + "." + key;
        return new ConfigException(fullKey, originOf == null ? what : what + " (from " + originOf.apply(fullKey) + ")");
    }

    @Override
    public String toString() {
        return "section " + name + " " + values;
    }
}
