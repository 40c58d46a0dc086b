package io.sysgauge.core.export;

import io.sysgauge.core.sampling.CollectorRunner;
import io.sysgauge.core.sampling.Record;
import io.sysgauge.core.sampling.RecordSink;
import io.sysgauge.spi.ExportedValue;
import io.sysgauge.spi.ExportContext;
import io.sysgauge.spi.ExportedRecord;
import io.sysgauge.spi.MetricDescriptor;
import io.sysgauge.spi.MetricExporter;
import io.sysgauge.spi.Unit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands every record to the exporters, each on a worker thread of its own behind a bounded queue,
 * so a slow or failing exporter never delays a tick. When a queue is full its oldest record is
 * dropped and counted. {@link #healthSamples} gives each exporter's
 * {@code sysgauge.exporter.{exporter}.*} values for the next record.
 */
public final class ExporterHost implements RecordSink {

    /** Records that wait for an exporter at most; older ones are dropped. */
    public static final int QUEUE_CAPACITY = 64;

    static final MetricDescriptor UP = MetricDescriptor.of("sysgauge.exporter.{exporter}.up", Unit.NONE,
            "1 if the exporter started and took its last record, else 0");
    static final MetricDescriptor DROPPED = MetricDescriptor.counter("sysgauge.exporter.{exporter}.dropped", Unit.COUNT,
            "records the exporter never saw because it fell behind, and those it took but had to drop itself");
    static final MetricDescriptor QUEUED = MetricDescriptor.of("sysgauge.exporter.{exporter}.queued", Unit.COUNT,
            "records waiting for the exporter");

    private static final Logger logger = LoggerFactory.getLogger(ExporterHost.class);

    private final List<Worker> workers = new ArrayList<>();

    /**
     * Starts a worker for each exporter; each calls {@link MetricExporter#start} on its own thread.
     *
     * @param exporters the exporters
     * @param contexts the start context of each exporter
     * @param loaders the class loader of each exporter's plugin, its worker's context class loader
     * @param capacity records that may wait for one exporter
     */
    public ExporterHost(List<MetricExporter> exporters, Function<MetricExporter, ExportContext> contexts,
            Function<MetricExporter, ClassLoader> loaders, int capacity) {
        for (MetricExporter exporter : exporters) {
            Worker worker = new Worker(exporter, contexts.apply(exporter), loaders.apply(exporter), capacity);
            workers.add(worker);
            worker.thread.start();
        }
    }

    @Override
    public void accept(Record record) {
        if (workers.isEmpty()) {
            return;
        }
        ExportedRecord exported = exported(record);
        for (Worker worker : workers) {
            worker.offer(exported);
        }
    }

    /** @return each exporter's up, dropped and queued values as of now */
    public List<ExportedValue> healthSamples() {
        if (workers.isEmpty()) {
            return List.of();
        }
        List<ExportedValue> samples = new ArrayList<>(workers.size() * 3);
        for (Worker worker : workers) {
            String id = worker.exporter.id();
            samples.add(health(UP, id, worker.up() ? 1 : 0));
            samples.add(health(DROPPED, id, worker.dropped() + worker.droppedInside()));
            samples.add(health(QUEUED, id, worker.queued()));
        }
        return samples;
    }

    private static ExportedValue health(MetricDescriptor metric, String id, double value) {
        return new ExportedValue(metric, List.of(id), metric.key(id), value);
    }

    static ExportedRecord exported(Record record) {
        // The tick's values are handed over as they are: its list is made for this tick and no sink changes it.
        return new ExportedRecord(record.timestamp(), record.runtime(), Collections.unmodifiableList(record.samples()));
    }

    /** Lets each exporter take what waits for it, then ends and closes them. */
    @Override
    public void close() {
        for (Worker worker : workers) {
            worker.finish();
        }
        for (Worker worker : workers) {
            try {
                worker.thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static final class Worker implements Runnable {

        private final MetricExporter exporter;
        private final ExportContext context;
        private final int capacity;
        private final Thread thread;
        private final ArrayDeque<ExportedRecord> queue = new ArrayDeque<>();
        private boolean finishing;
        private long dropped;
        private boolean up; // from a successful start on, until an export fails

        Worker(MetricExporter exporter, ExportContext context, ClassLoader loader, int capacity) {
            this.exporter = exporter;
            this.context = context;
            this.capacity = capacity;
            this.thread = new Thread(this, "sysgauge-export-" + exporter.id());
            thread.setDaemon(true);
            thread.setContextClassLoader(loader);
        }

        synchronized void offer(ExportedRecord record) {
            if (finishing) {
                return;
            }
            if (queue.size() == capacity) {
                queue.removeFirst();
                dropped++;
            }
            queue.addLast(record);
            notifyAll();
        }

        synchronized void finish() {
            finishing = true;
            notifyAll();
        }

        synchronized boolean up() {
            return up;
        }

        synchronized long dropped() {
            return dropped;
        }

        // The exporter's own drops (a push exporter's buffer running over), read on the sampling thread.
        long droppedInside() {
            try {
                return exporter.droppedInside();
            } catch (RuntimeException | LinkageError e) {
                return 0; // a faulty exporter's count is not worth the health values of the others
            }
        }

        synchronized int queued() {
            return queue.size();
        }

        private synchronized ExportedRecord next() throws InterruptedException {
            while (queue.isEmpty() && !finishing) {
                wait();
            }
            return queue.pollFirst(); // null once finishing and drained
        }

        @Override
        public void run() {
            try {
                exporter.start(context);
                swapUp(true);
            } catch (Exception | LinkageError e) {
                logger.error("exporter {} did not start: {}", exporter.id(), CollectorRunner.oneLine(e));
                synchronized (this) {
                    up = false;
                    finishing = true;
                    dropped += queue.size();
                    queue.clear();
                }
                exporter.close();
                return;
            }
            double runtime = 0;
            try {
                for (ExportedRecord record; (record = next()) != null; ) {
                    runtime = record.runtime();
                    export(record);
                }
                exporter.end(runtime, dropped());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception | LinkageError e) {
                logger.error("exporter {} could not finish: {}", exporter.id(), CollectorRunner.oneLine(e));
            } finally {
                exporter.close();
            }
            long lost = dropped();
            if (lost > 0) {
                logger.warn("exporter {} fell behind and missed {} record{}", exporter.id(), lost, lost == 1 ? "" : "s");
            }
        }

        private void export(ExportedRecord record) {
            try {
                exporter.export(record);
                if (!swapUp(true)) {
                    logger.info("exporter {} exports again", exporter.id());
                }
            } catch (Exception | LinkageError e) {
                if (swapUp(false)) { // once a streak
                    logger.warn("exporter {} failed to export a record: {}", exporter.id(), CollectorRunner.oneLine(e));
                }
            }
        }

        /** @return whether it was up before */
        private synchronized boolean swapUp(boolean now) {
            boolean before = up;
            up = now;
            return before;
        }
    }
}
