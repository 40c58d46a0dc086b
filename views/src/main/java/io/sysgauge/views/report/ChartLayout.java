package io.sysgauge.views.report;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The charts for a set of keys, found from the keys alone: one chart per key template
 * ({@code gpu.{i}.temp}), one line per device ({@code gpu.0.temp}, {@code gpu.1.temp}), charts
 * grouped in sections by hardware family as W&amp;B's system panel does.
 *
 * @param sections the sections in display order, empty ones left out
 * @param catalog where the charts' titles and units come from
 */
public record ChartLayout(List<Section> sections, MetricCatalog catalog) {

    /** Section titles in display order; a template goes to the first whose test matches. */
    private static final List<Map.Entry<String, Pattern>> SECTIONS = List.of(
            Map.entry("CPU and threads", Pattern.compile("^(cpu|proc\\.cpu\\.).*")),
            Map.entry("Memory", Pattern.compile("^(memory|proc\\.memory\\.).*")),
            Map.entry("Disk", Pattern.compile("^disk\\..*")),
            Map.entry("Network", Pattern.compile("^network\\..*")),
            Map.entry("GPU (monitored processes)", Pattern.compile("^gpu\\.process\\..*")),
            Map.entry("GPU", Pattern.compile("^gpu\\..*")),
            Map.entry("TPU", Pattern.compile("^tpu\\..*")),
            Map.entry("Trainium", Pattern.compile("^trn\\..*")),
            Map.entry("IPU", Pattern.compile("^ipu\\..*")),
            Map.entry("OpenMetrics", Pattern.compile("^openmetrics\\..*")),
            Map.entry("Collector health", Pattern.compile("^sysgauge\\..*")),
            Map.entry("Other", Pattern.compile(".*")));

    private static final Pattern DIGITS = Pattern.compile("\\d+");

    /** @param title section heading; @param charts its charts */
    public record Section(String title, List<Chart> charts) {}

    /** @param title the key template; @param series one line each */
    public record Chart(String title, List<Series> series) {}

    /** @param label the device (or path, or collector) this line is; @param key the flat key */
    public record Series(String label, String key) {}

    /**
     * A key's template and its line label: numeric segments are devices ({@code gpu.process.1.gpu}
     * is {@code gpu.process.{i}.gpu}, line 1); the middle of {@code disk.X.Y} is a path or device,
     * the third segment of {@code sysgauge.collector.X.Y} a collector.
     *
     * @param template the chart's title
     * @param label the line's label; empty for a key without placeholders
     */
    public record KeyTemplate(String template, String label) {

        /**
         * @param key a flat key, without the {@code system.} prefix
         * @return its template and label
         */
        public static KeyTemplate of(String key) {
            int last = key.lastIndexOf('.');
            if (key.startsWith("disk.") && last > "disk.".length()) {
                return new KeyTemplate("disk.{path}" + key.substring(last), key.substring("disk.".length(), last));
            }
            if (key.startsWith("sysgauge.collector.") && last > "sysgauge.collector.".length()) {
                return new KeyTemplate("sysgauge.collector.{id}" + key.substring(last),
                        key.substring("sysgauge.collector.".length(), last));
            }
            String[] parts = key.split("\\.", -1);
            List<String> indices = new ArrayList<>();
            for (int i = 0; i < parts.length; i++) {
                if (DIGITS.matcher(parts[i]).matches()) {
                    indices.add(parts[i]);
                    parts[i] = indices.size() == 1 ? "{i}" : "{" + (char) ('i' + indices.size() - 1) + "}";
                }
            }
            return new KeyTemplate(String.join(".", parts), String.join("/", indices));
        }
    }

    /**
     * @param keys flat keys in order of first appearance
     * @return their charts
     */
    public static ChartLayout of(Iterable<String> keys) {
        return of(keys, MetricCatalog.BUILT_IN);
    }

    /**
     * @param keys flat keys in order of first appearance
     * @param catalog what titles and units the charts get
     * @return their charts
     */
    public static ChartLayout of(Iterable<String> keys, MetricCatalog catalog) {
        Map<String, Map<String, List<Series>>> bySection = new LinkedHashMap<>();
        SECTIONS.forEach(section -> bySection.put(section.getKey(), new LinkedHashMap<>()));
        for (String key : keys) {
            KeyTemplate template = KeyTemplate.of(key);
            String section = SECTIONS.stream().filter(s -> s.getValue().matcher(template.template()).matches())
                    .findFirst().orElseThrow().getKey();
            bySection.get(section).computeIfAbsent(template.template(), t -> new ArrayList<>())
                    .add(new Series(template.label().isEmpty() ? key : template.label(), key));
        }
        List<Section> sections = new ArrayList<>();
        bySection.forEach((title, charts) -> {
            if (!charts.isEmpty()) {
                List<Chart> list = new ArrayList<>();
                charts.forEach((chart, series) -> {
                    series.sort(Comparator.comparing(Series::label, ChartLayout::compareLabels));
                    list.add(new Chart(chart, List.copyOf(series)));
                });
                sections.add(new Section(title, List.copyOf(list)));
            }
        });
        return new ChartLayout(List.copyOf(sections), catalog);
    }

    /** @return how many charts */
    public int chartCount() {
        return sections.stream().mapToInt(section -> section.charts().size()).sum();
    }

    /**
     * Writes {@code [{"title":..,"charts":[{"title":..,"name":..,"unit":..,"series":[{"label":..,"key":..}]}]}]},
     * {@code name} and {@code unit} where {@link MetricCatalog} knows the template.
     *
     * @param json where to write
     * @throws IOException from the generator
     */
    public void write(JsonGenerator json) throws IOException {
        json.writeStartArray();
        for (Section section : sections) {
            json.writeStartObject();
            json.writeStringField("title", section.title());
            json.writeArrayFieldStart("charts");
            for (Chart chart : section.charts()) {
                json.writeStartObject();
                json.writeStringField("title", chart.title());
                // What the metric means and its unit, for the chart's heading and axis, when the catalogue knows it.
                java.util.Optional<MetricCatalog.Description> description = catalog.describe(chart.title());
                if (description.isPresent()) {
                    json.writeStringField("name", description.get().title());
                    json.writeStringField("unit", description.get().unit());
                }
                json.writeArrayFieldStart("series");
                for (Series series : chart.series()) {
                    json.writeStartObject();
                    json.writeStringField("label", series.label());
                    json.writeStringField("key", series.key());
                    json.writeEndObject();
                }
                json.writeEndArray();
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    // GPU 2 before GPU 10; "0/1" (GPU 0, MIG 1) by each number.
    private static int compareLabels(String a, String b) {
        String[] left = a.split("/");
        String[] right = b.split("/");
        for (int i = 0; i < Math.min(left.length, right.length); i++) {
            boolean numbers = DIGITS.matcher(left[i]).matches() && DIGITS.matcher(right[i]).matches();
            int order = numbers && left[i].length() != right[i].length()
                    ? Integer.compare(left[i].length(), right[i].length()) : left[i].compareTo(right[i]);
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(left.length, right.length);
    }
}
