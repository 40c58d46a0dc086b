package io.sysgauge.plugin.amd;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code amd-smi metric --json} and {@code amd-smi static --json}. ROCm 6.1 to 6.3 print a JSON
 * array with one object per GPU; later versions wrap it as {@code {"gpu_data": [...]}}. Values are
 * {@code {"value", "unit"}} objects, bare numbers in some versions, or "N/A".
 */
final class AmdSmiParser {

    /** What {@code amd-smi static} tells once: per-GPU facts for metadata.json, and each GPU's power cap. */
    record StaticInfo(List<Map<String, Object>> gpus, Map<Integer, Double> powerCapWatts, String driverVersion) {
        static final StaticInfo NONE = new StaticInfo(List.of(), Map.of(), null);
    }

    private AmdSmiParser() {}

    /** @return one reading per GPU of a metric report, without power caps (amd-smi static has them) */
    static List<AmdGpuReading> readings(JsonNode report) {
        List<AmdGpuReading> readings = new ArrayList<>();
        for (JsonNode gpu : gpus(report)) {
            JsonNode usage = gpu.path("usage");
            JsonNode memory = gpu.path("mem_usage");
            JsonNode power = gpu.path("power");
            double used = ToolValues.number(memory.get("used_vram"));
            double total = ToolValues.number(memory.get("total_vram"));
            readings.add(new AmdGpuReading(gpu.get("gpu").asInt(),
                    ToolValues.first(usage, "gfx_activity"),
                    total > 0 ? 100.0 * used / total : Double.NaN,
                    // MI300X has no edge sensor; its hotspot is the junction temperature
                    ToolValues.first(gpu.path("temperature"), "edge", "hotspot", "mem"),
                    watts(power, "socket_power", "average_socket_power", "current_socket_power"),
                    watts(power, "power_limit", "socket_power_limit"),
                    ToolValues.first(usage, "umc_activity"),
                    ToolValues.number(gpu.get("mem_overdrive")),
                    AmdThrottle.states(gpu), // health (issue 17)
                    joules(gpu.path("energy").get("total_energy_consumption"))));
        }
        return readings;
    }

    /** @return the facts of a static report */
    static StaticInfo staticInfo(JsonNode report) {
        List<Map<String, Object>> facts = new ArrayList<>();
        Map<Integer, Double> caps = new HashMap<>();
        String driverVersion = null;
        for (JsonNode gpu : gpus(report)) {
            int index = gpu.get("gpu").asInt();
            Map<String, Object> fact = new LinkedHashMap<>();
            fact.put("index", index);
            RocmSmiParser.putIfMeaningful(fact, "series", gpu.path("asic").path("market_name").asText(null));
            RocmSmiParser.putIfMeaningful(fact, "model", gpu.path("asic").path("device_id").asText(null));
            RocmSmiParser.putIfMeaningful(fact, "serial", gpu.path("asic").path("asic_serial").asText(null));
            JsonNode vbios = gpu.path("vbios");
            String vbiosVersion = ToolValues.meaningful(vbios.path("version").asText(null));
            RocmSmiParser.putIfMeaningful(fact, "vbios", vbiosVersion != null ? vbiosVersion
                    : vbios.path("part_number").asText(vbios.path("name").asText(null)));
            double cap = powerCap(gpu.path("limit"));
            if (!Double.isNaN(cap)) {
                fact.put("max_power_watts", cap);
                caps.put(index, cap);
            }
            facts.add(fact);
            if (driverVersion == null) {
                driverVersion = ToolValues.meaningful(gpu.path("driver").path("version").asText(null));
            }
        }
        return new StaticInfo(facts, caps, driverVersion);
    }

    /**
     * The cap the GPU runs under: {@code limit.socket_power} (the cap set now, as rocm-smi's "Max
     * Graphics Package Power") before {@code max_power} (the highest cap allowed); newer versions
     * nest them per power tracker as {@code limit.ppt0.socket_power_limit}.
     */
    private static double powerCap(JsonNode limit) {
        double cap = watts(limit, "socket_power", "max_power");
        return Double.isNaN(cap) ? watts(limit.path("ppt0"), "socket_power_limit", "max_power_limit") : cap;
    }

    private static double watts(JsonNode object, String... fields) {
        for (String field : fields) {
            JsonNode node = object.get(field);
            double value = ToolValues.number(node);
            if (!Double.isNaN(value)) {
                return switch (ToolValues.unit(node)) {
                    case "mw" -> value / 1000.0;
                    case "uw" -> value / 1_000_000.0;
                    default -> value;
                };
            }
        }
        return Double.NaN;
    }

    // amd-smi 24.x printed the counter in µJ, later versions in J
    private static double joules(JsonNode node) {
        double value = ToolValues.number(node);
        return switch (ToolValues.unit(node)) {
            case "uj", "µj", "μj" -> value / 1_000_000.0;
            case "mj" -> value / 1000.0;
            default -> value;
        };
    }

    private static List<JsonNode> gpus(JsonNode report) {
        JsonNode list = report.isArray() ? report : report.path("gpu_data");
        List<JsonNode> gpus = new ArrayList<>();
        for (JsonNode gpu : list) {
            if (gpu.isObject() && gpu.path("gpu").canConvertToInt() && gpu.path("gpu").isIntegralNumber()) {
                gpus.add(gpu);
            }
        }
        return gpus;
    }
}
