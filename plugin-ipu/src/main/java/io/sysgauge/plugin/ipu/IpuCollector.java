package io.sysgauge.plugin.ipu;

import io.sysgauge.plugin.ipu.SeedNaming.IpuMetric;
import io.sysgauge.spi.CollectorContext;
import io.sysgauge.spi.CommandRunner;
import io.sysgauge.spi.Detect;
import io.sysgauge.spi.MetricCollector;
import io.sysgauge.spi.Probe;
import io.sysgauge.spi.ProcessScope;
import io.sysgauge.spi.SampleWriter;
import io.sysgauge.support.BackgroundReader;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ipu collector: Graphcore IPUs through the device attributes gc-info prints, under the keys
 * W&amp;B's IPU monitor wrote: {@code ipu.<device id>.<attribute and unit>}, such as
 * {@code ipu.0.average board temp (C)} or {@code ipu.0.ipu utilisation (%)}.
 *
 * <p>Like W&amp;B, it reports only the IPUs a monitored process holds (the {@code user process id}
 * attribute is a pid of the tree given by {@code --pid} or {@code run -- CMD}), and nothing without
 * such a tree. Every numeric attribute is written on every tick, so {@code /metrics} always shows
 * it; the fixed ones (link speed and width, firmware numbers, the user process id) go out with
 * descriptors recorded on change, so that run files, like W&amp;B's, keep them the first time a
 * device is reported and when they change, and the temperatures, clock, power and utilisation on
 * every tick.
 *
 * <p>Detection ({@code ipu.detect=auto}) wants an IPU device node ({@code /dev/ipu*}); {@code force}
 * goes straight to gc-info, which is {@code ipu.gcInfo} or the {@code gc-info} on PATH. gc-info runs
 * once per device and per reading, so it runs on a thread of its own at most once per interval, and
 * a tick writes its newest reading.
 */
@Extension
public final class IpuCollector implements MetricCollector {

    private static final Logger logger = LoggerFactory.getLogger(IpuCollector.class);

    static final String ID = "ipu";
    private static final String GC_INFO_KEY = "gcInfo";
    // The core gives a probe 10 s; the probe's reading takes at most half of that.
    private static final Duration PROBE_READING_BUDGET = Duration.ofSeconds(5);
    private static final Duration MIN_READING_BUDGET = Duration.ofSeconds(10);

    private BackgroundReader<DeviceAttributes> reader;
    private ProcessScope scope;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Set<String> configKeys() {
        return Set.of(GC_INFO_KEY);
    }

    @Override
    public Probe probe(CollectorContext context) {
        if (context.config().detect() == Detect.AUTO && !hasIpuDeviceNode(context.devRoot())) {
            return Probe.absent("no Graphcore IPU device (/dev/ipu*); set ipu.detect=force to run gc-info anyway");
        }
        Optional<String> configured = context.config().string(GC_INFO_KEY);
        Path path;
        if (configured.isPresent()) {
            path = Path.of(configured.get()).toAbsolutePath();
            if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
                return Probe.absent("ipu." + GC_INFO_KEY + " is " + path + ", which is not an executable file");
            }
        } else {
            Optional<Path> located = context.commands().locate(GcInfo.COMMAND, List.of());
            if (located.isEmpty()) {
                return Probe.absent("gc-info not found in PATH; install the Poplar SDK or set ipu." + GC_INFO_KEY);
            }
            path = located.get();
        }
        return open(new GcInfo(path), context);
    }

    /** Takes a first reading for the metadata, then keeps reading in the background, as the AMD plugin does. */
    private Probe open(GcInfo gcInfo, CollectorContext context) {
        CommandRunner commands = context.commands();
        scope = context.processScope();
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("tool", gcInfo.path().toString());
        List<DeviceAttributes> first = null;
        try {
            first = gcInfo.read(commands, PROBE_READING_BUDGET);
            describe(first, metadata);
        } catch (IOException e) {
            logger.warn("no IPU reading yet ({}); gc-info is tried again every interval", e.getMessage());
            metadata.put("first_reading", e.getMessage());
        }
        if (scope.rootPid().isEmpty()) {
            logger.info("no process to watch (--pid or run -- CMD): IPU values are reported only for the IPUs a"
                    + " watched process holds, so none will be");
        }
        Duration budget = MIN_READING_BUDGET.compareTo(context.interval().multipliedBy(2)) > 0 ? MIN_READING_BUDGET
                : context.interval().multipliedBy(2);
        reader = new BackgroundReader<>(GcInfo.COMMAND, "IPU values", () -> {
            // Without a tree no device can be reported: gc-info need not run.
            return scope.rootPid().isEmpty() ? List.of() : gcInfo.read(commands, budget);
        }, context.interval(), budget, context::nanoTime);
        reader.start(first);
        return Probe.present(metadata);
    }

    /** Facts from the first reading: how many IPUs, and the first one's board, architecture and software. */
    private static void describe(List<DeviceAttributes> devices, Map<String, Object> metadata) {
        metadata.put("device_count", devices.size());
        DeviceAttributes first = devices.get(0);
        first.get("board type").ifPresent(value -> metadata.put("board_type", value));
        first.get("ipu architecture").ifPresent(value -> metadata.put("ipu_architecture", value));
        first.get("driver version").ifPresent(value -> metadata.put("driver_version", value));
        first.get("firmware version").ifPresent(value -> metadata.put("firmware_version", value));
        List<Map<String, Object>> described = new ArrayList<>();
        for (DeviceAttributes device : devices) {
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("id", device.id());
            device.get("board ipu index").ifPresent(value -> facts.put("board_ipu_index", value));
            device.get("board type").ifPresent(value -> facts.put("board_type", value));
            described.add(facts);
        }
        metadata.put("devices", described);
    }

    private static boolean hasIpuDeviceNode(Path devRoot) {
        try (DirectoryStream<Path> nodes = Files.newDirectoryStream(devRoot, "ipu*")) {
            return nodes.iterator().hasNext();
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void sample(SampleWriter out) {
        if (reader == null) {
            return;
        }
        Set<Long> watched = scope.pids();
        for (DeviceAttributes device : reader.latest()) {
            OptionalLong user = device.userProcessId();
            if (user.isEmpty() || !watched.contains(user.getAsLong())) {
                continue;
            }
            for (IpuMetric metric : SeedNaming.metrics(device)) {
                out.write(IpuMetrics.of(metric), metric.value(), device.id(), metric.key());
            }
        }
    }

    @Override
    public void close() {
        if (reader != null) {
            reader.close();
            reader = null;
        }
    }
}
