package io.sysgauge.core.sampling;

import io.sysgauge.spi.ExportedValue;
import java.util.List;

/**
 * Everything sampled at one tick, in the order collectors are registered.
 *
 * @param timestamp wall time of the tick, seconds since the epoch
 * @param runtime seconds since sampling started
 * @param samples the values
 */
public record Record(double timestamp, double runtime, List<ExportedValue> samples) {

    /**
     * @param key a flat key
     * @return its value in this record, or NaN
     */
    public double value(String key) {
        for (ExportedValue sample : samples) {
            if (sample.key().equals(key)) {
                return sample.value();
            }
        }
        return Double.NaN;
    }
}
