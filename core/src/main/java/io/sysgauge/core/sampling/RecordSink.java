package io.sysgauge.core.sampling;

import java.io.IOException;

/** Receives every record, in tick order, on the sampling thread. */
public interface RecordSink extends AutoCloseable {

    /**
     * @param record one tick's values
     * @throws IOException if it cannot be stored; the loop logs it once and goes on
     */
    void accept(Record record) throws IOException;

    /** Flushes and releases; called once when sampling stops. */
    @Override
    default void close() throws IOException {}
}
