package io.sysgauge.core.config;

import io.sysgauge.spi.ConfigException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Finds configuration keys that neither core nor any installed plugin owns. */
final class KeyChecker {

    private final Set<String> known;
    private final Set<String> knownParents = new HashSet<>();
    private final ConfigTree tree;

    KeyChecker(Set<String> known, ConfigTree tree) {
        this.known = known;
        this.tree = tree;
        for (String key : known) {
            for (int dot = key.indexOf('.'); dot > 0; dot = key.indexOf('.', dot + 1)) {
                knownParents.add(key.substring(0, dot));
            }
        }
    }

    void check() {
        check(tree.root(), "");
    }

    private void check(Map<?, ?> node, String prefix) {
        for (Map.Entry<?, ?> entry : node.entrySet()) {
            String key = prefix + entry.getKey();
            if (known.contains(key)) {
                continue;
            }
            if (knownParents.contains(key) && entry.getValue() instanceof Map<?, ?> child) {
                check(child, key + ".");
                continue;
            }
            key = firstLeaf(key, entry.getValue());
            String hint = closest(key).map(k -> "; did you mean " + k + "?").orElse("");
            String section = key.contains(".") ? key.substring(0, key.indexOf('.')) : key;
            String owner = knownParents.contains(section) ? "" : " (no installed plugin has a section '" + section + "')";
            throw new ConfigException(key, "unknown key" + owner + hint + " (from " + tree.originOf(key) + ")");
        }
    }

    // Name the key as the user wrote it ("gaudi.detect"), not just its unknown section.
    private static String firstLeaf(String key, Object value) {
        while (value instanceof Map<?, ?> map && !map.isEmpty()) {
            Map.Entry<?, ?> first = map.entrySet().iterator().next();
            key = key + "." + first.getKey();
            value = first.getValue();
        }
        return key;
    }

    private Optional<String> closest(String key) {
        String best = null;
        int bestDistance = 4;
        for (String candidate : known) {
            int distance = editDistance(key.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
