package io.sysgauge.host;

import io.sysgauge.spi.CollectorContext;
import io.sysgauge.spi.MetricCollector;
import io.sysgauge.spi.Probe;
import io.sysgauge.spi.SampleWriter;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code disk.{path}.usagePercent}/{@code usageGB} for each configured path, and disk I/O since
 * the first sample, machine-wide and per block device. A filesystem that hangs (a dead NFS
 * server) stalls only this collector, which the sampling loop then skips.
 */
public final class DiskCollector implements MetricCollector {

    private static final Logger logger = LoggerFactory.getLogger(DiskCollector.class);

    private final HostSource source;
    private final List<String> paths;
    private final Map<String, FileStore> stores = new LinkedHashMap<>();
    private final SinceStart io = new SinceStart();

    /**
     * @param source machine counters
     * @param paths the {@code disk.paths} setting
     */
    public DiskCollector(HostSource source, List<String> paths) {
        this.source = source;
        this.paths = List.copyOf(paths);
    }

    @Override
    public String id() {
        return "disk";
    }

    @Override
    public Probe probe(CollectorContext context) {
        List<String> missing = new ArrayList<>();
        for (String path : paths) {
            try {
                // Resolving the store reads the mount table: once here, not on every tick.
                stores.put(path, Files.getFileStore(Path.of(path)));
            } catch (IOException | RuntimeException e) {
                missing.add(path);
            }
        }
        if (!missing.isEmpty()) {
            logger.warn("disk.paths: not reporting {} (no such path or no filesystem)", String.join(", ", missing));
        }
        try {
            source.blockDevices();
        } catch (Exception e) {
            if (stores.isEmpty()) {
                return Probe.absent("cannot read disk counters: " + e.getMessage());
            }
        }
        return Probe.present();
    }

    @Override
    public void sample(SampleWriter out) throws Exception {
        for (Map.Entry<String, FileStore> entry : stores.entrySet()) {
            FileStore store = entry.getValue();
            long total = store.getTotalSpace();
            long used = total - store.getUnallocatedSpace();
            long usable = store.getUsableSpace();
            // As df and psutil: blocks reserved for root count neither as used nor as available.
            if (used + usable > 0) {
                out.write(HostMetrics.DISK_USAGE_PERCENT, 100.0 * used / (used + usable), entry.getKey());
            }
            out.write(HostMetrics.DISK_USAGE_GB, used / HostMetrics.GB, entry.getKey());
        }
        io.update(source.blockDevices());
        out.write(HostMetrics.DISK_IN, io.totalIn() / HostMetrics.MB);
        out.write(HostMetrics.DISK_OUT, io.totalOut() / HostMetrics.MB);
        for (Map.Entry<String, long[]> device : io.perDevice().entrySet()) {
            out.write(HostMetrics.DEVICE_IN, device.getValue()[0] / HostMetrics.MB, device.getKey());
            out.write(HostMetrics.DEVICE_OUT, device.getValue()[1] / HostMetrics.MB, device.getKey());
        }
    }
}
