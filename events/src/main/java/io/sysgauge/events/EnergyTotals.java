package io.sysgauge.events;

import io.sysgauge.core.sampling.Record;
import io.sysgauge.core.sampling.RecordSink;
import io.sysgauge.spi.ExportedValue;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The run's energy per GPU and overall, for {@code metadata.json}, from the {@code gpu.{i}.energyJoules}
 * values the records carry (a counter: joules since the collector's first sample). A GPU's energy is
 * its last value less its first, so a collector that joined late counts from when it joined. Fed on
 * the sampling thread; read once sampling has stopped.
 */
public final class EnergyTotals implements RecordSink {

    private static final String PREFIX = "gpu.";
    private static final String SUFFIX = ".energyJoules";
    private static final double JOULES_PER_WATT_HOUR = 3600.0;

    // GPU label -> {first, last} joules, ordered by GPU index
    private final Map<String, double[]> byGpu = new TreeMap<>(EnergyTotals::byIndex);

    @Override
    public synchronized void accept(Record record) {
        for (ExportedValue sample : record.samples()) {
            String key = sample.key();
            // gpu.{i}.energyJoules only: no dot inside {i}
            if (key.endsWith(SUFFIX) && key.startsWith(PREFIX)
                    && key.indexOf('.', PREFIX.length()) == key.length() - SUFFIX.length()
                    && Double.isFinite(sample.value())) {
                String gpu = key.substring(0, key.length() - SUFFIX.length());
                double[] span = byGpu.computeIfAbsent(gpu, ignored -> new double[] {sample.value(), 0});
                span[1] = sample.value();
            }
        }
    }

    /**
     * @return {@code {"gpu.0": {"joules": ..., "wattHours": ...}, ..., "total": {...}}}; empty when no
     *     record carried a GPU's energy
     */
    public synchronized Optional<Map<String, Object>> describe() {
        if (byGpu.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> energy = new LinkedHashMap<>();
        double total = 0;
        for (Map.Entry<String, double[]> gpu : byGpu.entrySet()) {
            double joules = gpu.getValue()[1] - gpu.getValue()[0];
            total += joules;
            energy.put(gpu.getKey(), amount(joules));
        }
        energy.put("total", amount(total));
        return Optional.of(energy);
    }

    private static Map<String, Object> amount(double joules) {
        Map<String, Object> amount = new LinkedHashMap<>();
        amount.put("joules", joules);
        amount.put("wattHours", joules / JOULES_PER_WATT_HOUR);
        return amount;
    }

    // "gpu.2" before "gpu.10"; a label that is not a number after the numbers, by name.
    private static int byIndex(String left, String right) {
        String a = left.substring(PREFIX.length());
        String b = right.substring(PREFIX.length());
        boolean numbers = a.chars().allMatch(Character::isDigit) && b.chars().allMatch(Character::isDigit);
        if (numbers && !a.isEmpty() && !b.isEmpty()) {
            return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
        }
        return left.compareTo(right);
    }
}
