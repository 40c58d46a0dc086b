package io.sysgauge.plugin.amd;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Throttling as {@code amd-smi metric --json} reports it on MI300 and later (ROCm 6.3+): the
 * {@code throttle} object's {@code *_violation_status} fields, "ACTIVE" or "NOT ACTIVE" (a list of
 * them per partition on some versions), under NVML's reason names where they mean the same thing.
 * The older {@code power.throttle_status} ("THROTTLED"/"UNTHROTTLED") says no reason and is not
 * used; neither are the VR thermal and below-host-limit statuses, which no NVML reason matches.
 */
final class AmdThrottle {

    /** amd-smi's field, NVML's reason name, and how an episode's message names it. */
    private record Reason(String field, String key, String description) {}

    private static final Reason[] REASONS = {
        new Reason("ppt_violation_status", "swPowerCap", "power cap (package power tracking)"),
        new Reason("prochot_violation_status", "hwSlowdown", "hardware slowdown (PROCHOT)"),
        new Reason("hbm_thermal_violation_status", "swThermalSlowdown", "thermal slowdown (HBM memory)"),
        new Reason("socket_thermal_violation_status", "hwThermalSlowdown", "thermal slowdown (socket)"),
    };

    private AmdThrottle() {}

    /**
     * @param gpu one GPU's object of a metric report
     * @return each reason the report states, and whether it is active; empty when it states none
     */
    static Map<String, Boolean> states(JsonNode gpu) {
        JsonNode throttle = gpu.path("throttle");
        Map<String, Boolean> states = new LinkedHashMap<>();
        for (Reason reason : REASONS) {
            Boolean active = active(throttle.get(reason.field()));
            if (active != null) {
                states.put(reason.key(), active);
            }
        }
        return states;
    }

    /**
     * @param key a reason's name, such as {@code swPowerCap}
     * @return how an episode's message names it on an AMD GPU
     */
    static String describe(String key) {
        for (Reason reason : REASONS) {
            if (reason.key().equals(key)) {
                return reason.description();
            }
        }
        return key;
    }

    // "ACTIVE" / "NOT ACTIVE", a boolean, or a list of either (any active: active); null when unknown.
    private static Boolean active(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        if (node.isObject()) {
            return active(node.get("value"));
        }
        if (node.isArray()) {
            Boolean any = null;
            for (JsonNode element : node) {
                Boolean active = active(element);
                if (active != null) {
                    any = (any != null && any) || active;
                }
            }
            return any;
        }
        String text = node.asText().trim().toUpperCase(Locale.ROOT);
        return switch (text) {
            case "ACTIVE", "TRUE" -> true;
            case "NOT ACTIVE", "INACTIVE", "FALSE" -> false;
            default -> null;
        };
    }
}
