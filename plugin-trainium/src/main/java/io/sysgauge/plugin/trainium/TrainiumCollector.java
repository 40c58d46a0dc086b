package io.sysgauge.plugin.trainium;

import com.fasterxml.jackson.databind.JsonNode;
import io.sysgauge.spi.CollectorContext;
import io.sysgauge.spi.Detect;
import io.sysgauge.spi.MetricCollector;
import io.sysgauge.spi.Probe;
import io.sysgauge.spi.ProcessScope;
import io.sysgauge.spi.SampleWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongPredicate;
import java.util.regex.Pattern;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trainium collector: AWS Trainium and Inferentia NeuronCores through {@code neuron-monitor}.
 *
 * <p>Detection ({@code trainium.detect: auto}) looks for Neuron device nodes ({@code /dev/neuron0}
 * ...) and then for the tool: {@code trainium.neuronMonitor} if set, else {@code neuron-monitor} on
 * {@code PATH} or in {@code /opt/aws/neuron/bin}; {@code force} skips the device nodes.
 *
 * <p>The probe starts {@code neuron-monitor -c <file>} as a long-lived child, with a generated
 * configuration whose period is the sampling interval in whole seconds (at least one), and waits up
 * to 3 s for the first report to fill metadata.json. A thread reads the child's reports as they
 * come and restarts the child with growing delays when it ends; {@link #sample} never waits, and
 * writes the newest report unless it is older than three intervals plus 5 s.
 *
 * <p>A report lists one entry per Neuron application. Entries whose pid is in the monitored process
 * tree are summed (every entry without a tree), per NeuronCore where the value is per core. An error
 * reported by an entry or a metric group costs the values that part adds to, and only those: a sum
 * with a share missing would understate. {@link #close} kills the child and every process it
 * started.
 */
@Extension
public final class TrainiumCollector implements MetricCollector {

    private static final Logger logger = LoggerFactory.getLogger(TrainiumCollector.class);

    static final String ID = "trainium";
    static final String TOOL_KEY = "neuronMonitor";
    private static final String TOOL = "neuron-monitor";
    private static final List<Path> NEURON_BIN = List.of(Path.of("/opt/aws/neuron/bin"));
    private static final Pattern DEVICE_NODE = Pattern.compile("neuron\\d+");
    // Core allows a probe 10 s; the first report usually comes within one period.
    private static final Duration FIRST_REPORT_WAIT = Duration.ofSeconds(3);
    private static final Duration STALE_MARGIN = Duration.ofSeconds(5);

    private final Duration firstReportWait;
    private CollectorContext context;
    private NeuronMonitorReader reader;
    private Path workDirectory;
    private Duration maxReportAge;
    private boolean stale;

    /** The collector PF4J makes: the probe waits up to 3 s for the first report. */
    public TrainiumCollector() {
        this(FIRST_REPORT_WAIT);
    }

    /** @param firstReportWait how long the probe waits for the first report; tests set their own */
    TrainiumCollector(Duration firstReportWait) {
        this.firstReportWait = firstReportWait;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Set<String> configKeys() {
        return Set.of(TOOL_KEY);
    }

    @Override
    public Probe probe(CollectorContext context) {
        close(); // a second probe starts over
        if (context.config().detect() == Detect.AUTO && !hasNeuronDevice(context.devRoot())) {
            return Probe.absent("no Neuron device (/dev/neuron*); set trainium.detect=force to run neuron-monitor anyway");
        }
        Path tool;
        Optional<String> configured = context.config().string(TOOL_KEY);
        if (configured.isPresent()) {
            tool = Path.of(configured.get()).toAbsolutePath();
            if (!Files.isRegularFile(tool) || !Files.isExecutable(tool)) {
                return Probe.absent("trainium." + TOOL_KEY + " is " + tool + ", which is not an executable file");
            }
        } else {
            Optional<Path> found = context.commands().locate(TOOL, NEURON_BIN);
            if (found.isEmpty()) {
                return Probe.absent("neuron-monitor not found in PATH or /opt/aws/neuron/bin; install aws-neuronx-tools"
                        + " or set trainium." + TOOL_KEY);
            }
            tool = found.get();
        }
        Path configFile;
        try {
            workDirectory = Files.createTempDirectory("sysgauge-trainium-");
            configFile = workDirectory.resolve("neuron-monitor.json");
            Files.writeString(configFile, NeuronMonitorConfig.forInterval(context.interval()), StandardCharsets.UTF_8);
        } catch (IOException e) {
            deleteWorkDirectory();
            return Probe.absent("neuron-monitor's configuration file could not be written in "
                    + System.getProperty("java.io.tmpdir") + " (" + e.getMessage() + "); make that folder writable");
        }
        this.context = context;
        this.maxReportAge = context.interval().multipliedBy(3).plus(STALE_MARGIN);
        reader = new NeuronMonitorReader(() -> NeuronMonitorProcess.start(tool, configFile), context::nanoTime);
        reader.start();

        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("tool", tool.toString());
        Optional<JsonNode> first = reader.awaitFirstReport(firstReportWait);
        if (first.isPresent()) {
            metadata.putAll(NeuronReports.hardwareFacts(first.get()));
        } else {
            String why = reader.firstFailure().orElse("no report within " + firstReportWait.toSeconds() + " s");
            logger.info("no neuron-monitor report yet ({}); Trainium values are written once one arrives", why);
            metadata.put("first_report", why);
        }
        return Probe.present(metadata);
    }

    private static boolean hasNeuronDevice(Path devRoot) {
        try (DirectoryStream<Path> nodes = Files.newDirectoryStream(devRoot, "neuron*")) {
            for (Path node : nodes) {
                if (DEVICE_NODE.matcher(node.getFileName().toString()).matches()) {
                    return true;
                }
            }
        } catch (IOException e) {
            logger.debug("listing {}: {}", devRoot, e.toString());
        }
        return false;
    }

    @Override
    public void sample(SampleWriter out) {
        if (reader == null) {
            return;
        }
        Optional<JsonNode> report = reader.latest(maxReportAge);
        if (report.isEmpty()) {
            if (reader.hasReported() && !stale) {
                stale = true;
                logger.warn("the newest neuron-monitor report is older than {} s; Trainium values are left out until"
                        + " a new one arrives", maxReportAge.toSeconds());
            }
            return;
        }
        if (stale) {
            stale = false;
            logger.info("neuron-monitor reports are current again");
        }
        ProcessScope scope = context.processScope();
        LongPredicate inTree = scope.rootPid().isPresent() ? scope::contains : pid -> true;
        write(NeuronReports.usage(report.get(), inTree), out);
    }

    /** Writes a report's values under W&B's keys. */
    static void write(NeuronUsage usage, SampleWriter out) {
        usage.coreUtilization().forEach((core, percent) ->
                out.write(TrainiumMetrics.NEURONCORE_UTILIZATION, percent, core.toString()));
        out.write(TrainiumMetrics.HOST_TOTAL_MEMORY, usage.hostTotalBytes());
        out.write(TrainiumMetrics.DEVICE_TOTAL_MEMORY, usage.deviceTotalBytes());
        usage.hostBytes().forEach((category, bytes) -> out.write(TrainiumMetrics.HOST_MEMORY.get(category), bytes));
        usage.coreBytes().forEach((core, categories) -> categories.forEach((category, bytes) ->
                out.write(TrainiumMetrics.CORE_MEMORY.get(category), bytes, core.toString())));
    }

    @Override
    public void close() {
        if (reader != null) {
            reader.close();
            reader = null;
        }
        stale = false;
        deleteWorkDirectory();
    }

    private void deleteWorkDirectory() {
        if (workDirectory == null) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(workDirectory)) {
            for (Path file : files) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(workDirectory);
        } catch (IOException e) {
            logger.debug("removing {}: {}", workDirectory, e.toString());
        }
        workDirectory = null;
    }
}
