package io.sysgauge.views.report;

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

    private RunReport(JsonNode metadata, Downsampler samples, int records) {
        this.metadata = metadata;
        this.samples = samples;
        this.records = records;
    }

    /**
     * @param events the run's events.jsonl
     * @param metadataFile the run's metadata.json; missing or unreadable gives an empty header
     * @return the run, downsampled
     * @throws IOException when events cannot be read
     */
    public static RunReport read(Path events, Path metadataFile) throws IOException {
        JsonNode metadata = readMetadata(metadataFile);
        Downsampler samples = new Downsampler(POINTS, POINT_BUDGET, NARROWEST_BUCKET_SECONDS);
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
                records++;
            }
        }
        if (damaged > 0) {
            logger.warn("{}: skipped {} damaged line{} (the first is line {})", events, damaged, damaged == 1 ? "" : "s",
                    firstDamaged);
        }
        return new RunReport(metadata, samples, records);
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

    /** @return the charts */
    public ChartLayout layout() {
        return ChartLayout.of(samples.keys());
    }

    /**
     * @param out where the HTML goes; not closed
     * @throws IOException from out
     */
    public void writeHtml(Writer out) throws IOException {
        ChartLayout layout = layout();
        ObjectMapper mapper = new ObjectMapper();
        DashboardPage.write(out, json -> {
            json.writeStartObject();
            json.writeFieldName("meta");
            mapper.writeTree(json, metadata);
            json.writeNumberField("records", records);
            json.writeFieldName("layout");
            layout.write(json);
            samples.writeFields(json);
            json.writeEndObject();
        });
    }
}
