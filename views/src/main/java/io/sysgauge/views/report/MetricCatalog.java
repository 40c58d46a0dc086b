package io.sysgauge.views.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Titles and units of key templates for people: the descriptors' help and unit as {@code
 * metrics.tsv} copies them for sysgauge's own keys, then as a run's {@code metadata.json} carries
 * them ({@code metrics}, written when the run ends) for a plugin's keys the table does not know;
 * a key neither knows is titled with the key itself.
 */
public final class MetricCatalog {

    /** @param title one line for a chart's heading; @param unit as metrics.md writes it (%, MB, bytes, °C, W) */
    public record Description(String title, String unit) {}

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{[^}]*}");
    private static final Map<String, Description> BY_TEMPLATE = load();

    /** The table alone: for pages that have no run folder (the live page). */
    public static final MetricCatalog BUILT_IN = new MetricCatalog(Map.of());

    // by template with its placeholders emptied: the report says gpu.{i}.temp where the descriptor says gpu.{gpu}.temp
    private final Map<String, Description> fromRun;

    private MetricCatalog(Map<String, Description> fromRun) {
        this.fromRun = fromRun;
    }

    /**
     * @param metadata a run's metadata.json; one without {@code metrics} (an older run, one killed
     *     with SIGKILL) gives the table alone
     * @return the table, then the run's own descriptions
     */
    public static MetricCatalog forRun(JsonNode metadata) {
        Map<String, Description> fromRun = new HashMap<>();
        metadata.path("metrics").properties().forEach(entry -> {
            String help = entry.getValue().path("help").asText("");
            if (!help.isBlank()) {
                fromRun.put(anonymous(entry.getKey()), new Description(help, entry.getValue().path("unit").asText("")));
            }
        });
        return new MetricCatalog(Map.copyOf(fromRun));
    }

    /** @param template a key template ({@code gpu.{i}.temp}); @return its description when known */
    public Optional<Description> describe(String template) {
        Description known = BY_TEMPLATE.get(template);
        return known != null ? Optional.of(known) : Optional.ofNullable(fromRun.get(anonymous(template)));
    }

    private static String anonymous(String template) {
        return PLACEHOLDER.matcher(template).replaceAll("{}");
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
