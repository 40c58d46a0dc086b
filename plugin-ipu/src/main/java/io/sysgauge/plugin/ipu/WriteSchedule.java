package io.sysgauge.plugin.ipu;

import io.sysgauge.plugin.ipu.SeedNaming.IpuMetric;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which of a device's metrics a tick writes. The seed wrote every metric of a device the first time
 * it saw the device, and after that only the variable ones ({@link SeedNaming#VARIABLE_ATTRIBUTES}:
 * temperatures, clock, power, utilisation), on every sample, to avoid resending fixed facts. The
 * fixed ones (link speed and width, board ipu index, firmware numbers, the user process id) are
 * written again here when their value changes, which the seed never did: a link that drops to a
 * lower width, or another process taking the IPU, would otherwise go unrecorded.
 */
final class WriteSchedule {

    // Per device id, the fixed metrics' values as last written.
    private final Map<String, Map<String, Double>> writtenFixedValues = new HashMap<>();

    /**
     * @param device the device's newest attributes; call only for devices being reported
     * @return the metrics to write now
     */
    List<IpuMetric> due(DeviceAttributes device) {
        Map<String, Double> written = writtenFixedValues.get(device.id());
        boolean firstSighting = written == null;
        if (firstSighting) {
            written = new HashMap<>();
            writtenFixedValues.put(device.id(), written);
        }
        List<IpuMetric> due = new ArrayList<>();
        for (Map.Entry<String, String> attribute : device.attributes().entrySet()) {
            Optional<IpuMetric> parsed = SeedNaming.metric(attribute.getKey(), attribute.getValue());
            if (parsed.isEmpty()) {
                continue;
            }
            IpuMetric metric = parsed.get();
            if (metric.variable()) {
                due.add(metric);
                continue;
            }
            Double previous = written.put(metric.key(), metric.value());
            if (firstSighting || previous == null || Double.compare(previous, metric.value()) != 0) {
                due.add(metric);
            }
        }
        return due;
    }
}
