package io.sysgauge.plugin.tpu;

import io.sysgauge.spi.DeviceSelection;
import io.sysgauge.spi.SampleWriter;
import java.util.Map;
import java.util.TreeSet;

/**
 * One tick's values of libtpu's three metrics, by device index, and the keys they make.
 * Memory is reported per device; the duty cycle per device too, except on chips with two devices
 * (v2, v3, 7x), where older libtpu versions report it once per chip: then each device of a chip
 * gets its chip's figure, as tpu-info does.
 *
 * @param usageBytes HBM in use
 * @param totalBytes HBM in total
 * @param dutyCycle TensorCore duty cycle, percent
 */
record TpuReading(Map<Integer, Double> usageBytes, Map<Integer, Double> totalBytes, Map<Integer, Double> dutyCycle) {

    void write(SampleWriter out, DeviceSelection devices, int devicesPerChip) {
        TreeSet<Integer> indices = new TreeSet<>(usageBytes.keySet());
        indices.addAll(totalBytes.keySet());
        boolean dutyPerChip = devicesPerChip > 1 && !dutyCycle.isEmpty() && dutyCycle.size() < indices.size()
                && dutyCycle.size() * devicesPerChip == indices.size();
        if (!dutyPerChip) {
            indices.addAll(dutyCycle.keySet());
        }
        for (int index : indices) {
            if (!devices.includes(index)) {
                continue;
            }
            String label = Integer.toString(index);
            double used = usageBytes.getOrDefault(index, Double.NaN);
            double total = totalBytes.getOrDefault(index, Double.NaN);
            out.write(TpuMetrics.MEMORY_USAGE_BYTES, used, label);
            out.write(TpuMetrics.HBM_CAPACITY_TOTAL, total, label);
            out.write(TpuMetrics.MEMORY_USAGE_PERCENT, total > 0 ? 100.0 * used / total : Double.NaN, label);
            out.write(TpuMetrics.DUTY_CYCLE_PERCENT,
                    dutyCycle.getOrDefault(dutyPerChip ? index / devicesPerChip : index, Double.NaN), label);
        }
    }
}
