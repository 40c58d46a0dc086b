package io.sysgauge.core.config;

import io.sysgauge.spi.ConfigException;
import io.sysgauge.spi.ConfigSection;
import io.sysgauge.spi.Detect;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A collector's view of its section of the resolved configuration. */
final class SectionView implements ConfigSection {

    private final String name;
    private final ConfigTree tree;

    SectionView(String name, ConfigTree tree) {
        this.name = name;
        this.tree = tree;
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
        return raw(key).map(value -> Values.bool(value).orElseThrow(() -> problem(key,
                "expected true or false, got " + Values.describe(value)))).orElse(defaultValue);
    }

    @Override
    public Optional<Duration> duration(String key) {
        return string(key).map(text -> {
            try {
                return Durations.parse(text);
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
            throw problem(key, "expected a mapping of name: value, got " + Values.describe(value.get()));
        }
        Map<String, String> result = new LinkedHashMap<>();
        map.forEach((k, v) -> result.put(String.valueOf(k), scalar(key + "." + k, v)));
        return Collections.unmodifiableMap(result);
    }

    @Override
    public Optional<Object> raw(String key) {
        return tree.get(name + "." + key);
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
            throw problem(key, "expected a single value, got " + Values.describe(value));
        }
        return String.valueOf(value);
    }

    private ConfigException problem(String key, String what) {
        String fullKey = name + "." + key;
        return new ConfigException(fullKey, what + " (from " + tree.originOf(fullKey) + ")");
    }
}
