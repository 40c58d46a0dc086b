package io.sysgauge.plugin.amd;

import io.sysgauge.plugin.amd.AmdSmiParser.StaticInfo;
import io.sysgauge.plugin.amd.AmdTool.Kind;
import io.sysgauge.plugin.amd.AmdTool.Report;
import io.sysgauge.spi.CollectorContext;
import io.sysgauge.spi.CommandRunner;
import io.sysgauge.spi.Detect;
import io.sysgauge.spi.DeviceSelection;
import io.sysgauge.spi.GpuDevice;
import io.sysgauge.spi.GpuMetrics;
import io.sysgauge.spi.HealthEvent;
import io.sysgauge.spi.HealthLog;
import io.sysgauge.spi.MetricCollector;
import io.sysgauge.spi.Probe;
import io.sysgauge.spi.SampleWriter;
import io.sysgauge.support.BackgroundReader;
import io.sysgauge.support.ThrottleEpisodes;
import io.sysgauge.support.ThrottleEpisodes.Episode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The amd collector: AMD GPUs through amd-smi (ROCm 6.1 and later) or rocm-smi. The tools take a
 * second or more per run, so they run on a thread of their own, at most once per interval, and a
 * tick writes their newest reading.
 */
@Extension
public final class AmdCollector implements MetricCollector {

    private static final Logger logger = LoggerFactory.getLogger(AmdCollector.class);

    static final String ID = "amd";
    private static final List<Path> ROCM_BIN = List.of(Path.of("/opt/rocm/bin"));
    // The probe's runs share the core's 10 s probe budget: two tools may be tried, and amd-smi static after.
    private static final Duration PROBE_RUN_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration MIN_RUN_TIMEOUT = Duration.ofSeconds(10);

    private BackgroundReader<AmdGpuReading> reader;
    private DeviceSelection devices = DeviceSelection.all();
    private Map<Integer, Double> powerCaps = Map.of();
    // health (issue 17): throttle episodes per GPU, to the run's health log
    private final Map<Integer, EnergySinceStart> energy = new HashMap<>();
    private final Map<Integer, ThrottleEpisodes> episodes = new TreeMap<>(); // by index: episodes end in GPU order
    private HealthLog health = HealthLog.NONE;
    private LongSupplier wallMillis = System::currentTimeMillis;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Set<String> configKeys() {
        return Set.of(Kind.AMD_SMI.configKey, Kind.ROCM_SMI.configKey);
    }

    @Override
    public Probe probe(CollectorContext context) {
        if (context.config().detect() == Detect.AUTO) {
            Optional<String> notLive = driverNotLive(context.sysRoot());
            if (notLive.isPresent()) {
                return Probe.absent(notLive.get());
            }
        }
        List<AmdTool> tools = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            Optional<String> configured = context.config().string(kind.configKey);
            if (configured.isPresent()) {
                Path path = Path.of(configured.get()).toAbsolutePath();
                if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
                    return Probe.absent("amd." + kind.configKey + " is " + path + ", which is not an executable file");
                }
                tools.add(new AmdTool(kind, path));
            } else {
                context.commands().locate(kind.command, ROCM_BIN).ifPresent(path -> tools.add(new AmdTool(kind, path)));
            }
        }
        if (tools.isEmpty()) {
            return Probe.absent("neither amd-smi nor rocm-smi found in PATH or /opt/rocm/bin; install ROCm, or set"
                    + " amd.smi or amd.rocmSmi to the tool's path");
        }
        return open(tools, context);
    }

    /**
     * The first tool whose first run reads the GPUs is used; if none does yet, the preferred one is
     * kept trying in the background. A run that times out ends the search.
     */
    private Probe open(List<AmdTool> tools, CollectorContext context) {
        CommandRunner commands = context.commands();
        AmdTool chosen = tools.get(0);
        Report first = null;
        List<String> failures = new ArrayList<>();
        for (AmdTool tool : tools) {
            try {
                first = tool.read(commands, PROBE_RUN_TIMEOUT);
                chosen = tool;
                break;
            } catch (AmdTool.TimedOut e) {
                // A tool that hangs usually means a driver that hangs: the other would too, and the probe must end.
                failures.add(e.getMessage());
                break;
            } catch (IOException e) {
                failures.add(e.getMessage());
            }
        }
        devices = context.gpuDevices();
        health = context.health();
        wallMillis = context::currentTimeMillis;
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("tool", chosen.path().toString());
        List<GpuDevice> gpus;
        if (first == null) {
            logger.warn("no AMD GPU reading yet ({}); {} is tried again every interval", String.join("; ", failures),
                    chosen.kind().command);
            metadata.put("first_reading", String.join("; ", failures));
            gpus = DrmCards.amdCards(context.sysRoot()).stream().filter(devices::includes)
                    .map(index -> new GpuDevice(index, "AMD GPU", null)).toList();
        } else {
            gpus = describe(chosen, first, commands, metadata);
        }
        AmdTool tool = chosen;
        Duration timeout = MIN_RUN_TIMEOUT.compareTo(context.interval().multipliedBy(2)) > 0 ? MIN_RUN_TIMEOUT
                : context.interval().multipliedBy(2);
        reader = new BackgroundReader<>(tool.kind().command, "AMD GPU values", () -> tool.read(commands, timeout).gpus(),
                context.interval(), timeout, context::nanoTime);
        reader.start(first == null ? null : first.gpus());
        return Probe.present(metadata).withGpus(gpus);
    }

    /**
     * Metadata from the first reading: rocm-smi prints the facts with it, amd-smi in its static report.
     *
     * @return the GPUs the reading has, of those {@code gpu.devices} selects
     */
    private List<GpuDevice> describe(AmdTool tool, Report first, CommandRunner commands, Map<String, Object> metadata) {
        List<Map<String, Object>> gpus;
        String driverVersion;
        if (tool.kind() == Kind.ROCM_SMI) {
            gpus = RocmSmiParser.facts(first.json());
            driverVersion = RocmSmiParser.driverVersion(first.json());
        } else {
            StaticInfo info;
            try {
                info = AmdSmiParser.staticInfo(tool.run(commands, List.of("static", "--json"), PROBE_RUN_TIMEOUT));
            } catch (IOException e) {
                logger.info("amd-smi static: {}; powerPercent is left out", e.getMessage());
                info = StaticInfo.NONE;
            }
            gpus = info.gpus();
            driverVersion = info.driverVersion();
            powerCaps = info.powerCapWatts();
        }
        List<Map<String, Object>> selected = gpus.stream()
                .filter(gpu -> devices.includes((Integer) gpu.get("index"))).toList();
        metadata.put("gpu_count", first.gpus().size());
        if (!selected.isEmpty() && selected.get(0).containsKey("series")) {
            metadata.put("gpu", selected.get(0).get("series"));
        }
        if (driverVersion != null) {
            metadata.put("driver_version", driverVersion);
        }
        metadata.put("gpu_amd", selected);
        Map<Integer, Map<String, Object>> factsByIndex = new LinkedHashMap<>();
        gpus.forEach(gpu -> factsByIndex.put((Integer) gpu.get("index"), gpu));
        return first.gpus().stream().map(AmdGpuReading::index).filter(devices::includes).map(index -> {
            Map<String, Object> facts = factsByIndex.getOrDefault(index, Map.of());
            return new GpuDevice(index, String.valueOf(facts.getOrDefault("series", "AMD GPU")), (String) facts.get("serial"));
        }).toList();
    }

    private static Optional<String> driverNotLive(Path sysRoot) {
        Path initState = sysRoot.resolve("module/amdgpu/initstate");
        try {
            String state = Files.readString(initState, StandardCharsets.US_ASCII).trim();
            return state.equals("live") ? Optional.empty()
                    : Optional.of("the amdgpu driver is not ready (/sys/module/amdgpu/initstate says '" + state
                            + "'); set amd.detect=force to ask the tools anyway");
        } catch (IOException e) {
            return Optional.of("the amdgpu driver is not loaded (no /sys/module/amdgpu/initstate); set"
                    + " amd.detect=force to ask the tools anyway");
        }
    }

    @Override
    public void sample(SampleWriter out) {
        if (reader == null) {
            return;
        }
        for (AmdGpuReading gpu : reader.latest()) {
            if (!devices.includes(gpu.index())) {
                continue;
            }
            AmdGpuReading reading = gpu.withPowerCap(powerCaps.getOrDefault(gpu.index(), Double.NaN));
            String label = Integer.toString(reading.index());
            out.write(GpuMetrics.GPU, reading.gpuPercent(), label);
            out.write(GpuMetrics.MEMORY_ALLOCATED, reading.memoryAllocatedPercent(), label);
            out.write(GpuMetrics.TEMP, reading.celsius(), label);
            out.write(GpuMetrics.POWER_WATTS, reading.watts(), label);
            out.write(GpuMetrics.POWER_PERCENT, reading.powerPercent(), label);
            out.write(AmdMetrics.MEMORY_READ_WRITE_ACTIVITY, reading.memoryActivityPercent(), label);
            out.write(AmdMetrics.MEMORY_OVERDRIVE, reading.memoryOverDrivePercent(), label);
            if (!Double.isNaN(reading.energyJoules())) {
                out.write(AmdMetrics.ENERGY, energy.computeIfAbsent(reading.index(), any -> new EnergySinceStart())
                        .add(reading.energyJoules()), label);
            }
            sampleThrottle(reading, label, out);
        }
    }

    /** The driver's energy counter made a count since the first sample; one that goes back (a wrap, a reset) counts on. */
    private static final class EnergySinceStart {
        private double last = Double.NaN;
        private double total;

        double add(double counter) {
            if (!Double.isNaN(last)) {
                total += counter >= last ? counter - last : counter;
            }
            last = counter;
            return total;
        }
    }

    // health (issue 17): the reasons amd-smi stated, as 0/1, and their episodes in the run's health log
    private void sampleThrottle(AmdGpuReading reading, String label, SampleWriter out) {
        if (reading.throttle().isEmpty()) {
            return;
        }
        reading.throttle().forEach((reason, active) -> out.write(AmdMetrics.THROTTLE, active ? 1 : 0, label, reason));
        double now = wallMillis.getAsLong() / 1000.0;
        record(reading.index(), episodes.computeIfAbsent(reading.index(), any -> new ThrottleEpisodes())
                .update(reading.throttle(), now));
    }

    private void record(int index, List<Episode> ended) {
        for (Episode episode : ended) {
            health.record(HealthEvent.episode(episode.start(), episode.end(), "gpu." + index, HealthEvent.THROTTLE,
                    episode.reason(), AmdThrottle.describe(episode.reason()) + " for "
                            + HealthEvent.describeDuration(episode.seconds())));
        }
    }

    @Override
    public void close() {
        double now = wallMillis.getAsLong() / 1000.0;
        episodes.forEach((index, open) -> record(index, open.endAll(now)));
        episodes.clear();
        if (reader != null) {
            reader.close();
            reader = null;
        }
    }
}
