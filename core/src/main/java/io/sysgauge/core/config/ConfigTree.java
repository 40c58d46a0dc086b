package io.sysgauge.core.config;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Nested configuration values with the place each one came from, so an error can name both
 * the key and its source. Keys with dots in a YAML file ({@code sampling.interval: 5s}) are
 * the same as nested mappings.
 */
public final class ConfigTree {

    private final Map<String, Object> root = new LinkedHashMap<>();
    private final Map<String, String> origins = new HashMap<>();

    /** Deep-merges a parsed YAML mapping: nested mappings merge, anything else replaces. */
    public void merge(Map<?, ?> mapping, String origin) {
        mergeInto(root, "", mapping, origin);
    }

    private void mergeInto(Map<String, Object> target, String prefix, Map<?, ?> mapping, String origin) {
        for (Map.Entry<?, ?> entry : mapping.entrySet()) {
            String key = String.valueOf(entry.getKey());
            if (entry.getValue() instanceof Map<?, ?> nested) {
                Map<String, Object> child = childMap(target, prefix, key);
                mergeInto(child, prefix + key + ".", nested, origin);
                if (nested.isEmpty()) {
                    origins.put(prefix + key, origin);
                }
            } else if (key.contains(".")) {
                put(prefix + key, entry.getValue(), origin);
            } else {
                forget(prefix + key);
                target.put(key, entry.getValue());
                origins.put(prefix + key, origin);
            }
        }
    }

    // A dotted key inside a mapping opens the nested maps it names.
    private Map<String, Object> childMap(Map<String, Object> target, String prefix, String key) {
        Map<String, Object> parent = target;
        String path = prefix;
        String[] parts = key.split("\\.", -1);
        for (String part : parts) {
            Object existing = parent.get(part);
            if (!(existing instanceof Map)) {
                forget(path + part);
                existing = new LinkedHashMap<String, Object>();
                parent.put(part, existing);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> next = (Map<String, Object>) existing;
            parent = next;
            path = path + part + ".";
        }
        return parent;
    }

    /** Sets one dotted key; {@code null} removes it, so its default applies again. */
    public void put(String dottedKey, Object value, String origin) {
        int lastDot = dottedKey.lastIndexOf('.');
        Map<String, Object> parent = lastDot < 0
                ? root
                : childMap(root, "", dottedKey.substring(0, lastDot));
        String leaf = dottedKey.substring(lastDot + 1);
        forget(dottedKey);
        if (value == null) {
            parent.remove(leaf);
            return;
        }
        if (value instanceof Map<?, ?> mapping) {
            Map<String, Object> fresh = new LinkedHashMap<>();
            parent.put(leaf, fresh);
            mergeInto(fresh, dottedKey + ".", mapping, origin);
        } else {
            parent.put(leaf, value);
        }
        origins.put(dottedKey, origin);
    }

    Optional<Object> get(String dottedKey) {
        Object node = root;
        for (String part : dottedKey.split("\\.", -1)) {
            if (!(node instanceof Map<?, ?> mapping) || !mapping.containsKey(part)) {
                return Optional.empty();
            }
            node = mapping.get(part);
        }
        return Optional.ofNullable(node);
    }

    /** Where a key's value came from: the key itself, else its nearest parent, else any child. */
    String originOf(String dottedKey) {
        for (String key = dottedKey; ; key = key.substring(0, key.lastIndexOf('.'))) {
            String origin = origins.get(key);
            if (origin != null) {
                return origin;
            }
            if (key.indexOf('.') < 0) {
                break;
            }
        }
        return origins.entrySet().stream()
                .filter(entry -> entry.getKey().startsWith(dottedKey + "."))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse("defaults");
    }

    Map<String, Object> root() {
        return root;
    }

    private void forget(String dottedKey) {
        origins.remove(dottedKey);
        origins.keySet().removeIf(key -> key.startsWith(dottedKey + "."));
    }
}
