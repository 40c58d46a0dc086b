package io.sysgauge.plugin.amd;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code rocm-smi -a --json}: an object with one {@code cardN} entry per GPU and a {@code system}
 * entry, every value a string. Field names changed between ROCm versions; each metric takes the
 * first name present, newest first.
 */
final class RocmSmiParser {

    // At most nine digits, so the index is an int: a longer number names no card.
    private static final Pattern CARD = Pattern.compile("card(\\d{1,9})");

    // ROCm 6 calls VRAM allocation "GPU Memory Allocated (VRAM%)"; ROCm 5 and earlier print "GPU memory use (%)",
    // the figure W&B reads for memoryAllocated. The byte counts, where printed, are exact and come first.
    private static final String VRAM_USED = "VRAM Total Used Memory (B)";
    private static final String VRAM_TOTAL = "VRAM Total Memory (B)";
    private static final String[] MEMORY_ALLOCATED = {"GPU Memory Allocated (VRAM%)", "GPU memory use (%)"};
    // MI300X reports the current socket power; older parts the average package power.
    private static final String[] POWER = {"Average Graphics Package Power (W)",
        "Current Socket Graphics Package Power (W)"};
    private static final String[] TEMPERATURE = {"Temperature (Sensor edge) (C)", "Temperature (Sensor junction) (C)",
        "Temperature (Sensor memory) (C)"};

    private RocmSmiParser() {}

    /** @return one reading per card, in the order printed */
    static List<AmdGpuReading> readings(JsonNode report) {
        List<AmdGpuReading> readings = new ArrayList<>();
        for (Map.Entry<Integer, JsonNode> card : cards(report).entrySet()) {
            JsonNode values = card.getValue();
            double memoryAllocated = percent(number(values, VRAM_USED), number(values, VRAM_TOTAL));
            if (Double.isNaN(memoryAllocated)) {
                memoryAllocated = first(values, MEMORY_ALLOCATED);
            }
            readings.add(new AmdGpuReading(card.getKey(), number(values, "GPU use (%)"), memoryAllocated,
                    first(values, TEMPERATURE), first(values, POWER), number(values, "Max Graphics Package Power (W)"),
                    number(values, "GPU Memory Read/Write Activity (%)"),
                    number(values, "GPU Memory OverDrive value (%)")));
        }
        return readings;
    }

    /** @return the facts of each card for metadata.json: series, model, VBIOS, serial number and power cap */
    static List<Map<String, Object>> facts(JsonNode report) {
        List<Map<String, Object>> facts = new ArrayList<>();
        for (Map.Entry<Integer, JsonNode> card : cards(report).entrySet()) {
            Map<String, Object> gpu = new LinkedHashMap<>();
            gpu.put("index", card.getKey());
            putIfMeaningful(gpu, "series", ToolValues.field(card.getValue(), "Card series"));
            putIfMeaningful(gpu, "model", ToolValues.field(card.getValue(), "Card model"));
            putIfMeaningful(gpu, "vbios", ToolValues.field(card.getValue(), "VBIOS version"));
            String serial = ToolValues.field(card.getValue(), "Serial Number");
            // ROCm 5 prints 0 where the board has no serial
            putIfMeaningful(gpu, "serial", serial == null || serial.strip().matches("0+") ? null : serial);
            double cap = number(card.getValue(), "Max Graphics Package Power (W)");
            if (!Double.isNaN(cap)) {
                gpu.put("max_power_watts", cap);
            }
            facts.add(gpu);
        }
        return facts;
    }

    /** @return the amdgpu driver version rocm-smi prints under "system", or null */
    static String driverVersion(JsonNode report) {
        JsonNode system = report.get("system");
        return system == null ? null : ToolValues.meaningful(ToolValues.field(system, "Driver version"));
    }

    private static Map<Integer, JsonNode> cards(JsonNode report) {
        Map<Integer, JsonNode> cards = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = report.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            Matcher card = CARD.matcher(field.getKey());
            if (card.matches() && field.getValue().isObject()) {
                cards.put(Integer.parseInt(card.group(1)), field.getValue());
            }
        }
        return cards;
    }

    private static double number(JsonNode values, String name) {
        return ToolValues.number(ToolValues.field(values, name));
    }

    private static double first(JsonNode values, String... names) {
        for (String name : names) {
            double value = number(values, name);
            if (!Double.isNaN(value)) {
                return value;
            }
        }
        return Double.NaN;
    }

    private static double percent(double part, double whole) {
        return whole > 0 ? 100.0 * part / whole : Double.NaN;
    }

    static void putIfMeaningful(Map<String, Object> facts, String key, String value) {
        String meaningful = ToolValues.meaningful(value);
        if (meaningful != null) {
            facts.put(key, meaningful);
        }
    }
}
