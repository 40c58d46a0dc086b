package io.sysgauge.core.report;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Records of any length into at most {@code capacity} time buckets in one pass and bounded
 * memory: each key keeps the mean, min and max of its values per bucket, so a one-record spike
 * survives as the bucket's max. Buckets start narrow; when a record falls past the last one,
 * the width doubles and neighbours merge, so a run of N records ends with between capacity/2
 * and capacity buckets, and a short run keeps every record in a bucket of its own.
 */
public final class Downsampler {

    private final int capacity;
    private double width;
    private double origin = Double.NaN;
    private int current;
    private final double[] timeSum;
    private final int[] timeCount;
    private final Map<String, Buckets> keys = new LinkedHashMap<>();

    /**
     * @param capacity the most buckets kept
     * @param initialWidth the narrowest bucket, in seconds of run time
     */
    public Downsampler(int capacity, double initialWidth) {
        this.capacity = capacity;
        this.width = initialWidth;
        this.timeSum = new double[capacity];
        this.timeCount = new int[capacity];
    }

    /** @param runtime seconds since the run started, of the record whose values follow */
    public void startRecord(double runtime) {
        if (Double.isNaN(origin)) {
            origin = runtime;
        }
        double offset = Math.max(0, runtime - origin);
        while (offset / width >= capacity) {
            coarsen();
        }
        current = (int) (offset / width);
        timeSum[current] += runtime;
        timeCount[current]++;
    }

    /** @param key a flat key; @param value its value in the current record (NaN is skipped) */
    public void add(String key, double value) {
        if (!Double.isNaN(value)) {
            keys.computeIfAbsent(key, k -> new Buckets(capacity)).add(current, value);
        }
    }

    /** @return the keys seen, in order of first appearance */
    public Set<String> keys() {
        return keys.keySet();
    }

    /** @return whether some bucket holds more than one value of some key: min and max then differ from the mean */
    public boolean downsampled() {
        return keys.values().stream().anyMatch(buckets -> buckets.merged);
    }

    /** @return the buckets that hold a record: their mean run time */
    public double[] times() {
        return Arrays.stream(occupied()).mapToDouble(i -> timeSum[i] / timeCount[i]).toArray();
    }

    /** @return per key, the mean of each occupied bucket, NaN where the key had no value */
    public Map<String, double[]> means() {
        return column(buckets -> i -> buckets.has(i) ? buckets.sum[i] / buckets.count[i] : Double.NaN);
    }

    /** @return per key, the smallest value of each occupied bucket */
    public Map<String, double[]> minima() {
        return column(buckets -> i -> buckets.has(i) ? buckets.min[i] : Double.NaN);
    }

    /** @return per key, the largest value of each occupied bucket */
    public Map<String, double[]> maxima() {
        return column(buckets -> i -> buckets.has(i) ? buckets.max[i] : Double.NaN);
    }

    /**
     * Writes {@code "time":[..],"values":{key:[..]}}, and {@code "min"} and {@code "max"} alike
     * when buckets merged records, into the object being written.
     *
     * @param json where to write
     * @throws IOException from the generator
     */
    public void writeFields(JsonGenerator json) throws IOException {
        json.writeFieldName("time");
        Numbers.writeArray(json, times());
        writeColumns(json, "values", means());
        if (downsampled()) {
            writeColumns(json, "min", minima());
            writeColumns(json, "max", maxima());
        }
    }

    private static void writeColumns(JsonGenerator json, String name, Map<String, double[]> columns) throws IOException {
        json.writeObjectFieldStart(name);
        for (Map.Entry<String, double[]> column : columns.entrySet()) {
            json.writeFieldName(column.getKey());
            Numbers.writeArray(json, column.getValue());
        }
        json.writeEndObject();
    }

    private Map<String, double[]> column(java.util.function.Function<Buckets, java.util.function.IntToDoubleFunction> value) {
        int[] occupied = occupied();
        Map<String, double[]> result = new LinkedHashMap<>();
        keys.forEach((key, buckets) -> result.put(key, Arrays.stream(occupied).mapToDouble(value.apply(buckets)).toArray()));
        return result;
    }

    private int[] occupied() {
        return java.util.stream.IntStream.range(0, capacity).filter(i -> timeCount[i] > 0).toArray();
    }

    private void coarsen() {
        width *= 2;
        for (int i = 0; i < capacity; i++) {
            int target = i / 2;
            if (i != target) {
                timeSum[target] += timeSum[i];
                timeCount[target] += timeCount[i];
                timeSum[i] = 0;
                timeCount[i] = 0;
            }
        }
        keys.values().forEach(Buckets::halve);
    }

    /**
     * One key's buckets, grown as records arrive: a short run with many keys costs what it holds,
     * not {@code capacity} buckets a key.
     */
    private static final class Buckets {
        private final int capacity;
        double[] sum = new double[16];
        double[] min = new double[16];
        double[] max = new double[16];
        int[] count = new int[16];
        boolean merged;

        Buckets(int capacity) {
            this.capacity = capacity;
        }

        boolean has(int bucket) {
            return bucket < count.length && count[bucket] > 0;
        }

        void add(int bucket, double value) {
            if (bucket >= count.length) {
                int size = Math.min(capacity, Math.max(bucket + 1, count.length * 2));
                sum = Arrays.copyOf(sum, size);
                min = Arrays.copyOf(min, size);
                max = Arrays.copyOf(max, size);
                count = Arrays.copyOf(count, size);
            }
            if (count[bucket] == 0) {
                min[bucket] = value;
                max[bucket] = value;
            } else {
                min[bucket] = Math.min(min[bucket], value);
                max[bucket] = Math.max(max[bucket], value);
                merged = true;
            }
            sum[bucket] += value;
            count[bucket]++;
        }

        void halve() {
            for (int i = 1; i < count.length; i++) {
                int target = i / 2;
                if (count[i] == 0) {
                    continue;
                }
                if (count[target] == 0) {
                    min[target] = min[i];
                    max[target] = max[i];
                } else {
                    min[target] = Math.min(min[target], min[i]);
                    max[target] = Math.max(max[target], max[i]);
                    merged = true;
                }
                sum[target] += sum[i];
                count[target] += count[i];
                sum[i] = 0;
                count[i] = 0;
            }
        }
    }
}
