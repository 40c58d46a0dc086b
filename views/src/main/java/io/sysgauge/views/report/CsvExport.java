package io.sysgauge.views.report;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.sysgauge.events.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * events.jsonl as CSV for pandas: one row per record, one column per field of any record (in order
 * of first appearance, {@code _timestamp} and {@code _runtime} first as the records have them),
 * each value written as the record's own JSON text, so it reads back to the same number. Two
 * passes over the file, one for the columns and one for the rows, so memory holds one row.
 */
public final class CsvExport {

    private static final Logger logger = LoggerFactory.getLogger(CsvExport.class);

    private CsvExport() {}

    /**
     * @param events a run's events.jsonl
     * @param out where the CSV goes; not closed
     * @return rows written
     * @throws IOException from either
     */
    public static long write(Path events, Writer out) throws IOException {
        Map<String, Integer> columns = new LinkedHashMap<>();
        forEachRecord(events, (name, text) -> columns.putIfAbsent(name, columns.size()), () -> {});
        String[] header = columns.keySet().toArray(String[]::new);
        writeRow(out, header);
        String[] row = new String[header.length];
        long[] rows = {0};
        forEachRecord(events, (name, text) -> row[columns.get(name)] = text, () -> {
            writeRow(out, row);
            Arrays.fill(row, null);
            rows[0]++;
        });
        out.flush();
        return rows[0];
    }

    private interface Field {
        void accept(String name, String text) throws IOException;
    }

    private interface EndOfRecord {
        void run() throws IOException;
    }

    private static void forEachRecord(Path events, Field field, EndOfRecord end) throws IOException {
        int damaged = 0;
        try (BufferedReader reader = Files.newBufferedReader(events, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                // A damaged line is checked whole before any of it counts, so no half row is written.
                if (!wholeObject(line)) {
                    damaged++;
                    continue;
                }
                try (JsonParser parser = Json.FACTORY.createParser(line)) {
                    parser.nextToken();
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        String name = parser.currentName();
                        JsonToken value = parser.nextToken();
                        if (value.isStructStart()) {
                            parser.skipChildren(); // records are flat; nothing nested to tabulate
                        } else if (value != JsonToken.VALUE_NULL) {
                            field.accept(name, parser.getText());
                        }
                    }
                }
                end.run();
            }
        }
        if (damaged > 0) {
            logger.warn("{}: skipped {} damaged line{}", events, damaged, damaged == 1 ? "" : "s");
        }
    }

    private static boolean wholeObject(String line) {
        try (JsonParser parser = Json.FACTORY.createParser(line)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            parser.skipChildren();
            return parser.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }

    // RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled.
    private static void writeRow(Writer out, String[] row) throws IOException {
        for (int i = 0; i < row.length; i++) {
            if (i > 0) {
                out.write(',');
            }
            String text = row[i];
            if (text == null) {
                continue;
            }
            if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
                out.write('"');
                out.write(text.replace("\"", "\"\""));
                out.write('"');
            } else {
                out.write(text);
            }
        }
        out.write("\r\n");
    }
}
