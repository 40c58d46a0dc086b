package io.sysgauge.plugin.trainium;

import java.util.Map;
import java.util.SortedMap;

/**
 * What one neuron-monitor report says about the monitored tree's Neuron runtimes, summed over
 * them. A value that no runtime of the tree reported, or that one of them could not report, is
 * absent from its map, or NaN for the totals.
 *
 * @param coreUtilization percent busy by NeuronCore index
 * @param hostTotalBytes host memory held ({@code neuron_runtime_used_bytes.host})
 * @param deviceTotalBytes Neuron device memory held ({@code neuron_runtime_used_bytes.neuron_device})
 * @param hostBytes host memory by category ({@code usage_breakdown.host})
 * @param coreBytes device memory by NeuronCore index, then category ({@code usage_breakdown.neuroncore_memory_usage})
 */
record NeuronUsage(SortedMap<Integer, Double> coreUtilization, double hostTotalBytes, double deviceTotalBytes,
        Map<String, Double> hostBytes, SortedMap<Integer, Map<String, Double>> coreBytes) {}
