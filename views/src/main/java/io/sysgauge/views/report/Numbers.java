package io.sysgauge.views.report;

import com.fasterxml.jackson.core.JsonGenerator;
import io.sysgauge.events.Json;
import java.io.IOException;

/** Numbers for the charts: six significant digits, which no chart can tell apart, and null for a gap. */
public final class Numbers {

    private static final int DIGITS = 6;

    private Numbers() {}

    static void writeArray(JsonGenerator json, double[] values) throws IOException {
        json.writeStartArray();
        for (double value : values) {
            write(json, value);
        }
        json.writeEndArray();
    }

    /**
     * @param json where to write
     * @param value a value; NaN and infinities are written as null, others to six significant digits
     * @throws IOException from the generator
     */
    public static void write(JsonGenerator json, double value) throws IOException {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            json.writeNull();
        } else {
            Json.writeNumber(json, round(value));
        }
    }

    static double round(double value) {
        if (value == 0 || value == Math.rint(value)) {
            return value;
        }
        int magnitude = (int) Math.floor(Math.log10(Math.abs(value)));
        int decimals = DIGITS - 1 - magnitude;
        if (decimals <= 0) {
            return Math.rint(value);
        }
        double scale = Math.pow(10, Math.min(decimals, 300));
        return Math.rint(value * scale) / scale;
    }
}
