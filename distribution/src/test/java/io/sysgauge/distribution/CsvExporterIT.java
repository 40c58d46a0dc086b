package io.sysgauge.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sysgauge.distribution.Distribution.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example out-of-tree exporter (examples/csv-exporter, built against the BOM and the test kit
 * only) dropped into a plugins folder: verified, and handed every record of a run.
 */
class CsvExporterIT {

    private static final Path EXPORTER_JAR = Path.of(System.getProperty("sysgauge.example.exporter.jar"));

    @TempDir
    Path work;

    @Test
    void theExampleExporterVerifiesAndIsListed() throws Exception {
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        Files.copy(EXPORTER_JAR, plugins.resolve(EXPORTER_JAR.getFileName()));

        Result verify = Distribution.run(work, "plugins", "verify", EXPORTER_JAR.toString());
        Result list = Distribution.run(work, "plugins", "--set", "plugins.dir=" + plugins);

        assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
        assertThat(verify.out()).isEqualTo("sysgauge-exporter-csv-0.1.0.jar: plugin csv 0.1.0 (platform >=1.2.0 & <2.0.0),"
                + " exporter csv: OK\n");
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out().lines()).anyMatch(line -> line.matches(
                "csv\\s+0\\.1\\.0\\s+exporter\\s+starts with run and serve; section csv"));
    }

    @Test
    void droppedIntoPluginsItGetsEveryRecordOfARun() throws Exception {
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        Files.copy(EXPORTER_JAR, plugins.resolve(EXPORTER_JAR.getFileName()));
        Path csv = work.resolve("run.csv");

        Result run = Distribution.run(work, "run", "--interval", "200ms", "--set", "plugins.dir=" + plugins,
                "--set", "csv.file=" + csv, "--", "sleep", "2");

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<JsonNode> records = Distribution.records(Distribution.onlyRun(work.resolve("sysgauge-runs")));
        List<String[]> rows = Files.readAllLines(csv).stream().filter(line -> !line.startsWith("_timestamp"))
                .map(line -> line.split(",", -1)).toList();
        // Every record, in order: the exporter is ended only after the last one.
        assertThat(rows).hasSameSizeAs(records);
        for (int i = 0; i < rows.size(); i++) {
            assertThat(Double.parseDouble(rows.get(i)[1])).isCloseTo(records.get(i).get("_runtime").asDouble(),
                    org.assertj.core.data.Offset.offset(0.001));
        }
        String header = Files.readAllLines(csv).get(0);
        assertThat(Arrays.asList(header.split(","))).contains("_timestamp", "_runtime", "cpu_percent", "memory_percent");
        // Its health is in the run record: up, nothing dropped.
        JsonNode last = records.get(records.size() - 1);
        assertThat(last.path("system.sysgauge.exporter.csv.up").asDouble()).isEqualTo(1.0);
        assertThat(last.path("system.sysgauge.exporter.csv.dropped").asDouble()).isZero();
    }

    @Test
    void withoutItsFileTheExporterIsLeftOutAndTheRunGoesOn() throws Exception {
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        Files.copy(EXPORTER_JAR, plugins.resolve(EXPORTER_JAR.getFileName()));

        Result run = Distribution.run(work, "run", "--interval", "200ms", "--set", "plugins.dir=" + plugins, "--", "sleep", "1");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("exporter csv did not start: ConfigException: csv.file: is required");
        assertThat(Distribution.records(Distribution.onlyRun(work.resolve("sysgauge-runs"))))
                .allSatisfy(record -> assertThat(record.path("system.sysgauge.exporter.csv.up").asDouble()).isZero());
    }
}
