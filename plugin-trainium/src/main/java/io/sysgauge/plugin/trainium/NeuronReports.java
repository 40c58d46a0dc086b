package io.sysgauge.plugin.trainium;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.LongPredicate;

/**
 * The JSON reports neuron-monitor prints, one per line. A report lists one entry per Neuron
 * application under {@code neuron_runtime_data}, each with its {@code pid} and a {@code report} of
 * metric groups ({@code neuroncore_counters}, {@code memory_used}); every entry and every group
 * carries an {@code "error"} string that is empty when its data could be read. Each entry lists
 * every NeuronCore of the instance, with zeros for the cores it does not use, so summing over
 * entries gives the tree's share of each core.
 *
 * <p>Per-core values are read from {@code neuroncores_in_use.<core>.neuroncore_utilization} (Trn2's
 * {@code flops} and {@code v3d} halves are not used) and
 * {@code memory_used.neuron_runtime_used_bytes.usage_breakdown.neuroncore_memory_usage.<core>};
 * categories other than W&B's five are ignored.
 */
final class NeuronReports {

    private NeuronReports() {}

    /**
     * Sums the values of the runtime entries that belong to the monitored tree. A sum is left out
     * when any of its runtimes could not give its share: a runtime whose entry reports an error loses
     * every value of the report, a metric group that reports an error loses that group's values, and
     * a missing field loses the values it adds to. The other values stay.
     *
     * @param report one parsed line of neuron-monitor's output
     * @param inTree which pids belong to the tree; entries without a pid are tested as -1
     * @return the tree's values
     */
    static NeuronUsage usage(JsonNode report, LongPredicate inTree) {
        Sums<Integer> utilization = new Sums<>();
        Sums<String> totals = new Sums<>();
        Sums<String> hostBytes = new Sums<>();
        Sums<CoreCategory> coreBytes = new Sums<>();
        for (JsonNode entry : report.path("neuron_runtime_data")) {
            if (!inTree.test(pid(entry))) {
                continue;
            }
            JsonNode groups = entry.path("report");
            JsonNode counters = groups.path("neuroncore_counters");
            if (healthy(entry) && counters.isObject() && healthy(counters)) {
                forEachCore(counters.path("neuroncores_in_use"), utilization, (core, values) ->
                        utilization.add(core, number(values.get("neuroncore_utilization"))));
            } else {
                utilization.unknown();
            }
            JsonNode memory = groups.path("memory_used");
            if (healthy(entry) && memory.isObject() && healthy(memory)) {
                JsonNode used = memory.path("neuron_runtime_used_bytes");
                totals.add("host", number(used.get("host")));
                totals.add("neuron_device", number(used.get("neuron_device")));
                JsonNode breakdown = used.path("usage_breakdown");
                JsonNode host = breakdown.path("host");
                if (host.isObject()) {
                    TrainiumMetrics.HOST_CATEGORIES.forEach(category -> hostBytes.add(category, number(host.get(category))));
                } else {
                    hostBytes.unknown(); // the older memory_used shape has the totals only
                }
                forEachCore(breakdown.path("neuroncore_memory_usage"), coreBytes, (core, values) -> {
                    for (String category : TrainiumMetrics.CORE_CATEGORIES) {
                        coreBytes.add(new CoreCategory(core, category), number(values.get(category)));
                    }
                });
            } else {
                totals.unknown();
                hostBytes.unknown();
                coreBytes.unknown();
            }
        }
        Map<String, Double> totalBytes = totals.known();
        SortedMap<Integer, Map<String, Double>> byCore = new TreeMap<>();
        coreBytes.known().forEach((key, bytes) ->
                byCore.computeIfAbsent(key.core(), core -> new LinkedHashMap<>()).put(key.category(), bytes));
        return new NeuronUsage(new TreeMap<>(utilization.known()), totalBytes.getOrDefault("host", Double.NaN),
                totalBytes.getOrDefault("neuron_device", Double.NaN), hostBytes.known(), byCore);
    }

    /**
     * Facts for metadata.json from a report's {@code neuron_hardware_info} and {@code instance_info}.
     * Counts are whole numbers however the JSON spells them; hardware facts are left out when that
     * object reports an error (no driver), as its counts are then zeros.
     *
     * @param report one parsed line of neuron-monitor's output
     * @return neuron_device_count, neuroncore_per_device_count, neuron_device_type and instance_type, where known
     */
    static Map<String, Object> hardwareFacts(JsonNode report) {
        Map<String, Object> facts = new LinkedHashMap<>();
        JsonNode hardware = report.path("neuron_hardware_info");
        if (hardware.isObject() && healthy(hardware)) {
            putCount(facts, "neuron_device_count", hardware.get("neuron_device_count"));
            putCount(facts, "neuroncore_per_device_count", hardware.get("neuroncore_per_device_count"));
            putText(facts, "neuron_device_type", hardware.get("neuron_device_type"));
        }
        // instance_info's error is about the optional fields; the type stands on its own
        putText(facts, "instance_type", report.path("instance_info").get("instance_type"));
        return facts;
    }

    /** @return whether an entry or group says nothing went wrong: its "error" is missing, null or blank */
    static boolean healthy(JsonNode part) {
        JsonNode error = part.get("error");
        return error == null || error.isNull() || error.isTextual() && error.asText().isBlank();
    }

    private interface CoreVisitor {
        void visit(int core, JsonNode values);
    }

    /**
     * Visits the entries of an object keyed by NeuronCore index ("0", "1", ...); other keys are
     * skipped. Without the object, every per-core sum of the group is unknown.
     */
    private static void forEachCore(JsonNode byCore, Sums<?> sums, CoreVisitor visitor) {
        if (!byCore.isObject()) {
            sums.unknown();
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> cores = byCore.fields(); cores.hasNext(); ) {
            Map.Entry<String, JsonNode> core = cores.next();
            String index = core.getKey();
            if (!index.isEmpty() && index.length() <= 6 && index.chars().allMatch(Character::isDigit)) {
                visitor.visit(Integer.parseInt(index), core.getValue());
            }
        }
    }

    private static long pid(JsonNode entry) {
        JsonNode pid = entry.get("pid");
        return pid != null && pid.isIntegralNumber() && pid.canConvertToLong() ? pid.asLong() : -1;
    }

    private static double number(JsonNode node) {
        return node != null && node.isNumber() ? node.asDouble() : Double.NaN;
    }

    private record CoreCategory(int core, String category) {}

    /** Sums by key over the tree's runtimes; a key any runtime could not give is unknown, and left out. */
    private static final class Sums<K> {
        private final Map<K, Double> sums = new LinkedHashMap<>();
        private final Set<K> unknownKeys = new HashSet<>();
        private boolean allUnknown;

        void add(K key, double value) {
            if (Double.isNaN(value)) {
                unknownKeys.add(key);
            } else {
                sums.merge(key, value, Double::sum);
            }
        }

        void unknown() {
            allUnknown = true;
        }

        Map<K, Double> known() {
            Map<K, Double> known = new LinkedHashMap<>();
            if (!allUnknown) {
                sums.forEach((key, sum) -> {
                    if (!unknownKeys.contains(key)) {
                        known.put(key, sum);
                    }
                });
            }
            return known;
        }
    }

    private static void putCount(Map<String, Object> facts, String key, JsonNode node) {
        // W&B cast these to uint32 from JSON's float64 and never set them; a whole number of any spelling counts
        if (node != null && node.isNumber() && node.asDouble() >= 0 && node.asDouble() == Math.rint(node.asDouble())
                && node.asDouble() <= Integer.MAX_VALUE) {
            facts.put(key, (int) node.asDouble());
        }
    }

    private static void putText(Map<String, Object> facts, String key, JsonNode node) {
        if (node != null && node.isTextual() && !node.asText().isBlank()) {
            facts.put(key, node.asText().strip());
        }
    }
}
