package io.sysgauge.events;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.sysgauge.core.platform.IoErrors;
import io.sysgauge.spi.HealthEvent;
import io.sysgauge.spi.HealthLog;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run folder's {@code health.jsonl}: one JSON object a line per {@link HealthEvent}, fields in
 * the order {@code timestamp, device, kind, code, reason, start, durationSeconds, message}, absent
 * ones left out. The file is created with the first event, so a run without events has none; each
 * line reaches the kernel in one write as soon as the event is known. The events are also kept,
 * for the summary at the end of the run ({@link #events()}).
 */
public final class HealthFileSink implements HealthLog, AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(HealthFileSink.class);

    private final Path file;
    private final Consumer<String> notices;
    private final List<HealthEvent> events = new ArrayList<>();
    private FileChannel out;
    private boolean failed;
    private boolean closed;

    /**
     * @param file where the events go; not created until the first one
     * @param notices where a file that cannot be written is told, once
     */
    public HealthFileSink(Path file, Consumer<String> notices) {
        this.file = file;
        this.notices = notices;
    }

    @Override
    public synchronized void record(HealthEvent event) {
        events.add(event);
        if (closed || failed) {
            return;
        }
        try {
            if (out == null) {
                out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND);
            }
            ByteBuffer bytes = ByteBuffer.wrap(line(event).getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
        } catch (IOException e) {
            failed = true; // the events stay in memory for the summary; the file is not tried again
            notices.accept("cannot write " + file + " (" + IoErrors.describe(e) + "); health events are no longer"
                    + " recorded there");
        }
    }

    /** @return the events recorded so far, in order */
    public synchronized List<HealthEvent> events() {
        return List.copyOf(events);
    }

    /** @return the file, which exists once an event was recorded */
    public Path file() {
        return file;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                logger.debug("closing {}: {}", file, e.toString());
            }
            out = null;
        }
    }

    /**
     * @param event an event
     * @return its line in {@code health.jsonl}, newline included
     */
    static String line(HealthEvent event) {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = Json.FACTORY.createGenerator(text)) {
            json.writeStartObject();
            json.writeFieldName("timestamp");
            json.writeNumber(milliseconds(event.timestamp()));
            json.writeStringField("device", event.device());
            json.writeStringField("kind", event.kind());
            if (event.code() != null) {
                json.writeNumberField("code", event.code());
            }
            if (event.reason() != null) {
                json.writeStringField("reason", event.reason());
            }
            if (event.start() != null) {
                json.writeFieldName("start");
                json.writeNumber(milliseconds(event.start()));
                json.writeFieldName("durationSeconds");
                json.writeNumber(milliseconds(event.durationSeconds()));
            }
            json.writeStringField("message", event.message());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text + "\n";
    }

    // To the millisecond, as events.jsonl's _timestamp, in plain notation: 1733447553.12, not 1.73344755312E9.
    private static BigDecimal milliseconds(double seconds) {
        BigDecimal exact = BigDecimal.valueOf(Math.round(seconds * 1000), 3).stripTrailingZeros();
        return exact.scale() < 0 ? exact.setScale(0) : exact;
    }

    /**
     * Reads a {@code health.jsonl} back; lines that are not whole events (a line cut by a crash)
     * are skipped.
     *
     * @param file the file
     * @return its events, in file order; empty when there is no file
     * @throws IOException if it exists but cannot be read
     */
    public static List<HealthEvent> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<HealthEvent> events = new ArrayList<>();
        for (String text : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            HealthEvent event = parse(text);
            if (event != null) {
                events.add(event);
            }
        }
        return events;
    }

    private static HealthEvent parse(String text) {
        Double timestamp = null;
        Double start = null;
        Double duration = null;
        Integer code = null;
        String device = null;
        String kind = null;
        String reason = null;
        String message = null;
        try (JsonParser json = Json.FACTORY.createParser(text)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.getCurrentName();
                JsonToken value = json.nextToken();
                boolean number = value == JsonToken.VALUE_NUMBER_INT || value == JsonToken.VALUE_NUMBER_FLOAT;
                switch (field) {
                    case "timestamp" -> timestamp = number ? json.getDoubleValue() : null;
                    case "start" -> start = number ? json.getDoubleValue() : null;
                    case "durationSeconds" -> duration = number ? json.getDoubleValue() : null;
                    case "code" -> code = value == JsonToken.VALUE_NUMBER_INT ? json.getIntValue() : null;
                    case "device" -> device = json.getValueAsString();
                    case "kind" -> kind = json.getValueAsString();
                    case "reason" -> reason = json.getValueAsString();
                    case "message" -> message = json.getValueAsString();
                    default -> json.skipChildren();
                }
            }
            if (timestamp == null || device == null || kind == null || message == null || (start == null) != (duration == null)) {
                return null;
            }
            return new HealthEvent(timestamp, device, kind, code, reason, start, duration, message);
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }
}
