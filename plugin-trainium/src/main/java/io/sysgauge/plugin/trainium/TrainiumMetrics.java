package io.sysgauge.plugin.trainium;

import io.sysgauge.spi.MetricDescriptor;
import io.sysgauge.spi.Unit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The keys the trainium plugin writes, spelled as W&B's Trainium seed keys. */
final class TrainiumMetrics {

    /** The host memory categories of {@code usage_breakdown.host}, in report order. */
    static final List<String> HOST_CATEGORIES = List.of("application_memory", "constants", "dma_buffers", "tensors");
    /** The per-NeuronCore categories of {@code usage_breakdown.neuroncore_memory_usage}, in report order. */
    static final List<String> CORE_CATEGORIES = List.of("constants", "model_code", "model_shared_scratchpad",
            "runtime_memory", "tensors");

    static final MetricDescriptor NEURONCORE_UTILIZATION = MetricDescriptor.of("trn.{core}.neuroncore_utilization",
            Unit.PERCENT, "Time the NeuronCore was busy during neuron-monitor's period, for the monitored tree");
    static final MetricDescriptor HOST_TOTAL_MEMORY = MetricDescriptor.of("trn.host_total_memory_usage", Unit.BYTES,
            "Host memory held by the monitored tree's Neuron runtimes");
    static final MetricDescriptor DEVICE_TOTAL_MEMORY = MetricDescriptor.of("trn.neuron_device_total_memory_usage",
            Unit.BYTES, "Neuron device memory held by the monitored tree's Neuron runtimes");
    /** One descriptor per host category: each is a family of its own next to the total. */
    static final Map<String, MetricDescriptor> HOST_MEMORY = hostMemory();
    /** One descriptor per NeuronCore category, labelled by core. */
    static final Map<String, MetricDescriptor> CORE_MEMORY = coreMemory();

    private TrainiumMetrics() {}

    private static Map<String, MetricDescriptor> hostMemory() {
        Map<String, MetricDescriptor> descriptors = new LinkedHashMap<>();
        for (String category : HOST_CATEGORIES) {
            descriptors.put(category, MetricDescriptor.of("trn.host_total_memory_usage." + category, Unit.BYTES,
                    "Host memory of the monitored tree's Neuron runtimes used for " + category.replace('_', ' ')));
        }
        return Map.copyOf(descriptors);
    }

    private static Map<String, MetricDescriptor> coreMemory() {
        Map<String, MetricDescriptor> descriptors = new LinkedHashMap<>();
        for (String category : CORE_CATEGORIES) {
            descriptors.put(category, MetricDescriptor.of("trn.{core}.neuroncore_memory_usage." + category, Unit.BYTES,
                    "Neuron device memory allocated for the NeuronCore and used for " + category.replace('_', ' ')
                            + ", for the monitored tree"));
        }
        return Map.copyOf(descriptors);
    }
}
