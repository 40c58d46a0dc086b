package io.sysgauge.views.report;

import java.util.Map;
import java.util.TreeMap;

/**
 * One key's values over a whole run in one pass and little memory: count, min, mean, max, the
 * first and last value, when the max happened, and p95 from a log-bucketed histogram (each bucket
 * 1 % wide, as DDSketch does), so a day of 1 s samples costs a few hundred buckets, not 86,400 values.
 */
public final class MetricStats {

    // Bucket i holds |v| in (GAMMA^(i-1), GAMMA^i]: a quantile is within 1 % of a true value.
    private static final double GAMMA = 1.02;
    private static final double LOG_GAMMA = Math.log(GAMMA);

    private long count;
    private double sum;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private double maxAt = Double.NaN;
    private double first = Double.NaN;
    private double firstAt = Double.NaN;
    private double last = Double.NaN;
    private double lastAt = Double.NaN;
    private long zeros;
    private final TreeMap<Integer, long[]> positive = new TreeMap<>();
    private final TreeMap<Integer, long[]> negative = new TreeMap<>();

    /** @param value a value; @param runtime when, in seconds of run time */
    public void add(double value, double runtime) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return;
        }
        if (count == 0) {
            first = value;
            firstAt = runtime;
        }
        count++;
        sum += value;
        min = Math.min(min, value);
        if (value > max) {
            max = value;
            maxAt = runtime;
        }
        last = value;
        lastAt = runtime;
        if (value == 0) {
            zeros++;
        } else {
            int bucket = (int) Math.ceil(Math.log(Math.abs(value)) / LOG_GAMMA);
            (value > 0 ? positive : negative).computeIfAbsent(bucket, b -> new long[1])[0]++;
        }
    }

    /** @return values seen */
    public long count() {
        return count;
    }

    /** @return the smallest value; NaN when none */
    public double min() {
        return count == 0 ? Double.NaN : min;
    }

    /** @return the largest value; NaN when none */
    public double max() {
        return count == 0 ? Double.NaN : max;
    }

    /** @return run time of the first record that held the largest value */
    public double maxAt() {
        return maxAt;
    }

    /** @return the mean; NaN when none */
    public double mean() {
        return count == 0 ? Double.NaN : sum / count;
    }

    /** @return the first value */
    public double first() {
        return first;
    }

    /** @return its run time */
    public double firstAt() {
        return firstAt;
    }

    /** @return the last value */
    public double last() {
        return last;
    }

    /** @return its run time */
    public double lastAt() {
        return lastAt;
    }

    /**
     * @param q a quantile in [0, 1]
     * @return a value within 2 % of the q-quantile (nearest rank), clamped to min and max; NaN when none
     */
    public double quantile(double q) {
        if (count == 0) {
            return Double.NaN;
        }
        long rank = Math.max(1, (long) Math.ceil(q * count));
        if (rank == 1) {
            return min; // the ends are known exactly
        }
        if (rank >= count) {
            return max;
        }
        long seen = 0;
        for (Map.Entry<Integer, long[]> bucket : negative.descendingMap().entrySet()) {
            seen += bucket.getValue()[0];
            if (seen >= rank) {
                return clamp(-Math.pow(GAMMA, bucket.getKey()));
            }
        }
        seen += zeros;
        if (seen >= rank) {
            return 0;
        }
        for (Map.Entry<Integer, long[]> bucket : positive.entrySet()) {
            seen += bucket.getValue()[0];
            if (seen >= rank) {
                // The bucket's middle: within GAMMA/2 of any value in it.
                return clamp(Math.pow(GAMMA, bucket.getKey()) * 2 / (1 + GAMMA));
            }
        }
        return max;
    }

    private double clamp(double value) {
        return Math.max(min, Math.min(max, value));
    }
}
