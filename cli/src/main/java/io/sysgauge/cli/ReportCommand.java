package io.sysgauge.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import io.sysgauge.core.platform.IoErrors;
import io.sysgauge.events.Json;
import io.sysgauge.events.RunDirectory;
import io.sysgauge.views.report.CsvExport;
import io.sysgauge.views.report.RunReport;
import io.sysgauge.views.report.RunSet;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sysgauge report}: a run's report (HTML, CSV or JSON), runs compared, or the nodes of one job. */
@Command(name = "report", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
            "Write one self-contained HTML report of a run folder: a summary (command, duration, exit",
            "code, host, accelerators, plugins), insights with their evidence (idle and unused GPUs,",
            "input-bound phases, GPU and host memory, disks filling, throttling, XID/ECC events and lost",
            "GPUs from health.jsonl, energy), a sortable table of every metric (min, mean, p95, max) and a",
            "chart per metric with every device as a line. It opens from disk with no network; long runs",
            "are shown at most " + RunReport.POINTS + " points per line, each point's min and max as a band.",
            "",
            "Modes:",
            "  one RUN_DIR         the run's report (default RUN_DIR/report.html)",
            "  several RUN_DIRs    runs compared: overlaid by run time, summary tables side by side, the",
            "                      first run the baseline and differences of 10%% or more highlighted",
            "                      (default ./sysgauge-compare.html)",
            "  --nodes RUN_DIRs    the nodes of one job (also without --nodes when all carry one `job`",
            "                      label): aligned by wall clock, lines per node, the straggler named",
            "                      (lowest mean GPU utilization, 5 points or more under the median);",
            "                      folders of different jobs are refused (default ./sysgauge-job.html)",
            "  --format csv        events.jsonl as CSV: a row per record, a column per key (one RUN_DIR)",
            "  --format json       the summary, insights and health events (any mode)",
            "CSV and JSON go to standard output unless -o is given.",
            "",
            "  sysgauge report sysgauge-runs/run-20261128_101500-3fa9c1   writes report.html there",
            "  sysgauge report RUN_DIR -o /tmp/train.html",
            "  sysgauge report --format csv RUN_DIR > run.csv              for pandas.read_csv",
            "  sysgauge report yesterday/ today/                           compares two runs",
            "  sysgauge report --nodes node-a/run-1 node-b/run-1 node-c/run-1",
            "",
            "`sysgauge run` writes report.html itself when the run ends (unless --no-report)."})
final class ReportCommand implements Callable<Integer> {

    static final String REPORT_FILE = "report.html";

    /** What report writes. */
    enum Format { html, csv, json }

    @Parameters(paramLabel = "RUN_DIR", arity = "1..*",
            description = "Run folders (with events.jsonl and metadata.json): one, or several to compare or join.")
    List<Path> runDirs;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Where to write (default above).")
    Path output;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "html",
            description = "html (default), csv or json.")
    Format format;

    @Option(names = "--nodes", description = "The RUN_DIRs are nodes (or ranks) of one job, even without a `job` label.")
    boolean nodes;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        for (Path runDir : runDirs) {
            if (!Files.isDirectory(runDir)) {
                throw new UsageException("no run folder at " + runDir);
            }
            if (!Files.isRegularFile(runDir.resolve(RunDirectory.EVENTS))) {
                throw new UsageException("no " + RunDirectory.EVENTS + " in " + runDir + ": is it a sysgauge run folder?");
            }
        }
        if (format == Format.csv && runDirs.size() > 1) {
            throw new UsageException("--format csv takes one run folder (one table per run); got " + runDirs.size());
        }
        if (runDirs.size() == 1 && format != Format.csv) {
            if (nodes) {
                throw new UsageException("--nodes needs the run folders of two or more nodes");
            }
            if (format == Format.html) {
                Path runDir = runDirs.get(0);
                Path written = write(runDir, output == null ? runDir.resolve(REPORT_FILE) : output, "choose another file with -o");
                printPath(written);
                return 0;
            }
        }
        switch (format) {
            case csv -> emit(out -> CsvExport.write(runDirs.get(0).resolve(RunDirectory.EVENTS), out));
            case json -> emit(this::writeJson);
            case html -> {
                RunSet runs = readSet();
                Path target = output != null ? output
                        : Path.of(runs.mode() == RunSet.Mode.JOB ? "sysgauge-job.html" : "sysgauge-compare.html");
                writeFile(target, runs::writeHtml, "choose another file with -o");
                printPath(target);
            }
        }
        return 0;
    }

    private void writeJson(Writer out) throws IOException {
        // Read (and refuse bad input) before the first byte goes out.
        RunReport run = runDirs.size() == 1 ? read(runDirs.get(0)) : null;
        RunSet runs = run == null ? readSet() : null;
        JsonGenerator json = Json.FACTORY.createGenerator(out);
        json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        json.writeStartObject();
        if (run != null) {
            json.writeStringField("mode", "run");
            json.writeStringField("folder", runDirs.get(0).toString());
            run.writeRunFields(json, false);
        } else {
            json.writeStringField("mode", runs.mode() == RunSet.Mode.JOB ? "job" : "compare");
            runs.writeSetFields(json, false);
        }
        json.writeEndObject();
        json.flush();
        out.write('\n');
    }

    private RunSet readSet() {
        try {
            return RunSet.read(runDirs, nodes);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        } catch (IOException e) {
            throw new UsageException("cannot read the run folders (" + IoErrors.describe(e) + ")");
        }
    }

    // CSV and JSON: to -o when given (whole or not at all), else to standard output.
    private void emit(RunDirectory.Content content) throws IOException {
        if (output != null) {
            writeFile(output, content, "choose another file with -o");
            printPath(output);
        } else {
            PrintWriter out = spec.commandLine().getOut();
            content.writeTo(out);
            out.flush();
        }
    }

    private void printPath(Path written) {
        spec.commandLine().getOut().println(written);
        spec.commandLine().getOut().flush();
    }

    private static RunReport read(Path runDir) {
        try {
            return RunReport.read(runDir.resolve(RunDirectory.EVENTS), runDir.resolve(RunDirectory.METADATA));
        } catch (IOException e) {
            throw new UsageException("cannot read " + runDir.resolve(RunDirectory.EVENTS) + " (" + IoErrors.describe(e) + ")");
        }
    }

    private static void writeFile(Path output, RunDirectory.Content content, String remedy) {
        try {
            // Whole or not at all: a full disk leaves no empty or half report.
            RunDirectory.writeAtomically(output, content);
        } catch (IOException e) {
            throw new UsageException("cannot write " + output + " (" + IoErrors.describe(e) + "); " + remedy);
        }
    }

    /**
     * @param runDir a run folder with events.jsonl
     * @param output where the HTML goes
     * @param remedy what to do when output cannot be written, for the message
     * @return output
     */
    static Path write(Path runDir, Path output, String remedy) {
        RunReport report = read(runDir);
        writeFile(output, report::writeHtml, remedy);
        return output;
    }
}
