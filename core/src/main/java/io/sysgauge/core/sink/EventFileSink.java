package io.sysgauge.core.sink;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.sysgauge.core.sampling.Record;
import io.sysgauge.core.sampling.RecordSink;
import io.sysgauge.core.sampling.Sample;
import java.io.FileOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code events.jsonl} in W&amp;B's event-file shape: one object a line,
 * {@code {"_timestamp": ..., "_runtime": ..., "system.cpu": ...}}. Each line is built in memory
 * and handed to the kernel with one write, so a process killed at any moment leaves whole
 * lines only; nothing is buffered in the JVM between records. A metric whose descriptor is
 * {@linkplain io.sysgauge.spi.MetricDescriptor#isRecordedOnChange() recorded on change} is written
 * the first time and then only when its value differs from the last one written.
 */
public final class EventFileSink implements RecordSink {

    /** Prefix of every metric key in event files, as W&amp;B writes system metrics. */
    public static final String KEY_PREFIX = "system.";

    private final Path file;
    private final FileOutputStream out;
    private final ByteArrayBuilder line = new ByteArrayBuilder(4096);
    private long records;
    // The last value recorded of each key whose descriptor is recorded on change.
    private final Map<String, Double> recordedOnChange = new HashMap<>();

    /**
     * @param file the events file; created, or appended to
     * @throws IOException if it cannot be opened
     */
    public EventFileSink(Path file) throws IOException {
        this.file = file;
        this.out = new FileOutputStream(file.toFile(), true);
    }

    @Override
    public void accept(Record record) throws IOException {
        line.reset();
        try (JsonGenerator json = Json.FACTORY.createGenerator(line, JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeFieldName("_timestamp");
            json.writeNumber(milliseconds(record.timestamp())); // 1795830608.441, not 1.795830608441E9
            json.writeFieldName("_runtime");
            json.writeNumber(milliseconds(record.runtime()));
            for (Sample sample : record.samples()) {
                if (sample.metric().isRecordedOnChange()) {
                    Double last = recordedOnChange.put(sample.key(), sample.value());
                    if (last != null && Double.compare(last, sample.value()) == 0) {
                        continue;
                    }
                }
                json.writeFieldName(KEY_PREFIX + sample.key());
                Json.writeNumber(json, sample.value());
            }
            json.writeEndObject();
        }
        line.append('\n');
        out.write(line.toByteArray());
        records++;
    }

    private static BigDecimal milliseconds(double seconds) {
        return BigDecimal.valueOf(Math.round(seconds * 1000), 3);
    }

    /** @return records written so far */
    public long records() {
        return records;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    @Override
    public String toString() {
        return file.toString();
    }
}
