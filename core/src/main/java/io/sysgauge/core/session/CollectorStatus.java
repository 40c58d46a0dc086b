package io.sysgauge.core.session;

import io.sysgauge.core.plugin.InstalledPlugin;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How one collector came out of probing.
 *
 * @param collectorId the collector's id
 * @param plugin the plugin that provides it; null for a built-in collector
 * @param state {@code present}, {@code absent} or {@code disabled}
 * @param reason why it is absent or disabled; null when present
 * @param metadata what the probe reported
 */
public record CollectorStatus(String collectorId, InstalledPlugin plugin, String state, String reason,
        Map<String, Object> metadata) {

    /** @return the collector's entry in {@code metadata.json} and {@code plugins --format json} */
    public Map<String, Object> describe() {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", collectorId);
        entry.put("state", state);
        if (reason != null) {
            entry.put("reason", reason);
        }
        if (!metadata.isEmpty()) {
            entry.put("metadata", metadata);
        }
        return entry;
    }
}
