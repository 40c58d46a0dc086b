package io.sysgauge.views.report;

import java.util.Arrays;

/**
 * One key's values over a whole run in one pass and little memory: count, min, mean, max, the
 * first and last value, when the max happened, and p95 from a log-bucketed histogram (each bucket
 * 4 % wide, as DDSketch does: a quantile within 2 %), so a day of 1 s samples costs a few hundred
 * counters, not 86,400 values, and 5,000 keys stay within the launcher's heap.
 */
public final class MetricStats {

    // Bucket i holds |v| in (GAMMA^(i-1), GAMMA^i]; its middle is within 2 % of any value in it.
    private static final double GAMMA = 1.04;
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
    private final Counts positive = new Counts();
    private final Counts negative = new Counts();

    /** Counts per bucket index over the range of indices seen, in one array that grows at either end. */
    private static final class Counts {
        private int lowest;
        private int[] counts = new int[0];

        void add(int bucket) {
            if (counts.length == 0) {
                lowest = bucket;
                counts = new int[1];
            } else if (bucket < lowest) {
                int[] grown = new int[counts.length + lowest - bucket];
                System.arraycopy(counts, 0, grown, lowest - bucket, counts.length);
                counts = grown;
                lowest = bucket;
            } else if (bucket >= lowest + counts.length) {
                counts = Arrays.copyOf(counts, bucket - lowest + 1);
            }
            counts[bucket - lowest]++;
        }
    }

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
            (value > 0 ? positive : negative).add(bucket);
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
        for (int i = negative.counts.length - 1; i >= 0; i--) {
            seen += negative.counts[i];
            if (seen >= rank) {
                return clamp(-middle(negative.lowest + i));
            }
        }
        seen += zeros;
        if (seen >= rank) {
            return 0;
        }
        for (int i = 0; i < positive.counts.length; i++) {
            seen += positive.counts[i];
            if (seen >= rank) {
                return clamp(middle(positive.lowest + i));
            }
        }
        return max;
    }

    // The bucket's middle: within (GAMMA - 1) / 2 of any value in it.
    private static double middle(int bucket) {
        return Math.pow(GAMMA, bucket) * 2 / (1 + GAMMA);
    }

    private double clamp(double value) {
        return Math.max(min, Math.min(max, value));
    }
}
