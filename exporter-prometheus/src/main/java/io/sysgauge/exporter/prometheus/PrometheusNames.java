package io.sysgauge.exporter.prometheus;

import io.prometheus.metrics.model.snapshots.PrometheusNaming;
import io.sysgauge.spi.MetricDescriptor;
import io.sysgauge.spi.MetricKind;
import io.sysgauge.spi.Unit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How a descriptor appears to Prometheus: {@code gpu.{gpu}.powerWatts} in watts becomes the family
 * {@code sysgauge_gpu_power_watts} with the label {@code gpu}. The literal parts of the key
 * template, in snake case, make the name; the placeholders become labels; the unit, in
 * Prometheus's base unit, ends the name. W&B's MB and GB keys are exported in bytes, MHz in hertz.
 * The whole-machine {@code cpu_percent} is {@code sysgauge_system_cpu_percent}, apart from the
 * process tree's {@code cpu}, which is {@code sysgauge_cpu_percent}. A total and its per-device
 * values are families of their own ({@code sysgauge_disk_in_bytes} and
 * {@code sysgauge_disk_device_in_bytes}), so {@code sum()} over a family never counts twice. A
 * counter's family is typed counter, and its samples end in {@code _total}.
 *
 * <p>A template with a {@code {metric}} placeholder holds another system's series (the openmetrics
 * plugin's {@code openmetrics.{endpoint}.{metric}.{idx}}): each goes out under its own family
 * name, the placeholder's value, typed as its descriptor says (counter when the source typed it
 * so), with the other placeholders as labels ({@link #scrapedFamily}).
 *
 * @param name the family name, without the {@code _total} a counter's samples add; for series of
 *     another system, the family of all of them that lack a name of their own
 * @param scale what each value is multiplied by on the way out
 * @param unit the Prometheus unit the name ends with; empty for none
 * @param counter whether the family is a counter
 * @param scrapedNameLabel the index of the {@code {metric}} placeholder, whose value names the family; -1 for none
 */
record PrometheusNames(String name, double scale, String unit, boolean counter, int scrapedNameLabel) {

    private static final String PREFIX = "sysgauge_";
    /** The placeholder whose value is a scraped series' own name. */
    static final String SCRAPED_NAME = "metric";

    // Keys whose literal parts would name another key's family. The process tree's "cpu" (%) and the
    // machine's "cpu_percent" would both be sysgauge_cpu_percent, and a scrape would show only one: the
    // machine's keeps the family it had as system.cpu.percent. A disk's own bytes would share the family
    // of all disks' total, and sum() would count them twice.
    private static final Map<String, String> WORDS_BY_TEMPLATE = Map.of(
            "cpu_percent", "system_cpu_percent",
            "disk.{device}.in", "disk_device_in",
            "disk.{device}.out", "disk_device_out");

    static PrometheusNames of(MetricDescriptor descriptor) {
        List<String> words = new ArrayList<>();
        String override = WORDS_BY_TEMPLATE.get(descriptor.keyTemplate());
        for (String part : override != null ? List.of(override) : literalParts(descriptor.keyTemplate())) {
            for (String segment : part.split("[^A-Za-z0-9]+")) {
                if (!segment.isEmpty()) {
                    words.addAll(List.of(snakeCase(segment).split("_")));
                }
            }
        }
        if (!words.isEmpty() && words.get(0).equals("sysgauge")) {
            words.remove(0); // sysgauge.collector.{collector}.up is sysgauge_collector_up
        }
        Unit unit = descriptor.unit();
        String suffix;
        double scale = 1;
        // Unit is an open class since SPI 1.2 (plugins name their own units), so no switch.
        if (unit.equals(Unit.MEBIBYTES) || unit.equals(Unit.GIBIBYTES)) {
            dropLast(words, unit.equals(Unit.MEBIBYTES) ? "mb" : "gb");
            suffix = "bytes";
            scale = unit.equals(Unit.MEBIBYTES) ? 1L << 20 : 1L << 30;
        } else if (unit.equals(Unit.MEGAHERTZ)) {
            suffix = "hertz";
            scale = 1e6;
        } else {
            suffix = unit.baseName();
            // W&B's gpu.{i}.pcieTxBytes in B/s: ..._pcie_tx_bytes_per_second, not ..._bytes_bytes_per_second
            if (!words.isEmpty() && suffix.startsWith(words.get(words.size() - 1) + "_")) {
                words.remove(words.size() - 1);
            }
        }
        if (!suffix.isEmpty() && !(words.size() > 0 && String.join("_", words).endsWith(suffix))) {
            words.add(suffix);
        }
        boolean counter = descriptor.kind() == MetricKind.COUNTER;
        return new PrometheusNames(PREFIX + String.join("_", words), scale, suffix, counter,
                descriptor.labelNames().indexOf(SCRAPED_NAME));
    }

    /**
     * @param scrapedName a scraped series' own name, as its page gave it
     * @return the family it goes out in: its own name, less the {@code _total} a counter's samples
     *     get back on the way out; null for a name Prometheus would not take
     */
    String scrapedFamily(String scrapedName) {
        if (!PrometheusNaming.isValidLegacyMetricName(scrapedName)) {
            return null;
        }
        return counter && scrapedName.endsWith("_total") && scrapedName.length() > "_total".length()
                ? scrapedName.substring(0, scrapedName.length() - "_total".length()) : scrapedName;
    }

    /** @return the text of a key template outside its {placeholders} */
    private static List<String> literalParts(String template) {
        List<String> parts = new ArrayList<>();
        int position = 0;
        while (position < template.length()) {
            int open = template.indexOf('{', position);
            if (open < 0) {
                parts.add(template.substring(position));
                break;
            }
            parts.add(template.substring(position, open));
            position = template.indexOf('}', open) + 1;
        }
        return parts;
    }

    private static String snakeCase(String word) {
        StringBuilder snake = new StringBuilder(word.length() + 4);
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            // "powerWatts" -> "power_watts", "rssMB" -> "rss_mb"; a run of capitals stays one word
            if (Character.isUpperCase(c) && i > 0 && !Character.isUpperCase(word.charAt(i - 1))) {
                snake.append('_');
            }
            snake.append(c);
        }
        return snake.toString().toLowerCase(Locale.ROOT);
    }

    private static void dropLast(List<String> words, String unitWord) {
        if (!words.isEmpty() && words.get(words.size() - 1).equals(unitWord)) {
            words.remove(words.size() - 1);
        }
    }
}
