package io.sysgauge.core.serve;

import com.fasterxml.jackson.core.JsonGenerator;
import io.sysgauge.core.report.ChartLayout;
import io.sysgauge.core.report.Numbers;
import io.sysgauge.core.sampling.Record;
import io.sysgauge.core.sampling.RecordSink;
import io.sysgauge.core.sampling.Sample;
import io.sysgauge.core.sink.Json;
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
 * {@code /api/series} serves.
 */
public final class RecentRecords implements RecordSink {

    /** The most values one response carries; the page asks again with a later {@code since}. */
    static final int MAX_VALUES = 200_000;

    private final int capacity;
    private final double[] runtimes;
    private final double[][] rows;
    private final List<String> keys = new ArrayList<>();
    private final Map<String, Integer> keyIndex = new HashMap<>();
    private int next;
    private int size;

    /** @param capacity the most records kept; older ones are dropped */
    public RecentRecords(int capacity) {
        this.capacity = capacity;
        this.runtimes = new double[capacity];
        this.rows = new double[capacity][];
    }

    @Override
    public synchronized void accept(Record record) {
        for (Sample sample : record.samples()) {
            keyIndex.computeIfAbsent(sample.key(), key -> {
                keys.add(key);
                return keys.size() - 1;
            });
        }
        double[] row = new double[keys.size()];
        Arrays.fill(row, Double.NaN);
        for (Sample sample : record.samples()) {
            row[keyIndex.get(sample.key())] = sample.value();
        }
        runtimes[next] = record.runtime();
        rows[next] = row;
        next = (next + 1) % capacity;
        size = Math.min(size + 1, capacity);
    }

    /** @return the most records kept */
    public int capacity() {
        return capacity;
    }

    /**
     * @param since run time in seconds; only later records are written (-1 for all)
     * @return {@code {"history":N,"layout":[..],"time":[..],"values":{key:[..]}}}, every key seen
     *     in {@code values} with null where a record lacks it; the newest records only when all
     *     would exceed {@link #MAX_VALUES} values
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
