package io.sysgauge.plugin.trainium;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;

/**
 * The configuration file neuron-monitor is started with: the metric groups W&B asks for (NeuronCore
 * counters, memory used and vCPU use for every Neuron application; vCPU, memory and hardware
 * counters of the host), reported once per sampling interval.
 */
final class NeuronMonitorConfig {

    private static final ObjectMapper JSON = new ObjectMapper();

    private NeuronMonitorConfig() {}

    /**
     * neuron-monitor takes whole seconds. A fraction is dropped, so that a tick never waits longer
     * than its interval for a report; below one second the period is one second (W&B wrote "0s").
     *
     * @param interval the sampling interval
     * @return the report period in seconds, at least 1
     */
    static long periodSeconds(Duration interval) {
        return Math.max(1, interval.getSeconds());
    }

    /**
     * @param interval the sampling interval
     * @return the configuration file's JSON text
     */
    static String forInterval(Duration interval) {
        ObjectNode config = JSON.createObjectNode();
        config.put("period", periodSeconds(interval) + "s");
        ObjectNode runtimes = config.putArray("neuron_runtimes").addObject();
        runtimes.put("tag_filter", ".*");
        addTypes(runtimes.putArray("metrics"), "neuroncore_counters", "memory_used", "neuron_runtime_vcpu_usage");
        addTypes(config.putArray("system_metrics"), "vcpu_usage", "memory_info", "neuron_hw_counters");
        return config.toString();
    }

    private static void addTypes(ArrayNode groups, String... types) {
        for (String type : types) {
            groups.addObject().put("type", type);
        }
    }
}
