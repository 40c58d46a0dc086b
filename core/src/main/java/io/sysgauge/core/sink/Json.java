package io.sysgauge.core.sink;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;

/** The JSON writers sinks share, and how numbers are spelled in them. */
public final class Json {

    /** For record lines: compact, streaming. */
    public static final JsonFactory FACTORY = new JsonFactory();

    private static final double EXACT_INTEGER_LIMIT = 9.007199254740992E15; // 2^53

    private Json() {}

    /** @return the mapper for metadata files: pretty, stable; created on first use, off the once path */
    public static ObjectMapper mapper() {
        return MapperHolder.MAPPER;
    }

    private static final class MapperHolder {
        static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
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
