package io.sysgauge.core.session;

import io.sysgauge.spi.HealthEvent;
import io.sysgauge.spi.HealthLog;
import java.util.ArrayList;
import java.util.List;
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

    private final List<HealthLog> listeners = new ArrayList<>();
    private final List<HealthEvent> held = new ArrayList<>();
    private boolean closed;

    @Override
    public synchronized void record(HealthEvent event) {
        if (closed) {
            return;
        }
        if (listeners.isEmpty()) {
            if (held.size() < HELD_LIMIT) {
                held.add(event);
            }
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

    /** @param listener told every event from now on, and those held until now */
    public synchronized void addListener(HealthLog listener) {
        listeners.add(listener);
        List<HealthEvent> waiting = List.copyOf(held);
        held.clear();
        waiting.forEach(this::record);
    }

    /** Closes the listeners that are closeable; later events are dropped. Safe to call twice. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
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
