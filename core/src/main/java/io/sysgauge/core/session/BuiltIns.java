package io.sysgauge.core.session;

import io.sysgauge.spi.MetricCollector;
import io.sysgauge.spi.ProcessScope;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * What the launcher hands a session besides the plugins: the built-in collectors (the host
 * module's), the monitored process tree every collector shares, and where the host's folders are.
 * Core builds none of it, so it does not depend on how a machine is read.
 *
 * @param collectors the built-in collectors, in record order; empty to probe plugins only
 *     ({@code sysgauge plugins})
 * @param processScope the monitored tree, as collectors see it
 * @param refreshProcessScope reads the tree again; the sampling loop runs it before any collector
 *     with the tick's {@link System#nanoTime()}, which rates over the tree must use
 * @param procRoot where /proc is, for collectors
 * @param sysRoot where /sys is
 * @param devRoot where /dev is
 */
public record BuiltIns(List<BuiltIn> collectors, ProcessScope processScope, LongConsumer refreshProcessScope, Path procRoot,
        Path sysRoot, Path devRoot) {

    /**
     * One built-in collector; it runs with the application class loader.
     *
     * @param collector the collector
     * @param inline true to sample it on the tick thread: for reads that cannot block and cost less
     *     than a thread hand-off; false gives it a worker of its own, for a call that can hang
     */
    public record BuiltIn(MetricCollector collector, boolean inline) {}

    /** Copies the list. */
    public BuiltIns {
        collectors = List.copyOf(collectors);
    }
}
