package io.sysgauge.views.live;

import com.fasterxml.jackson.core.JsonGenerator;
import io.sysgauge.views.report.ChartLayout;
import io.sysgauge.views.report.Numbers;
import io.sysgauge.core.sampling.Record;
import io.sysgauge.core.sampling.RecordSink;
import io.sysgauge.spi.ExportedValue;
import io.sysgauge.events.Json;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The last {@code serve.history} records for the live page, as rows of doubles indexed by key
 * (8 bytes a value: an hour at 1 s with 100 keys is under 3 MB), written as the columns
 * {@code /api/series} serves. Fewer records are kept when their values would pass
 * {@link #MAX_KEPT_VALUES}, so a run with thousands of keys cannot exhaust the heap.
 */
public final class RecentRecords implements RecordSink {

    /** The most values one response carries; the page asks again with a later {@code since}. */
    static final int MAX_VALUES = 200_000;
    /** The most values kept in memory (16 MB of doubles), whatever {@code serve.history} says. */
    static final long MAX_KEPT_VALUES = 2_000_000;

    private final int capacity;
    private final long maxKeptValues;
    private final double[] runtimes;
    private final double[][] rows;
    private List<String> keys = new ArrayList<>();
    private Map<String, Integer> keyIndex = new HashMap<>();
    // The number of the record each key was last written in: keys no kept record has are dropped.
    private long[] lastWritten = new long[64];
    private long records;
    private int keysAfterCompaction;
    private int next;
    private int size;
    private long keptValues;

    /** @param capacity the most records kept; older ones are dropped */
    public RecentRecords(int capacity) {
        this(capacity, MAX_KEPT_VALUES);
    }

    RecentRecords(int capacity, long maxKeptValues) {
        this.capacity = capacity;
        this.maxKeptValues = maxKeptValues;
        this.runtimes = new double[capacity];
        this.rows = new double[capacity][];
    }

    @Override
    public synchronized void accept(Record record) {
        records++;
        for (ExportedValue sample : record.samples()) {
            int index = keyIndex.computeIfAbsent(sample.key(), key -> {
                keys.add(key);
                return keys.size() - 1;
            });
            if (index == lastWritten.length) {
                lastWritten = Arrays.copyOf(lastWritten, index * 2);
            }
            lastWritten[index] = records;
        }
        double[] row = new double[keys.size()];
        Arrays.fill(row, Double.NaN);
        for (ExportedValue sample : record.samples()) {
            row[keyIndex.get(sample.key())] = sample.value();
        }
        if (size == capacity) {
            dropOldest();
        }
        runtimes[next] = record.runtime();
        rows[next] = row;
        keptValues += row.length;
        next = (next + 1) % capacity;
        size++;
        while (keptValues > maxKeptValues && size > 1) {
            dropOldest();
        }
        if (keys.size() >= Math.max(64, 2 * keysAfterCompaction)) {
            dropKeysNoKeptRecordHas();
        }
    }

    private void dropOldest() {
        int oldest = (next - size + capacity) % capacity;
        keptValues -= rows[oldest].length;
        rows[oldest] = null;
        size--;
    }

    /** @return how many records are kept now */
    synchronized int size() {
        return size;
    }

    /**
     * Keys that churn (a scraped page's pods, processes that come and go) would otherwise make
     * every row, and every response, as long as all keys ever seen. Runs when the key count has
     * doubled, so its cost per record stays constant.
     */
    private void dropKeysNoKeptRecordHas() {
        long oldestKept = records - size + 1;
        List<String> kept = new ArrayList<>();
        int[] newIndex = new int[keys.size()];
        for (int key = 0; key < keys.size(); key++) {
            newIndex[key] = lastWritten[key] >= oldestKept ? kept.size() : -1;
            if (newIndex[key] >= 0) {
                kept.add(keys.get(key));
            }
        }
        keysAfterCompaction = kept.size();
        if (kept.size() == keys.size()) {
            return;
        }
        long[] keptLastWritten = new long[Math.max(64, kept.size() * 2)];
        Map<String, Integer> keptIndex = new HashMap<>();
        for (int key = 0; key < keys.size(); key++) {
            if (newIndex[key] >= 0) {
                keptLastWritten[newIndex[key]] = lastWritten[key];
                keptIndex.put(keys.get(key), newIndex[key]);
            }
        }
        keptValues = 0;
        for (int slot = 0; slot < capacity; slot++) {
            double[] row = rows[slot];
            if (row != null) {
                keptValues += kept.size();
                double[] compacted = new double[kept.size()];
                Arrays.fill(compacted, Double.NaN);
                for (int key = 0; key < row.length; key++) {
                    if (newIndex[key] >= 0) {
                        compacted[newIndex[key]] = row[key];
                    }
                }
                rows[slot] = compacted;
            }
        }
        keys = kept;
        keyIndex = keptIndex;
        lastWritten = keptLastWritten;
    }

    /** @return the most records kept */
    public int capacity() {
        return capacity;
    }

    /**
     * @param since run time in seconds; only later records are written (-1 for all)
     * @return {@code {"history":N,"layout":[..],"time":[..],"values":{key:[..]}}}, every key still
     *     known (the kept records' keys, and those that left since the last clean-up) in
     *     {@code values} with null where a record lacks it; the newest records only when all would
     *     exceed {@link #MAX_VALUES} values
     */
    public String seriesJson(double since) {
        List<String> keysNow;
        List<double[]> rowsNow = new ArrayList<>();
        List<Double> times = new ArrayList<>();
        // Copied under the lock, written outside it: the sampling thread must not wait on a slow client.
        synchronized (this) {
            keysNow = List.copyOf(keys);
            int first = (next - size + capacity) % capacity;
            for (int i = 0; i < size; i++) {
                int slot = (first + i) % capacity;
                if (runtimes[slot] > since) {
                    times.add(runtimes[slot]);
                    rowsNow.add(rows[slot]);
                }
            }
        }
        int keep = Math.max(1, MAX_VALUES / Math.max(1, keysNow.size()));
        int from = Math.max(0, rowsNow.size() - keep);
        StringWriter text = new StringWriter();
        try (JsonGenerator json = Json.FACTORY.createGenerator(text)) {
            json.writeStartObject();
            json.writeNumberField("history", capacity);
            json.writeFieldName("layout");
            ChartLayout.of(keysNow).write(json);
            json.writeArrayFieldStart("time");
            for (int i = from; i < times.size(); i++) {
                Json.writeNumber(json, times.get(i));
            }
            json.writeEndArray();
            json.writeObjectFieldStart("values");
            for (int key = 0; key < keysNow.size(); key++) {
                json.writeArrayFieldStart(keysNow.get(key));
                for (int i = from; i < rowsNow.size(); i++) {
                    double[] row = rowsNow.get(i);
                    Numbers.write(json, key < row.length ? row[key] : Double.NaN);
                }
                json.writeEndArray();
            }
            json.writeEndObject();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }
}
