package io.sysgauge.events;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.sysgauge.core.platform.IoErrors;
import io.sysgauge.core.sampling.Record;
import io.sysgauge.core.sampling.RecordSink;
import io.sysgauge.spi.ExportedValue;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code events.jsonl} in W&amp;B's event-file shape: one object a line,
 * {@code {"_timestamp": ..., "_runtime": ..., "system.cpu": ...}}. Each line is built in memory
 * and handed to the kernel at once, so a process killed at any moment leaves whole lines only.
 * A metric whose descriptor is
 * {@linkplain io.sysgauge.spi.MetricDescriptor#isRecordedOnChange() recorded on change} is written
 * the first time and then only when its value differs from the last one written.
 *
 * <p>A full disk (or a file size limit) never leaves part of a line: after a failed or short
 * write the file is cut back to its last whole line. Records that cannot be written wait in
 * memory, at most {@value #HELD_BYTES_LIMIT} bytes of them (the oldest are dropped beyond that,
 * and counted), and are written in order as soon as a write succeeds again. Both the first failure
 * and the recovery are told once, through the notices given to the constructor.
 */
public final class EventFileSink implements RecordSink {

    /** Prefix of every metric key in event files, as W&amp;B writes system metrics. */
    public static final String KEY_PREFIX = "system.";

    /** The most bytes of records kept in memory while the file cannot be written (8 MiB). */
    public static final int HELD_BYTES_LIMIT = 8 << 20;

    private static final Logger logger = LoggerFactory.getLogger(EventFileSink.class);

    private final Path file;
    private final FileChannel out;
    private final Consumer<String> notices;
    private final int heldBytesLimit;
    private final ByteArrayBuilder line = new ByteArrayBuilder(4096);
    // Lines not yet in the file, oldest first; empty while the file takes every write.
    private final ArrayDeque<byte[]> held = new ArrayDeque<>();
    private long heldBytes;
    private long size; // the file's length up to its last whole line
    private long records;
    private long dropped;
    private long heldSinceFailure; // records that waited in memory since the file last failed
    private boolean failing;
    // The last value recorded of each key whose descriptor is recorded on change.
    private final Map<String, Double> recordedOnChange = new HashMap<>();

    /**
     * @param file the events file; created, or appended to
     * @throws IOException if it cannot be opened
     */
    public EventFileSink(Path file) throws IOException {
        this(file, message -> logger.warn(message), HELD_BYTES_LIMIT);
    }

    /**
     * @param file the events file; created, or appended to
     * @param notices where a failing file and its recovery are told, once each
     * @param heldBytesLimit the most bytes of records kept in memory while the file fails
     * @throws IOException if it cannot be opened
     */
    public EventFileSink(Path file, Consumer<String> notices, int heldBytesLimit) throws IOException {
        this(file, FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE), notices, heldBytesLimit);
    }

    // The file as a channel of the caller's: tests give one on a disk that fills up.
    EventFileSink(Path file, FileChannel out, Consumer<String> notices, int heldBytesLimit) throws IOException {
        this.file = file;
        this.out = out;
        this.notices = notices;
        this.heldBytesLimit = heldBytesLimit;
        this.size = out.size();
    }

    @Override
    public synchronized void accept(Record record) {
        byte[] bytes = serialize(record, held.isEmpty() && !failing);
        held.addLast(bytes);
        heldBytes += bytes.length;
        while (heldBytes > heldBytesLimit && held.size() > 1) {
            heldBytes -= held.removeFirst().length;
            dropped++;
        }
        writeHeld();
    }

    /*
     * A line that must wait is written whole, recorded-on-change values included: whatever is
     * dropped before it, it stands on its own. The on-change memory starts again after it.
     */
    private byte[] serialize(Record record, boolean mayOmitUnchanged) {
        if (!mayOmitUnchanged) {
            recordedOnChange.clear();
        }
        line.reset();
        try (JsonGenerator json = Json.FACTORY.createGenerator(line, JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeFieldName("_timestamp");
            json.writeNumber(milliseconds(record.timestamp())); // 1795830608.441, not 1.795830608441E9
            json.writeFieldName("_runtime");
            json.writeNumber(milliseconds(record.runtime()));
            for (ExportedValue sample : record.samples()) {
                if (sample.metric().isRecordedOnChange() && mayOmitUnchanged) {
                    Double last = recordedOnChange.put(sample.key(), sample.value());
                    if (last != null && Double.compare(last, sample.value()) == 0) {
                        continue;
                    }
                }
                json.writeFieldName(KEY_PREFIX + sample.key());
                Json.writeNumber(json, sample.value());
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("writing JSON to memory failed", e); // a ByteArrayBuilder does not fail
        }
        line.append('\n');
        return line.toByteArray();
    }

    // Writes the held lines in order until one fails; a failed one stays first in line.
    private void writeHeld() {
        while (!held.isEmpty()) {
            byte[] next = held.peekFirst();
            try {
                ByteBuffer buffer = ByteBuffer.wrap(next);
                while (buffer.hasRemaining()) {
                    out.write(buffer, size + buffer.position());
                }
            } catch (IOException e) {
                cutBackToLastLine();
                if (!failing) {
                    failing = true;
                    heldSinceFailure = 0;
                    notices.accept("cannot write " + file + " (" + IoErrors.describe(e) + "); keeping records in memory"
                            + " (up to " + (heldBytesLimit >> 20) + " MB, the oldest dropped beyond that) until it can be written");
                }
                return;
            }
            size += next.length;
            held.removeFirst();
            heldBytes -= next.length;
            records++;
            if (failing) {
                heldSinceFailure++;
            }
        }
        if (failing) {
            failing = false;
            notices.accept("writing " + file + " again: " + heldSinceFailure + " record" + (heldSinceFailure == 1 ? "" : "s")
                    + " kept in memory written" + (dropped == 0 ? "" : ", " + dropped + " dropped"));
        }
    }

    // A short write leaves part of a line; the next one must start on a line of its own.
    private void cutBackToLastLine() {
        try {
            out.truncate(size);
        } catch (IOException e) {
            // The next write starts at size anyway and a later truncate cuts what is beyond it.
            logger.debug("cannot cut {} back to {} bytes: {}", file, size, IoErrors.describe(e));
        }
    }

    private static BigDecimal milliseconds(double seconds) {
        return BigDecimal.valueOf(Math.round(seconds * 1000), 3);
    }

    /** @return records written to the file so far */
    public synchronized long records() {
        return records;
    }

    /** @return records dropped, or still in memory, that never reached the file */
    public synchronized long lost() {
        return dropped + held.size();
    }

    /** Tries once more to write what waits in memory, says what could not be, and closes the file. */
    @Override
    public synchronized void close() throws IOException {
        writeHeld();
        if (!held.isEmpty() || dropped > 0) {
            notices.accept(lost() + " record" + (lost() == 1 ? "" : "s") + " could not be written to " + file);
        }
        try {
            out.truncate(size); // nothing after the last whole line
        } catch (IOException e) {
            logger.debug("cannot cut {} back to {} bytes: {}", file, size, IoErrors.describe(e));
        }
        out.close();
    }

    @Override
    public String toString() {
        return file.toString();
    }
}
