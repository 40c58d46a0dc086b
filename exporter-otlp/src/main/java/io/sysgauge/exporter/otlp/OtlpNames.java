package io.sysgauge.exporter.otlp;

import io.sysgauge.spi.MetricDescriptor;
import io.sysgauge.spi.Unit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How a descriptor appears in OTLP: {@code gpu.{gpu}.powerWatts} becomes the metric
 * {@code sysgauge.gpu.power_watts} in {@code W} with the attribute {@code gpu}. The literal parts
 * of the key template make the name, dot-separated and in snake case as OpenTelemetry's semantic
 * conventions write names; the placeholders become data-point attributes, so one metric holds every
 * device. W&amp;B's MB and GB keys go out in bytes ({@code By}), with the {@code MB}/{@code GB} word
 * dropped from the name, as the Prometheus exporter does, so both backends agree on the value.
 * A total and its per-device values are metrics of their own ({@code sysgauge.disk.in} and
 * {@code sysgauge.disk.device.in}), so a sum over a metric never counts twice.
 *
 * @param name the metric name
 * @param unit the UCUM unit OpenTelemetry expects
 * @param scale what each value is multiplied by on the way out
 */
record OtlpNames(String name, String unit, double scale) {

    private static final String PREFIX = "sysgauge.";

    // Keys whose literal parts would name another key's metric: a disk's own bytes and all disks' total.
    private static final Map<String, String> NAME_BY_TEMPLATE = Map.of(
            "disk.{device}.in", "disk.device.in",
            "disk.{device}.out", "disk.device.out");

    // UCUM codes of the SPI's constants; a plugin's own unit (Unit.of) goes out with its symbol.
    private static final Map<Unit, String> UCUM = Map.ofEntries(
            Map.entry(Unit.PERCENT, "%"),
            Map.entry(Unit.BYTES, "By"),
            Map.entry(Unit.MEBIBYTES, "By"),
            Map.entry(Unit.GIBIBYTES, "By"),
            Map.entry(Unit.WATTS, "W"),
            Map.entry(Unit.CELSIUS, "Cel"),
            Map.entry(Unit.MEGAHERTZ, "MHz"),
            Map.entry(Unit.SECONDS, "s"),
            Map.entry(Unit.GIGATRANSFERS_PER_SECOND, "G{transfer}/s"),
            Map.entry(Unit.COUNT, "1"),
            Map.entry(Unit.NONE, "1"),
            Map.entry(Unit.VOLTS, "V"),
            Map.entry(Unit.AMPERES, "A"),
            Map.entry(Unit.RPM, "{rotation}/min"),
            Map.entry(Unit.JOULES, "J"),
            Map.entry(Unit.BYTES_PER_SECOND, "By/s"),
            Map.entry(Unit.RATIO, "1"));

    static OtlpNames of(MetricDescriptor descriptor) {
        String override = NAME_BY_TEMPLATE.get(descriptor.keyTemplate());
        List<String> segments = new ArrayList<>();
        for (String segment : (override != null ? override : literalText(descriptor)).split("\\.")) {
            String word = snakeCase(segment.replaceAll("[^A-Za-z0-9_]+", "_")).replaceAll("^_+|_+$", "");
            if (!word.isEmpty()) {
                segments.add(word);
            }
        }
        Unit unit = descriptor.unit();
        double scale = 1;
        if (unit.equals(Unit.MEBIBYTES) || unit.equals(Unit.GIBIBYTES)) {
            scale = unit.equals(Unit.MEBIBYTES) ? 1L << 20 : 1L << 30;
            dropUnitWord(segments, unit.equals(Unit.MEBIBYTES) ? "mb" : "gb");
        }
        String name = String.join(".", segments);
        if (!name.startsWith(PREFIX)) {
            name = PREFIX + name; // sysgauge.exporter.{exporter}.up stays as it is
        }
        String ucum = UCUM.get(unit);
        if (ucum == null) {
            ucum = unit.symbol().isEmpty() ? "1" : unit.symbol();
        }
        return new OtlpNames(name, ucum, scale);
    }

    // The template's text outside its {placeholders}: the key with every placeholder empty ("gpu..powerWatts"),
    // whose empty segments go below.
    private static String literalText(MetricDescriptor descriptor) {
        String[] empty = new String[descriptor.labelNames().size()];
        java.util.Arrays.fill(empty, "");
        return descriptor.key(empty);
    }

    // "powerWatts" -> "power_watts", "rssMB" -> "rss_mb"; a run of capitals stays one word.
    private static String snakeCase(String word) {
        StringBuilder snake = new StringBuilder(word.length() + 4);
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (Character.isUpperCase(c) && i > 0 && !Character.isUpperCase(word.charAt(i - 1)) && word.charAt(i - 1) != '_') {
                snake.append('_');
            }
            snake.append(c);
        }
        return snake.toString().toLowerCase(Locale.ROOT);
    }

    // "proc.memory.rss_mb" in MB is "proc.memory.rss" in bytes; a segment that is only the unit word goes.
    private static void dropUnitWord(List<String> segments, String unitWord) {
        if (segments.isEmpty()) {
            return;
        }
        int last = segments.size() - 1;
        String segment = segments.get(last);
        if (segment.equals(unitWord)) {
            segments.remove(last);
        } else if (segment.endsWith("_" + unitWord)) {
            segments.set(last, segment.substring(0, segment.length() - unitWord.length() - 1));
        }
    }
}
