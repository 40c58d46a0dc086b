package io.sysgauge.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.sysgauge.spi.ExportContext;
import io.sysgauge.spi.ExportedRecord;
import io.sysgauge.spi.ExportedValue;
import io.sysgauge.spi.MapConfigSection;
import io.sysgauge.spi.MetricDescriptor;
import io.sysgauge.spi.MetricExporter;
import io.sysgauge.spi.Unit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every exporter owes core, as tests a plugin's test class inherits:
 *
 * <pre>{@code
 * class CsvContractTest extends ExporterContractTest {
 *     protected MetricExporter newExporter() { return new CsvExporter(); }
 *     protected Map<String, Object> config(Path dir) { return Map.of("file", dir.resolve("out.csv").toString()); }
 *     protected void assertExported(Path dir, List<ExportedRecord> records) { ...read out.csv back... }
 * }
 * }</pre>
 *
 * <p>The checks: the id names a configuration section and its keys are listed; the constructor
 * and {@code close} without {@code start} do nothing that can fail; a whole run (start, records,
 * end, close) exports what it was given, as the subclass reads it back; values that are
 * NaN or infinite, labelled series and empty records are taken without an exception; a record
 * whose keys change from one tick to the next (a plugin that joins late, a device that leaves)
 * is taken too; {@code close} twice does not throw.
 */
public abstract class ExporterContractTest {

    private static final Pattern EXPORTER_ID = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final MetricDescriptor CPU = MetricDescriptor.of("cpu", Unit.PERCENT, "CPU of the process tree");
    private static final MetricDescriptor GPU_POWER = MetricDescriptor.of("gpu.{gpu}.powerWatts", Unit.WATTS, "GPU power");
    private static final MetricDescriptor SENT = MetricDescriptor.counter("network.sent", Unit.BYTES, "bytes sent");

    /** @return a new exporter, as PF4J creates it through its public no-argument constructor */
    protected abstract MetricExporter newExporter();

    /**
     * @param dir a folder of the test's own, for files the exporter writes
     * @return the exporter's configuration section as a user would write it (without the prefix)
     */
    protected abstract Map<String, Object> config(Path dir);

    /**
     * Reads back what the exporter wrote (a file, what a loopback server received) and asserts
     * it holds these records' values.
     *
     * @param dir the folder given to {@link #config}
     * @param records what the exporter was given, in order
     * @throws Exception if it cannot be read
     */
    protected abstract void assertExported(Path dir, List<ExportedRecord> records) throws Exception;

    /**
     * Reads back what the exporter made of a whole run. By default {@link #assertExported(Path, List)};
     * an exporter that is read rather than written ({@link io.sysgauge.spi.ScrapedExporter}) overrides
     * this one to ask the exporter itself, as a scraper would.
     *
     * @param exporter the exporter that was given the records, closed
     * @param dir the folder given to {@link #config}
     * @param records what the exporter was given, in order
     * @throws Exception if it cannot be read
     */
    protected void assertExported(MetricExporter exporter, Path dir, List<ExportedRecord> records) throws Exception {
        assertExported(dir, records);
    }

    /**
     * @param dir the folder given to {@link #config}
     * @return the context core would give the exporter with that configuration
     */
    protected ExportContext context(Path dir) {
        return ExportContext.of(MapConfigSection.of(newExporter().id(), config(dir)),
                Map.of("startedAt", "2026-12-05T10:00:00Z", "host", "node-7"), Duration.ofSeconds(1));
    }

    /** @return three ticks as core makes them: the second has a GPU that joined, the third lacks it again */
    protected static List<ExportedRecord> sampleRun() {
        List<ExportedRecord> records = new ArrayList<>();
        records.add(new ExportedRecord(1_796_000_000.0, 0.0, List.of(
                value(CPU, 12.5), value(SENT, 1_000))));
        records.add(new ExportedRecord(1_796_000_001.0, 1.0, List.of(
                value(CPU, 50.0), value(SENT, 4_096), value(GPU_POWER, 212.25, "0"))));
        records.add(new ExportedRecord(1_796_000_002.0, 2.0, List.of(
                value(CPU, 0.0), value(SENT, 8_192))));
        return records;
    }

    private static ExportedValue value(MetricDescriptor metric, double value, String... labels) {
        return new ExportedValue(metric, List.of(labels), metric.key(labels), value, Map.of());
    }

    @Test
    void theIdNamesAConfigurationSection() {
        MetricExporter exporter = newExporter();
        assertThat(exporter.id()).matches(EXPORTER_ID);
        assertThat(exporter.configKeys()).allSatisfy(key -> assertThat(key).isNotBlank().doesNotStartWith("."));
        assertThat(config(Path.of("unused")).keySet()).as("config(dir) uses only keys configKeys() lists")
                .isSubsetOf(exporter.configKeys());
    }

    @Test
    void closeWithoutStartDoesNotThrow() {
        MetricExporter exporter = newExporter();
        assertThatCode(exporter::close).doesNotThrowAnyException();
        assertThatCode(exporter::close).doesNotThrowAnyException();
    }

    @Test
    void aWholeRunExportsEveryRecord(@TempDir Path dir) throws Exception {
        List<ExportedRecord> records = sampleRun();
        MetricExporter exporter = newExporter();
        try {
            exporter.start(context(dir));
            for (ExportedRecord record : records) {
                exporter.export(record);
            }
            exporter.end(2.0, 0);
        } finally {
            exporter.close();
        }
        assertExported(exporter, dir, records);
        assertThatCode(exporter::close).doesNotThrowAnyException();
    }

    @Test
    void oddValuesAndEmptyRecordsAreTakenWithoutAnException(@TempDir Path dir) throws Exception {
        MetricDescriptor scraped = MetricDescriptor.of("openmetrics.{endpoint}.{metric}", Unit.NONE, "a scraped series");
        MetricExporter exporter = newExporter();
        try {
            exporter.start(context(dir));
            assertThatCode(() -> {
                exporter.export(new ExportedRecord(1_796_000_000.0, 0.0, List.of()));
                exporter.export(new ExportedRecord(1_796_000_001.0, 1.0, List.of(value(CPU, Double.NaN),
                        value(SENT, Double.POSITIVE_INFINITY), value(GPU_POWER, -0.0, "3"),
                        new ExportedValue(scraped, List.of("dcgm", "DCGM_FI_DEV_GPU_TEMP"),
                                scraped.key("dcgm", "DCGM_FI_DEV_GPU_TEMP"), 61, Map.of("pod", "train-0, \"a\"\n")))));
                exporter.end(1.0, 3);
            }).doesNotThrowAnyException();
        } finally {
            exporter.close();
        }
    }
}
