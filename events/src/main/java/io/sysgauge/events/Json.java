package io.sysgauge.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * JSON output through Jackson's streaming generator only: records, {@code metadata.json} and
 * the commands' JSON. Leaving jackson-databind out keeps ~280 classes off every command's
 * start-up and out of the running agent's memory.
 */
public final class Json {

    /** For record lines: compact, streaming. */
    public static final JsonFactory FACTORY = new JsonFactory();

    private static final double EXACT_INTEGER_LIMIT = 9.007199254740992E15; // 2^53

    private Json() {}

    /**
     * @param value maps, lists, strings, numbers, booleans and nulls, as {@code Probe} metadata
     *     holds them; anything else is written as its {@code toString()}
     * @return indented JSON text
     */
    public static String pretty(Object value) {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = FACTORY.createGenerator(text).useDefaultPrettyPrinter()) {
            write(json, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    private static void write(JsonGenerator json, Object value) throws IOException {
        if (value == null) {
            json.writeNull();
        } else if (value instanceof Map<?, ?> map) {
            json.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                json.writeFieldName(String.valueOf(entry.getKey()));
                write(json, entry.getValue());
            }
            json.writeEndObject();
        } else if (value instanceof Iterable<?> items) {
            json.writeStartArray();
            for (Object item : items) {
                write(json, item);
            }
            json.writeEndArray();
        } else if (value instanceof Boolean flag) {
            json.writeBoolean(flag);
        } else if (value instanceof Integer || value instanceof Long) {
            json.writeNumber(((Number) value).longValue());
        } else if (value instanceof Number number) {
            writeNumber(json, number.doubleValue());
        } else {
            json.writeString(value.toString());
        }
    }

    /**
     * Writes integral values without a fraction ({@code 12345}, not {@code 12345.0}), like W&amp;B.
     *
     * @param generator where to write
     * @param value a finite value
     * @throws IOException from the generator
     */
    public static void writeNumber(JsonGenerator generator, double value) throws IOException {
        if (value == Math.rint(value) && Math.abs(value) < EXACT_INTEGER_LIMIT) {
            generator.writeNumber((long) value);
        } else {
            generator.writeNumber(value);
        }
    }
}
