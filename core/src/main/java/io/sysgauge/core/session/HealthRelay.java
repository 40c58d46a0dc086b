package io.sysgauge.core.session;

import io.sysgauge.spi.HealthEvent;
import io.sysgauge.spi.HealthLog;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session's health log: what collectors report goes to every listener (the run folder's
 * {@code health.jsonl}). Events that come before the first listener (a probe that already saw an
 * error) are held for it, up to {@link #HELD_LIMIT}. Closing closes the listeners that are closeable.
 */
public final class HealthRelay implements HealthLog, AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(HealthRelay.class);

    static final int HELD_LIMIT = 1000;
    private static final Pattern GPU_DEVICE = Pattern.compile("gpu\\.\\d{1,6}");

    private final List<HealthLog> listeners = new ArrayList<>();
    private final List<HealthEvent> held = new ArrayList<>();
    private boolean closed;

    @Override
    public synchronized void record(HealthEvent event) {
        if (listeners.isEmpty() && !closed && held.size() < HELD_LIMIT) {
            held.add(event);
        }
        if (closed || listeners.isEmpty()) {
            return;
        }
        for (HealthLog listener : listeners) {
            try {
                listener.record(event);
            } catch (RuntimeException e) {
                logger.warn("cannot record a health event: {}", e.toString());
            }
        }
    }

    /**
     * @param gpuOffset the collector's GPU offset in the index space GPU families share
     * @return the log one collector is handed: its {@code gpu.N} devices are moved by the offset
     */
    HealthLog shifted(IntSupplier gpuOffset) {
        return event -> {
            int offset = gpuOffset.getAsInt();
            boolean gpu = offset != 0 && GPU_DEVICE.matcher(event.device()).matches();
            record(!gpu ? event : new HealthEvent(event.timestamp(), "gpu." + (Integer.parseInt(event.device().substring(4))
                    + offset), event.kind(), event.code(), event.reason(), event.start(), event.durationSeconds(), event.message()));
        };
    }

    /** @param listener told every event from now on, and those held until now */
    public synchronized void addListener(HealthLog listener) {
        listeners.add(listener);
        held.forEach(this::record);
        held.clear();
    }

    /** Closes the listeners that are closeable; later events are dropped. */
    @Override
    public synchronized void close() {
        closed = true;
        for (HealthLog listener : listeners) {
            if (listener instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    logger.warn("cannot close a health log: {}", e.toString());
                }
            }
        }
    }
}
