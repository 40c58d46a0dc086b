package io.sysgauge.views.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.sysgauge.events.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code report.html} of a run folder: its metadata and a chart per key template, the records
 * read as a stream and downsampled to at most {@value #POINTS} points per line with min/max
 * envelopes, so a day at 1 s stays a few MB and draws in well under a second. All lines together
 * keep at most {@value #POINT_BUDGET} points, so the memory (about 28 bytes a point) and the
 * file (about 25 bytes a point) stay bounded however many keys a run has: 5,000 keys get 100
 * points each.
 */
public final class RunReport {

    /** The most points per line. */
    public static final int POINTS = 2000;

    /** The most points of all lines together: about 14 MB of heap while reading, at most about 13 MB of page. */
    public static final long POINT_BUDGET = 500_000;

    private static final Logger logger = LoggerFactory.getLogger(RunReport.class);
    private static final String SYSTEM_PREFIX = "system.";
    private static final double NARROWEST_BUCKET_SECONDS = 0.001;

    private final JsonNode metadata;
    private final Downsampler samples;
    private final int records;
    private final RunAnalysis analysis;
    private final List<HealthLog.Event> health;
    private final MetricCatalog catalog;

    private RunReport(JsonNode metadata, Downsampler samples, int records, RunAnalysis analysis,
            List<HealthLog.Event> health) {
        this.metadata = metadata;
        this.samples = samples;
        this.records = records;
        this.analysis = analysis;
        this.health = health;
        this.catalog = MetricCatalog.forRun(metadata);
    }

    /**
     * @param events the run's events.jsonl
     * @param metadataFile the run's metadata.json; missing or unreadable gives an empty header
     * @return the run, downsampled
     * @throws IOException when events cannot be read
     */
    public static RunReport read(Path events, Path metadataFile) throws IOException {
        return read(events, metadataFile, POINT_BUDGET);
    }

    /**
     * @param events the run's events.jsonl; its folder's health.jsonl is read too when there is one
     * @param metadataFile the run's metadata.json; missing or unreadable gives an empty header
     * @param pointBudget the most points of all lines together (several runs in one page share {@link #POINT_BUDGET})
     * @return the run, downsampled and analysed
     * @throws IOException when events or health.jsonl cannot be read
     */
    public static RunReport read(Path events, Path metadataFile, long pointBudget) throws IOException {
        JsonNode metadata = readMetadata(metadataFile);
        Downsampler samples = new Downsampler(POINTS, Math.max(Downsampler.MIN_CAPACITY, pointBudget),
                NARROWEST_BUCKET_SECONDS);
        RunAnalysis analysis = new RunAnalysis();
        int records = 0;
        List<String> keys = new ArrayList<>();
        double[] values = new double[64];
        int damaged = 0;
        long firstDamaged = 0;
        long lineNumber = 0;
        try (BufferedReader reader = Files.newBufferedReader(events, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                // One line, one record: a damaged line (a run killed mid-write, a disk that filled
                // up under an older version) is skipped, and the records after it still count.
                double runtime = Double.NaN;
                double timestamp = Double.NaN;
                keys.clear();
                try (JsonParser parser = Json.FACTORY.createParser(line)) {
                    if (parser.nextToken() != JsonToken.START_OBJECT) {
                        throw new JsonParseException(parser, "not a JSON object");
                    }
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        String name = parser.currentName();
                        JsonToken value = parser.nextToken();
                        if (value.isStructStart()) {
                            parser.skipChildren();
                        } else if (value.isNumeric()) {
                            if (name.equals("_runtime")) {
                                runtime = parser.getDoubleValue();
                            } else if (name.equals("_timestamp")) {
                                timestamp = parser.getDoubleValue();
                            } else if (name.startsWith(SYSTEM_PREFIX)) {
                                if (keys.size() == values.length) {
                                    values = java.util.Arrays.copyOf(values, values.length * 2);
                                }
                                values[keys.size()] = parser.getDoubleValue();
                                keys.add(name.substring(SYSTEM_PREFIX.length()));
                            }
                        }
                    }
                    if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                        throw new JsonParseException(parser, "more than one JSON object on the line");
                    }
                } catch (JsonParseException e) {
                    if (damaged++ == 0) {
                        firstDamaged = lineNumber;
                    }
                    continue;
                }
                if (Double.isNaN(runtime)) {
                    continue; // not a system record
                }
                samples.startRecord(runtime);
                for (int i = 0; i < keys.size(); i++) {
                    samples.add(keys.get(i), values[i]);
                }
                analysis.record(runtime, timestamp, keys, values);
                records++;
            }
        }
        if (damaged > 0) {
            logger.warn("{}: skipped {} damaged line{} (the first is line {})", events, damaged, damaged == 1 ? "" : "s",
                    firstDamaged);
        }
        analysis.finish();
        Path folder = events.toAbsolutePath().getParent();
        return new RunReport(metadata, samples, records, analysis, folder == null ? List.of() : HealthLog.read(folder));
    }

    private static JsonNode readMetadata(Path file) {
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            logger.warn("{}: cannot read ({}); the report has no header", file, e.getMessage());
            return JsonNodeFactory.instance.objectNode();
        }
    }

    /** @return records read */
    public int records() {
        return records;
    }

    /** @return the titles and units of this run's keys */
    public MetricCatalog catalog() {
        return catalog;
    }

    /** @return the charts */
    public ChartLayout layout() {
        return ChartLayout.of(samples.keys(), catalog);
    }

    /** @return the run's metadata.json; an empty object when it had none */
    public JsonNode metadata() {
        return metadata;
    }

    /** @return the records analysed */
    public RunAnalysis analysis() {
        return analysis;
    }

    /** @return its health.jsonl */
    public List<HealthLog.Event> health() {
        return health;
    }

    /** @return its insights */
    public List<Insights.Insight> insights() {
        return Insights.of(analysis, health);
    }

    /** @return the keys it charts, in order of first appearance */
    public java.util.Set<String> keys() {
        return samples.keys();
    }

    /**
     * @param out where the HTML goes; not closed
     * @throws IOException from out
     */
    public void writeHtml(Writer out) throws IOException {
        ChartLayout layout = layout();
        DashboardPage.write(out, json -> {
            json.writeStartObject();
            json.writeStringField("mode", "run");
            // meta, records, then layout: the order pages of earlier versions had, which tests read.
            writeHead(json);
            json.writeFieldName("layout");
            layout.write(json);
            writeBody(json, true);
            json.writeEndObject();
        });
    }

    /**
     * Writes the run's fields into the object being written: meta, records, start, duration, the
     * per-key summary, insights and health events, and (for a page) the downsampled columns.
     *
     * @param json inside an object
     * @param withSamples whether to write time, values, min and max
     * @throws IOException from the generator
     */
    public void writeRunFields(JsonGenerator json, boolean withSamples) throws IOException {
        writeHead(json);
        writeBody(json, withSamples);
    }

    private void writeHead(JsonGenerator json) throws IOException {
        json.writeFieldName("meta");
        new ObjectMapper().writeTree(json, metadata);
        json.writeNumberField("records", records);
    }

    private void writeBody(JsonGenerator json, boolean withSamples) throws IOException {
        writeNumber(json, "start", analysis.startEpoch());
        writeNumber(json, "durationSeconds", records == 0 ? Double.NaN : analysis.lastRuntime() - analysis.firstRuntime());
        json.writeArrayFieldStart("metrics");
        for (java.util.Map.Entry<String, MetricStats> entry : analysis.stats().entrySet()) {
            MetricStats stats = entry.getValue();
            ChartLayout.KeyTemplate template = ChartLayout.KeyTemplate.of(entry.getKey());
            java.util.Optional<MetricCatalog.Description> description = catalog.describe(template.template());
            json.writeStartObject();
            json.writeStringField("key", entry.getKey());
            json.writeStringField("template", template.template());
            json.writeStringField("device", template.label());
            if (description.isPresent()) {
                json.writeStringField("title", description.get().title());
                json.writeStringField("unit", description.get().unit());
            }
            json.writeNumberField("count", stats.count());
            writeNumber(json, "min", stats.min());
            writeNumber(json, "mean", stats.mean());
            writeNumber(json, "p95", stats.quantile(0.95));
            writeNumber(json, "max", stats.max());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeArrayFieldStart("insights");
        for (Insights.Insight insight : insights()) {
            json.writeStartObject();
            json.writeStringField("kind", insight.kind());
            json.writeStringField("severity", insight.severity());
            json.writeStringField("text", insight.text());
            json.writeStringField("chart", insight.chart());
            if (insight.device() != null) {
                json.writeStringField("device", insight.device());
            }
            writeNumber(json, "value", insight.value());
            writeNumber(json, "start", insight.start());
            writeNumber(json, "end", insight.end());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeArrayFieldStart("health");
        for (HealthLog.Event event : health) {
            json.writeStartObject();
            writeNumber(json, "timestamp", event.timestamp());
            json.writeStringField("device", event.device());
            json.writeStringField("kind", event.kind());
            if (event.code() != null) {
                json.writeNumberField("code", event.code());
            }
            if (event.reason() != null) {
                json.writeStringField("reason", event.reason());
            }
            writeNumber(json, "start", event.start());
            writeNumber(json, "durationSeconds", event.durationSeconds());
            json.writeStringField("message", event.message());
            json.writeEndObject();
        }
        json.writeEndArray();
        if (withSamples) {
            samples.writeFields(json);
        }
    }

    // Absent rather than null, as health.jsonl leaves absent fields out; whole, not rounded as chart points are.
    private static void writeNumber(JsonGenerator json, String name, double value) throws IOException {
        if (!Double.isNaN(value) && !Double.isInfinite(value)) {
            json.writeFieldName(name);
            Json.writeNumber(json, value);
        }
    }
}
