package io.sysgauge.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sysgauge.distribution.Distribution.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code report --format csv|json} for pandas users, and report's bad input: one line, exit code 2. */
class ReportFormatsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void csvReadsBackEveryValueOfEventsJsonlThroughPythonsCsvModule() throws Exception {
        Assumptions.assumeTrue(python() != null, "python3 reads the CSV back");
        Path run = SyntheticRuns.write(work.resolve("run"), "node-a", "{}", 0, 90, false);
        // Values a careless writer would change: tiny, huge, negative, many digits, a key that comes and goes,
        // and a damaged last line (a run killed mid-write) that is no row.
        Files.writeString(run.resolve("events.jsonl"), """
                {"_wandb":true,"_timestamp":1733401000.123456,"_runtime":1000,"system.cpu":1e-7,"system.gpu.0.gpu":-0.0,"system.openmetrics.x.y.0":123456789.123456789}
                {"_wandb":true,"_timestamp":1733401001.5,"_runtime":1001.25,"system.cpu":99.99999999999999,"system.gpu.0.gpu":1.7976931348623157E308}
                {"_wandb":true,"_timestamp":17334010""", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        Path csv = work.resolve("run.csv");
        Result result = Distribution.run(work, "report", "--format", "csv", run.toString(), "-o", csv.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();

        Process check = new ProcessBuilder(python(), "-c", """
                import csv, json, sys
                records = []
                for line in open(sys.argv[1]):
                    try:
                        records.append(json.loads(line))
                    except ValueError:
                        pass  # the damaged line
                rows = list(csv.DictReader(open(sys.argv[2], newline="")))
                assert len(rows) == len(records), (len(rows), len(records))
                keys = {k for r in records for k in r}
                assert set(rows[0].keys()) == keys, set(rows[0].keys()) ^ keys
                checked = 0
                for record, row in zip(records, rows):
                    for key in keys:
                        if key not in record:
                            assert row[key] == "", (key, row[key])
                            continue
                        value = record[key]
                        if isinstance(value, bool):
                            assert row[key] == json.dumps(value), (key, row[key])
                        else:
                            assert float(row[key]) == value, (key, row[key], value)
                        checked += 1
                print(checked)
                """, run.resolve("events.jsonl").toString(), csv.toString()).redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(check.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(check.exitValue()).as(output).isZero();
        // 1000 records of 12 fields, then 6 and 5 fields.
        assertThat(Long.parseLong(output)).isEqualTo(SyntheticRuns.RECORDS * 12L + 6 + 5);
    }

    @Test
    void jsonHoldsTheSummaryAndTheInsights() throws Exception {
        Path run = SyntheticRuns.write(work.resolve("run"), "node-a", "{}", 0, 90, true);
        Result result = Distribution.run(work, "report", "--format", "json", run.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();

        JsonNode report = JSON.readTree(result.out());
        assertThat(report.get("mode").asText()).isEqualTo("run");
        assertThat(report.get("records").asInt()).isEqualTo(SyntheticRuns.RECORDS);
        assertThat(report.get("durationSeconds").asDouble()).isEqualTo(999);
        JsonNode gpu = find(report.get("metrics"), "key", "gpu.0.gpu");
        assertThat(gpu.get("min").asDouble()).isZero();
        assertThat(gpu.get("max").asDouble()).isEqualTo(92);
        // 600 records at 90-92 (mean 91 but for the last, uneven third), 200 at 1, 200 at 0.
        assertThat(gpu.get("mean").asDouble()).isCloseTo((600 * 91.0 + 200) / 1000, within(0.01));
        assertThat(gpu.get("p95").asDouble()).isCloseTo(92, within(92 * 0.02));
        assertThat(find(report.get("insights"), "kind", "idle").get("value").asDouble()).isCloseTo(40, within(2.0));
        assertThat(find(report.get("insights"), "kind", "inputBound").get("start").asDouble()).isEqualTo(200);
        assertThat(report.get("health")).hasSize(2);
        assertThat(report.has("values")).as("no chart columns in JSON").isFalse();
    }

    @Test
    void badInputIsOneLineAndExitCode2() throws Exception {
        Path a = SyntheticRuns.write(work.resolve("a"), "node-a", "{\"job\":\"train\"}", 0, 90, false);
        Path b = SyntheticRuns.write(work.resolve("b"), "node-b", "{\"job\":\"eval\"}", 0, 90, false);

        List<Result> results = new ArrayList<>();
        results.add(Distribution.run(work, "report", work.resolve("missing").toString()));
        results.add(Distribution.run(work, "report", "--nodes", a.toString(), b.toString()));
        results.add(Distribution.run(work, "report", "--format", "parquet", a.toString()));
        results.add(Distribution.run(work, "report", "--format", "csv", a.toString(), b.toString()));

        assertThat(results).allSatisfy(result -> {
            assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
            assertThat(result.err()).startsWith("sysgauge: ").endsWith("\n").doesNotContain("Exception")
                    .satisfies(err -> assertThat(err.strip().lines()).hasSize(1));
        });
        assertThat(results.get(0).err()).contains("no run folder at " + work.resolve("missing"));
        assertThat(results.get(1).err()).contains("mixed jobs: a (train), b (eval)");
        assertThat(results.get(2).err()).contains("parquet");
        assertThat(results.get(3).err()).contains("--format csv takes one run folder");
    }

    @Test
    void helpExplainsEveryMode() throws Exception {
        Result help = Distribution.run(work, "report", "--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--format").contains("csv").contains("json").contains("--nodes")
                .contains("runs compared").contains("straggler").contains("health.jsonl");
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode node : array) {
            if (node.path(field).asText().equals(value)) {
                return node;
            }
        }
        throw new AssertionError("no " + field + "=" + value + " in " + array);
    }

    private static String python() {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(directory, "python3"))) {
                return Path.of(directory, "python3").toString();
            }
        }
        return null;
    }
}
