package io.sysgauge.plugin.amd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * Numbers as AMD's tools print them: rocm-smi's strings ({@code "39.0"}, {@code "12%"},
 * {@code "(1200Mhz)"}, {@code "N/A"}), amd-smi's {@code {"value": 39, "unit": "W"}} objects, and
 * the bare numbers some amd-smi versions print instead. Anything that is not a number is NaN.
 */
final class ToolValues {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ToolValues() {}

    /**
     * @param output a tool's standard output: JSON, possibly after warning lines such as
     *     "WARNING: ... not in render group"
     * @return the JSON document
     * @throws IOException when there is no JSON document, or a broken one
     */
    static JsonNode json(String output) throws IOException {
        int object = output.indexOf('{');
        int array = output.indexOf('[');
        int start = object < 0 ? array : array < 0 ? object : Math.min(object, array);
        if (start < 0) {
            throw new IOException("no JSON in the output");
        }
        return JSON.readTree(output.substring(start));
    }

    /** @return the number in a rocm-smi string, or NaN */
    static double number(String text) {
        if (text == null) {
            return Double.NaN;
        }
        String trimmed = text.trim();
        int end = trimmed.length();
        while (end > 0 && !Character.isDigit(trimmed.charAt(end - 1))) {
            end--; // a unit or "%" after the number
        }
        try {
            return end == 0 ? Double.NaN : Double.parseDouble(trimmed.substring(0, end));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** @return the number of an amd-smi value: an object with "value", a number, or a numeric string; else NaN */
    static double number(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return Double.NaN;
        }
        if (node.isObject()) {
            return number(node.get("value"));
        }
        if (node.isNumber()) {
            return node.asDouble();
        }
        return node.isTextual() ? number(node.asText()) : Double.NaN;
    }

    /** @return the unit of an amd-smi value object, lower case; empty when it has none */
    static String unit(JsonNode node) {
        JsonNode unit = node == null ? null : node.get("unit");
        return unit == null || !unit.isTextual() ? "" : unit.asText().trim().toLowerCase(Locale.ROOT);
    }

    /** @return the first of the fields, in order, that holds a number; NaN when none does */
    static double first(JsonNode object, String... fields) {
        for (String field : fields) {
            double value = number(object == null ? null : object.get(field));
            if (!Double.isNaN(value)) {
                return value;
            }
        }
        return Double.NaN;
    }

    /**
     * @return the field's value with its name matched without regard to case, as rocm-smi spells
     *     some names differently between versions ("Card series" and "Card Series"); null if absent
     */
    static String field(JsonNode object, String name) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = fields.next();
            if (entry.getKey().equalsIgnoreCase(name) && entry.getValue().isValueNode()) {
                return entry.getValue().asText();
            }
        }
        return null;
    }

    /** @return the text if it says something ("N/A" and blanks say nothing), else null */
    static String meaningful(String text) {
        return text == null || text.isBlank() || text.trim().equalsIgnoreCase("N/A") ? null : text.trim();
    }
}
