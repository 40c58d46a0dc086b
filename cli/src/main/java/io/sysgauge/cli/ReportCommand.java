package io.sysgauge.cli;

import io.sysgauge.core.platform.IoErrors;
import io.sysgauge.views.report.RunReport;
import io.sysgauge.events.RunDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code sysgauge report}: one self-contained HTML file with a chart per metric of a run folder. */
@Command(name = "report", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
            "Write one HTML file with the run's metadata and a chart per metric (a line per device),",
            "over run time. It opens from disk with no network; long runs are shown at most "
                    + RunReport.POINTS + " points",
            "per line, with each point's min and max as a band so spikes stay visible.",
            "",
            "  sysgauge report sysgauge-runs/run-20261128_101500-3fa9c1      writes report.html in that folder",
            "  sysgauge report RUN_DIR -o /tmp/train.html",
            "",
            "`sysgauge run` writes report.html itself when the run ends (unless --no-report)."})
final class ReportCommand implements Callable<Integer> {

    static final String REPORT_FILE = "report.html";

    @Parameters(paramLabel = "RUN_DIR", description = "A run folder (with events.jsonl and metadata.json).")
    Path runDir;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Where to write the HTML (default RUN_DIR/report.html).")
    Path output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (!Files.isDirectory(runDir)) {
            throw new UsageException("no run folder at " + runDir);
        }
        if (!Files.isRegularFile(runDir.resolve(RunDirectory.EVENTS))) {
            throw new UsageException("no " + RunDirectory.EVENTS + " in " + runDir + ": is it a sysgauge run folder?");
        }
        Path written = write(runDir, output == null ? runDir.resolve(REPORT_FILE) : output, "choose another file with -o");
        spec.commandLine().getOut().println(written);
        spec.commandLine().getOut().flush();
        return 0;
    }

    /**
     * @param runDir a run folder with events.jsonl
     * @param output where the HTML goes
     * @param remedy what to do when output cannot be written, for the message
     * @return output
     */
    static Path write(Path runDir, Path output, String remedy) {
        RunReport report;
        try {
            report = RunReport.read(runDir.resolve(RunDirectory.EVENTS), runDir.resolve(RunDirectory.METADATA));
        } catch (IOException e) {
            throw new UsageException("cannot read " + runDir.resolve(RunDirectory.EVENTS) + " (" + IoErrors.describe(e) + ")");
        }
        try {
            // Whole or not at all: a full disk leaves no empty or half report.
            RunDirectory.writeAtomically(output, report::writeHtml);
        } catch (IOException e) {
            throw new UsageException("cannot write " + output + " (" + IoErrors.describe(e) + "); " + remedy);
        }
        return output;
    }
}
