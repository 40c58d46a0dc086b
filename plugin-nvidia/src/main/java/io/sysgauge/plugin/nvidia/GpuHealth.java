package io.sysgauge.plugin.nvidia;

import io.sysgauge.spi.HealthEvent;
import io.sysgauge.spi.HealthLog;
import io.sysgauge.spi.SampleWriter;
import io.sysgauge.support.ThrottleEpisodes;
import io.sysgauge.support.ThrottleEpisodes.Episode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The health record of the collector's GPUs (issue 17), on each tick after the device metrics:
 * {@code gpu.{i}.throttle.{reason}} as 0 or 1 and its episodes, {@code gpu.{i}.xidErrors} from the
 * event thread's count, and one {@code lost} event for a GPU that stops answering. A GPU whose
 * driver cannot say its clock-event reasons (symbol missing, NOT_SUPPORTED) gets no throttle keys
 * at all, never zeros.
 */
final class GpuHealth implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(GpuHealth.class);

    private final NvmlHealth nvml;
    private final List<GpuDevice> devices;
    private final HealthLog health;
    private final LongSupplier wallMillis;
    private final NvmlEventWatcher watcher; // null: no GPU reports events
    private final Map<GpuDevice, ThrottleEpisodes> episodes = new HashMap<>();
    private final Set<GpuDevice> throttleOff = new HashSet<>();
    private final Set<GpuDevice> throttleWarned = new HashSet<>();
    private final Set<GpuDevice> lost = new HashSet<>();
    private boolean closed;

    private GpuHealth(NvmlHealth nvml, List<GpuDevice> devices, HealthLog health, LongSupplier wallMillis,
            NvmlEventWatcher watcher) {
        this.nvml = nvml;
        this.devices = List.copyOf(devices);
        this.health = health;
        this.wallMillis = wallMillis;
        this.watcher = watcher;
    }

    /**
     * @param nvml the health calls
     * @param devices the collector's GPUs
     * @param health where events go
     * @param wallMillis the wall clock, milliseconds since the epoch
     * @return the record, its event thread started where a GPU reports events
     */
    static GpuHealth start(NvmlHealth nvml, List<GpuDevice> devices, HealthLog health, LongSupplier wallMillis) {
        return new GpuHealth(nvml, devices, health, wallMillis,
                NvmlEventWatcher.start(nvml, devices, health, wallMillis));
    }

    /** Writes this tick's health keys; on the sampling thread, after the device metrics were read. */
    synchronized void sample(SampleWriter out) {
        if (closed) {
            return;
        }
        double now = wallMillis.getAsLong() / 1000.0;
        for (GpuDevice device : devices) {
            String label = Integer.toString(device.index());
            if (device.isLost()) {
                reportLost(device, now, "GPU is lost: it fell off the bus or stopped answering NVML");
            } else if (!throttleOff.contains(device) && !lost.contains(device)) {
                sampleThrottle(device, label, now, out);
            }
            Long xids = watcher == null ? null : watcher.xidCount(label);
            if (xids != null) {
                out.write(NvidiaMetrics.XID_ERRORS, xids, label);
            }
        }
    }

    private void sampleThrottle(GpuDevice device, String label, double now, SampleWriter out) {
        long mask;
        try {
            mask = nvml.clocksEventReasons(device.handle());
        } catch (NvmlException e) {
            if (e.isDeviceLost()) {
                reportLost(device, now, "GPU is lost: " + e.getMessage());
            } else if (e.isPermanent()) {
                throttleOff.add(device);
                logger.debug("GPU {}: clock-event reasons are not available ({}); no throttle keys", device.index(),
                        e.getMessage());
            } else if (throttleWarned.add(device)) {
                logger.warn("GPU {}: reading clock-event reasons failed ({}); throttle keys are left out while this"
                        + " lasts", device.index(), e.getMessage());
            }
            return;
        }
        Map<String, Boolean> states = new LinkedHashMap<>();
        for (ThrottleReasons reason : ThrottleReasons.ALL) {
            states.put(reason.key, reason.isActiveIn(mask));
            out.write(NvidiaMetrics.THROTTLE, reason.isActiveIn(mask) ? 1 : 0, label, reason.key);
        }
        record(device, episodes.computeIfAbsent(device, any -> new ThrottleEpisodes()).update(states, now));
    }

    // Once per GPU; its open throttle episodes end when it is found lost.
    private void reportLost(GpuDevice device, double now, String message) {
        if (lost.add(device)) {
            health.record(HealthEvent.lost(now, "gpu." + device.index(), message));
            ThrottleEpisodes open = episodes.remove(device);
            if (open != null) {
                record(device, open.endAll(now));
            }
        }
    }

    private void record(GpuDevice device, List<Episode> ended) {
        for (Episode episode : ended) {
            health.record(HealthEvent.episode(episode.start(), episode.end(), "gpu." + device.index(),
                    HealthEvent.THROTTLE, episode.reason(), ThrottleReasons.named(episode.reason()).description
                            + " for " + HealthEvent.describeDuration(episode.seconds())));
        }
    }

    /** Ends the open throttle episodes now, and the event thread. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        double now = wallMillis.getAsLong() / 1000.0;
        for (GpuDevice device : devices) {
            ThrottleEpisodes open = episodes.remove(device);
            if (open != null) {
                record(device, open.endAll(now));
            }
        }
        if (watcher != null) {
            watcher.close();
        }
    }
}
