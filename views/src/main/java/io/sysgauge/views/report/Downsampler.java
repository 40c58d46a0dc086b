package io.sysgauge.views.report;

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
 *
 * <p>The points of all keys together are bounded too ({@code pointBudget}): each new key that
 * would take the total past it lowers every key's capacity to {@code pointBudget / keys}
 * (merging buckets as needed), so memory and output grow with neither the keys nor the records.
 */
public final class Downsampler {

    /** The fewest buckets a key keeps however many keys there are: a line needs two points. */
    static final int MIN_CAPACITY = 2;

    private final int maxCapacity;
    private final long pointBudget;
    private int capacity;
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
        this(capacity, Long.MAX_VALUE, initialWidth);
    }

    /**
     * @param capacity the most buckets kept per key
     * @param pointBudget the most buckets kept over all keys together (each key keeps at least {@value #MIN_CAPACITY})
     * @param initialWidth the narrowest bucket, in seconds of run time
     */
    public Downsampler(int capacity, long pointBudget, double initialWidth) {
        if (capacity < MIN_CAPACITY || pointBudget < MIN_CAPACITY) {
            throw new IllegalArgumentException("capacity and point budget must be at least " + MIN_CAPACITY);
        }
        this.maxCapacity = capacity;
        this.capacity = capacity;
        this.pointBudget = pointBudget;
        this.width = initialWidth;
        this.timeSum = new double[capacity];
        this.timeCount = new int[capacity];
    }

    /** @return the most buckets each key may hold now, given how many keys there are */
    public int capacity() {
        return capacity;
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
        if (Double.isNaN(value)) {
            return;
        }
        Buckets buckets = keys.get(key);
        if (buckets == null) {
            fitCapacity(keys.size() + 1);
            buckets = new Buckets(capacity);
            keys.put(key, buckets);
        }
        buckets.add(current, value, capacity);
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
        int[] occupied = occupied();
        json.writeFieldName("time");
        Numbers.writeArray(json, times());
        // Key by key straight from the buckets: no second copy of every column is built.
        writeColumns(json, "values", occupied, buckets -> i -> buckets.has(i) ? buckets.sum[i] / buckets.count[i] : Double.NaN);
        if (downsampled()) {
            writeColumns(json, "min", occupied, buckets -> i -> buckets.has(i) ? buckets.min[i] : Double.NaN);
            writeColumns(json, "max", occupied, buckets -> i -> buckets.has(i) ? buckets.max[i] : Double.NaN);
        }
    }

    private void writeColumns(JsonGenerator json, String name, int[] occupied,
            java.util.function.Function<Buckets, java.util.function.IntToDoubleFunction> value) throws IOException {
        json.writeObjectFieldStart(name);
        for (Map.Entry<String, Buckets> key : keys.entrySet()) {
            java.util.function.IntToDoubleFunction column = value.apply(key.getValue());
            json.writeFieldName(key.getKey());
            json.writeStartArray();
            for (int bucket : occupied) {
                Numbers.write(json, column.applyAsDouble(bucket));
            }
            json.writeEndArray();
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
        return java.util.stream.IntStream.range(0, timeCount.length).filter(i -> timeCount[i] > 0).toArray();
    }

    /** Lowers every key's capacity to what the budget allows for this many keys, merging buckets to fit. */
    private void fitCapacity(int keyCount) {
        int allowed = (int) Math.max(MIN_CAPACITY, Math.min(maxCapacity, pointBudget / keyCount));
        if (allowed >= capacity) {
            return;
        }
        while (highestOccupied() >= allowed) {
            coarsen();
            current /= 2;
        }
        capacity = allowed;
        keys.values().forEach(buckets -> buckets.trim(allowed));
    }

    private int highestOccupied() {
        for (int i = timeCount.length - 1; i >= 0; i--) {
            if (timeCount[i] > 0) {
                return i;
            }
        }
        return -1;
    }

    private void coarsen() {
        width *= 2;
        for (int i = 0; i < timeCount.length; i++) {
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
        double[] sum;
        double[] min;
        double[] max;
        int[] count;
        boolean merged;

        Buckets(int capacity) {
            int size = Math.min(16, capacity);
            sum = new double[size];
            min = new double[size];
            max = new double[size];
            count = new int[size];
        }

        boolean has(int bucket) {
            return bucket < count.length && count[bucket] > 0;
        }

        void add(int bucket, double value, int capacity) {
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

        /** Drops the room past {@code capacity}; the buckets there are empty once merged down. */
        void trim(int capacity) {
            if (count.length > capacity) {
                sum = Arrays.copyOf(sum, capacity);
                min = Arrays.copyOf(min, capacity);
                max = Arrays.copyOf(max, capacity);
                count = Arrays.copyOf(count, capacity);
            }
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
