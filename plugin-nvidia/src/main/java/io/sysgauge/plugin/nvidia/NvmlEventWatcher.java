package io.sysgauge.plugin.nvidia;

import io.sysgauge.plugin.nvidia.NvmlHealth.Event;
import io.sysgauge.spi.HealthEvent;
import io.sysgauge.spi.HealthLog;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * NVML's device events on one background daemon thread per collector, never the sampling thread:
 * XID critical errors, and single- and double-bit ECC errors where the GPU reports them. Each
 * event goes to the run's health log with its time and code; XIDs are also counted per GPU, for
 * {@code gpu.{i}.xidErrors}. The thread waits in {@code nvmlEventSetWait_v2} with a short timeout
 * so that {@link #close} ends it promptly; the event set is freed after the thread has ended.
 */
final class NvmlEventWatcher implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(NvmlEventWatcher.class);

    /** The longest single wait for an event: how long {@link #close} may wait for the thread. */
    static final int WAIT_MILLIS = 250;
    private static final long WATCHED = NvmlHealth.XID_CRITICAL_ERROR | NvmlHealth.SINGLE_BIT_ECC
            | NvmlHealth.DOUBLE_BIT_ECC;
    private static final long CLOSE_PATIENCE_MILLIS = 5_000;

    // What NVIDIA's XID catalog says of the XIDs a training job most often meets.
    private static final Map<Integer, String> XID_MEANINGS = Map.ofEntries(
            Map.entry(13, "graphics engine exception"),
            Map.entry(31, "GPU memory page fault"),
            Map.entry(43, "GPU stopped processing"),
            Map.entry(45, "preemptive cleanup, due to previous errors"),
            Map.entry(48, "double-bit ECC error"),
            Map.entry(63, "ECC page retirement or row remapping recorded"),
            Map.entry(64, "ECC page retirement or row remapping failed"),
            Map.entry(74, "NVLink error"),
            Map.entry(79, "GPU has fallen off the bus"),
            Map.entry(92, "high single-bit ECC error rate"),
            Map.entry(94, "contained ECC error"),
            Map.entry(95, "uncontained ECC error"));

    private final NvmlHealth nvml;
    private final long set;
    private final Map<Long, String> labelByHandle;
    private final Map<String, AtomicLong> xidsByLabel;
    private final HealthLog health;
    private final LongSupplier wallMillis;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final Thread thread;

    private NvmlEventWatcher(NvmlHealth nvml, long set, Map<Long, String> labelByHandle,
            Map<String, AtomicLong> xidsByLabel, HealthLog health, LongSupplier wallMillis) {
        this.nvml = nvml;
        this.set = set;
        this.labelByHandle = labelByHandle;
        this.xidsByLabel = xidsByLabel;
        this.health = health;
        this.wallMillis = wallMillis;
        this.thread = new Thread(this::watch, "sysgauge-nvml-events");
        thread.setDaemon(true);
    }

    /**
     * Registers every device for the events it supports of those watched, and starts the thread.
     *
     * @param nvml the event calls
     * @param devices the collector's GPUs
     * @param health where events go
     * @param wallMillis the wall clock, milliseconds since the epoch
     * @return the running watcher; null when no device can report events (or the driver has no event sets)
     */
    static NvmlEventWatcher start(NvmlHealth nvml, List<GpuDevice> devices, HealthLog health, LongSupplier wallMillis) {
        Long set = null;
        Map<Long, String> labelByHandle = new LinkedHashMap<>();
        Map<String, AtomicLong> xidsByLabel = new LinkedHashMap<>();
        for (GpuDevice device : devices) {
            try {
                long types = nvml.supportedEventTypes(device.handle()) & WATCHED;
                if (types == 0) {
                    continue;
                }
                if (set == null) {
                    set = nvml.createEventSet();
                }
                nvml.registerEvents(device.handle(), types, set);
                String label = Integer.toString(device.index());
                labelByHandle.put(device.handle(), label);
                if ((types & NvmlHealth.XID_CRITICAL_ERROR) != 0) {
                    xidsByLabel.put(label, new AtomicLong());
                }
            } catch (NvmlException e) {
                // NOT_SUPPORTED or an older driver: this GPU's events are not reported, its other metrics are.
                logger.debug("GPU {}: no NVML events ({})", device.index(), e.getMessage());
            }
        }
        if (set == null) {
            return null;
        }
        if (labelByHandle.isEmpty()) {
            free(nvml, set);
            return null;
        }
        NvmlEventWatcher watcher = new NvmlEventWatcher(nvml, set, Map.copyOf(labelByHandle),
                Map.copyOf(xidsByLabel), health, wallMillis);
        watcher.thread.start();
        return watcher;
    }

    /**
     * @param label a GPU's index, as its keys carry it
     * @return its XIDs since the watcher started; null when it is not registered for XIDs
     */
    Long xidCount(String label) {
        AtomicLong count = xidsByLabel.get(label);
        return count == null ? null : count.get();
    }

    private void watch() {
        boolean warned = false;
        while (stopping.getCount() > 0) {
            try {
                Event event = nvml.waitForEvent(set, WAIT_MILLIS);
                if (event != null) {
                    report(event);
                }
            } catch (NvmlException e) {
                if (e.code() == NvmlException.FUNCTION_NOT_FOUND) {
                    logger.warn("NVML events are not reported: {}", e.getMessage());
                    return;
                }
                if (!warned) {
                    warned = true;
                    logger.warn("waiting for NVML events failed ({}); trying again", e.getMessage());
                }
                pause(); // a wait that fails at once must not turn into a busy loop
            }
        }
    }

    private void report(Event event) {
        String label = labelByHandle.get(event.device());
        if (label == null) {
            return; // a GPU outside gpu.devices
        }
        double now = wallMillis.getAsLong() / 1000.0;
        String device = "gpu." + label;
        if ((event.type() & NvmlHealth.XID_CRITICAL_ERROR) != 0) {
            AtomicLong count = xidsByLabel.get(label);
            if (count != null) {
                count.incrementAndGet();
            }
            int code = (int) event.data();
            String meaning = XID_MEANINGS.get(code);
            health.record(HealthEvent.xid(now, device, code, "XID " + code + ": "
                    + (meaning != null ? meaning : code == 999 ? "unknown XID error" : "see NVIDIA's XID catalog")));
        }
        if ((event.type() & NvmlHealth.SINGLE_BIT_ECC) != 0) {
            health.record(HealthEvent.ecc(now, device, "singleBit", "single-bit ECC error (corrected)"));
        }
        if ((event.type() & NvmlHealth.DOUBLE_BIT_ECC) != 0) {
            health.record(HealthEvent.ecc(now, device, "doubleBit", "double-bit ECC error (uncorrected)"));
        }
    }

    private void pause() {
        try {
            stopping.await(WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping.countDown();
        }
    }

    /** Ends the thread, then frees the event set; a thread still in a wait that hangs keeps its set. */
    @Override
    public void close() {
        stopping.countDown();
        try {
            thread.join(CLOSE_PATIENCE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            logger.debug("the NVML event thread is still waiting; its event set is left to nvmlShutdown");
            return;
        }
        free(nvml, set);
    }

    private static void free(NvmlHealth nvml, long set) {
        try {
            nvml.freeEventSet(set);
        } catch (NvmlException e) {
            logger.debug("freeing the NVML event set: {}", e.getMessage());
        }
    }
}
