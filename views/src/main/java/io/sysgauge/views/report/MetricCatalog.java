package io.sysgauge.views.report;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Titles and units of the known key templates for people: the descriptors' help and unit as
 * {@code metrics.tsv} copies them. Run folders do not carry descriptors, so the report keeps this
 * table; a key it does not know is titled with the key itself.
 */
public final class MetricCatalog {

    /** @param title one line for a chart's heading; @param unit as metrics.md writes it (%, MB, bytes, °C, W) */
    public record Description(String title, String unit) {}

    private static final Map<String, Description> BY_TEMPLATE = load();

    private MetricCatalog() {}

    /** @param template a key template ({@code gpu.{i}.temp}); @return its description when known */
    public static Optional<Description> describe(String template) {
        return Optional.ofNullable(BY_TEMPLATE.get(template));
    }

    private static Map<String, Description> load() {
        Map<String, Description> table = new HashMap<>();
        try (InputStream in = MetricCatalog.class.getResourceAsStream("metrics.tsv")) {
            if (in == null) {
                throw new IllegalStateException("missing resource metrics.tsv");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] columns = line.split("\t");
                table.put(columns[0], new Description(columns[2], columns[1]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(table);
    }
}
