package com.example.sysgauge.csv;

import io.sysgauge.spi.ConfigException;
import io.sysgauge.spi.ExportContext;
import io.sysgauge.spi.ExportedRecord;
import io.sysgauge.spi.MetricExporter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import org.pf4j.Extension;

/**
 * Writes every record as one line of CSV to {@code csv.file}, flushed at each record so
 * a reader (or a crash) sees whole lines.
 */
@Extension
public final class CsvExporter implements MetricExporter {

    private final CsvLines lines = new CsvLines();
    private BufferedWriter out;

    @Override
    public String id() {
        return "csv";
    }

    @Override
    public Set<String> configKeys() {
        return Set.of("file");
    }

    @Override
    public void start(ExportContext context) throws IOException {
        String file = context.config().string("file").orElseThrow(() -> new ConfigException(
                context.config().name() + ".file", "is required: the CSV file to write, such as /tmp/run.csv"));
        out = Files.newBufferedWriter(Path.of(file), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    @Override
    public void export(ExportedRecord record) throws IOException {
        out.write(lines.lines(record));
        out.flush();
    }

    @Override
    public void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                // Every line was flushed as it was written: nothing is lost here.
            }
            out = null;
        }
    }
}
