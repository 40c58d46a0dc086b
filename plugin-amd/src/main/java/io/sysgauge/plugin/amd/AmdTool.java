package io.sysgauge.plugin.amd;

import com.fasterxml.jackson.databind.JsonNode;
import io.sysgauge.spi.CommandResult;
import io.sysgauge.spi.CommandRunner;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One of AMD's two tools, found at a path: the process edge of the plugin. Every failure of a run
 * (a timeout, a non-zero exit, output that is not the JSON expected) comes back as one
 * IOException whose message says what happened.
 */
record AmdTool(Kind kind, Path path) {

    /** amd-smi (ROCm 6.1 and later), preferred, then rocm-smi. */
    enum Kind {
        AMD_SMI("amd-smi", "smi", List.of("metric", "--json")),
        ROCM_SMI("rocm-smi", "rocmSmi", List.of("-a", "--json"));

        final String command;
        final String configKey;
        final List<String> metricArguments;

        Kind(String command, String configKey, List<String> metricArguments) {
            this.command = command;
            this.configKey = configKey;
            this.metricArguments = metricArguments;
        }
    }

    /** A run that did not finish in its time and was killed. */
    static final class TimedOut extends IOException {
        private static final long serialVersionUID = 1L;

        TimedOut(String message) {
            super(message);
        }
    }

    /**
     * One run's output and the GPUs read from it.
     *
     * @param json the document the tool printed
     * @param gpus the GPUs' current values; never empty
     */
    record Report(JsonNode json, List<AmdGpuReading> gpus) {}

    /** @return the GPUs' current values */
    Report read(CommandRunner commands, Duration timeout) throws IOException {
        JsonNode report = run(commands, kind.metricArguments, timeout);
        List<AmdGpuReading> readings = kind == Kind.AMD_SMI ? AmdSmiParser.readings(report)
                : RocmSmiParser.readings(report);
        if (readings.isEmpty()) {
            throw new IOException(kind.command + " reported no GPU");
        }
        return new Report(report, readings);
    }

    /** @return the JSON document the tool printed for these arguments */
    JsonNode run(CommandRunner commands, List<String> arguments, Duration timeout) throws IOException {
        List<String> command = new ArrayList<>(arguments.size() + 1);
        command.add(path.toString());
        command.addAll(arguments);
        CommandResult result = commands.run(command, timeout);
        if (result.timedOut()) {
            throw new TimedOut(kind.command + " " + result.describeFailure());
        }
        if (!result.succeeded()) {
            throw new IOException(kind.command + " " + result.describeFailure());
        }
        try {
            return ToolValues.json(result.stdout());
        } catch (IOException e) {
            throw new IOException(kind.command + " printed no JSON that could be read (" + firstLine(e.getMessage())
                    + ")", e);
        }
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
