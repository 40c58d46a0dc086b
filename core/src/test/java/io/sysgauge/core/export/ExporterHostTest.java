package io.sysgauge.core.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysgauge.core.sampling.Record;
import io.sysgauge.spi.ExportedValue;
import io.sysgauge.spi.ExportContext;
import io.sysgauge.spi.ExportedRecord;
import io.sysgauge.spi.MapConfigSection;
import io.sysgauge.spi.MetricDescriptor;
import io.sysgauge.spi.MetricExporter;
import io.sysgauge.spi.Unit;
import io.sysgauge.testkit.Waiting;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ExporterHostTest {

    private static final MetricDescriptor CPU = MetricDescriptor.of("cpu", Unit.PERCENT, "test");

    /** Records what it is given; blocks in export while its gate is closed. */
    static class RecordingExporter implements MetricExporter {
        final String id;
        final CountDownLatch gate;
        final List<Double> runtimes = new CopyOnWriteArrayList<>();
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch entered = new CountDownLatch(1);
        volatile boolean failing;
        final java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
        volatile String ended;
        volatile boolean closed;

        RecordingExporter(String id, CountDownLatch gate) {
            this.id = id;
            this.gate = gate;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public void start(ExportContext context) {
            started.countDown();
        }

        @Override
        public void export(ExportedRecord record) throws Exception {
            entered.countDown();
            assertThat(gate.await(60, TimeUnit.SECONDS)).isTrue();
            try {
                if (failing) {
                    throw new java.io.IOException("collector service refused the batch");
                }
                runtimes.add(record.runtime());
            } finally {
                attempts.incrementAndGet();
            }
        }

        @Override
        public void end(double runtime, long dropped) {
            ended = runtime + "/" + dropped;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static ExporterHost host(int capacity, MetricExporter... exporters) {
        ExportContext context = ExportContext.of(MapConfigSection.of("test", Map.of()), Map.of(),
                Duration.ofSeconds(1));
        return new ExporterHost(List.of(exporters), exporter -> context, exporter -> ExporterHostTest.class.getClassLoader(),
                capacity);
    }

    private static Record record(double runtime) {
        return new Record(1.7e9 + runtime, runtime, List.of(new ExportedValue(CPU, List.of(), "cpu", runtime)));
    }

    private static double health(ExporterHost host, String key) {
        return host.healthSamples().stream().filter(s -> s.key().equals(key)).findFirst().orElseThrow().value();
    }

    @Test
    void aBlockedExporterNeverHoldsTheCallerAndItsOldestRecordsAreDroppedAndCounted() throws Exception {
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch open = new CountDownLatch(0);
        RecordingExporter slow = new RecordingExporter("slow", blocked);
        RecordingExporter quick = new RecordingExporter("quick", open);
        ExporterHost host = host(3, slow, quick);

        host.accept(record(1));
        assertThat(slow.entered.await(60, TimeUnit.SECONDS)).isTrue(); // record 1 is in export, held
        for (int t = 2; t <= 10; t++) {
            host.accept(record(t)); // returns although slow takes nothing: its queue holds 3, drops the rest
            int taken = t;
            Waiting.until(() -> quick.runtimes.size() == taken, "quick took record " + taken);
        }

        assertThat(health(host, "sysgauge.exporter.slow.queued")).isEqualTo(3);
        assertThat(health(host, "sysgauge.exporter.slow.dropped")).isEqualTo(6);
        assertThat(health(host, "sysgauge.exporter.quick.dropped")).isZero();

        blocked.countDown();
        host.close();
        assertThat(slow.runtimes).containsExactly(1.0, 8.0, 9.0, 10.0);
        assertThat(slow.ended).isEqualTo("10.0/6");
        assertThat(quick.ended).isEqualTo("10.0/0");
        assertThat(slow.closed).isTrue();
    }

    @Test
    void aFailingExportCostsThatRecordAndShowsInUp() throws Exception {
        RecordingExporter exporter = new RecordingExporter("push", new CountDownLatch(0));
        ExporterHost host = host(8, exporter);
        Waiting.until(() -> health(host, "sysgauge.exporter.push.up") == 1, "the exporter started");

        exporter.failing = true;
        host.accept(record(1));
        Waiting.until(() -> exporter.attempts.get() == 1, "the first record was tried");
        Waiting.until(() -> health(host, "sysgauge.exporter.push.up") == 0, "up is 0 after the failure");

        exporter.failing = false;
        host.accept(record(2));
        Waiting.until(() -> exporter.attempts.get() == 2, "the second record was tried");
        Waiting.until(() -> health(host, "sysgauge.exporter.push.up") == 1, "up is 1 again");
        host.close();
        assertThat(exporter.runtimes).containsExactly(2.0);
    }

    @Test
    void anExporterThatCannotStartIsLeftOutAndTheOthersGoOn() throws Exception {
        RecordingExporter broken = new RecordingExporter("broken", new CountDownLatch(0)) {
            @Override
            public void start(ExportContext context) {
                throw new IllegalStateException("no such endpoint");
            }
        };
        RecordingExporter fine = new RecordingExporter("fine", new CountDownLatch(0));
        ExporterHost host = host(8, broken, fine);
        Waiting.until(() -> broken.closed, "broken.closed");

        host.accept(record(1));
        host.close();
        assertThat(fine.runtimes).containsExactly(1.0);
        assertThat(broken.runtimes).isEmpty();
        assertThat(health(host, "sysgauge.exporter.broken.up")).isZero();
    }

    /** A push exporter's own drops (its buffer ran over) join core's in the dropped counter; end() gets core's only. */
    @Test
    void whatAnExporterDropsItselfIsAddedToItsDroppedCounter() throws Exception {
        java.util.concurrent.atomic.AtomicLong inside = new java.util.concurrent.atomic.AtomicLong();
        CountDownLatch blocked = new CountDownLatch(1);
        RecordingExporter pushing = new RecordingExporter("push", blocked) {
            @Override
            public long droppedInside() {
                return inside.get();
            }
        };
        ExporterHost host = host(2, pushing);
        host.accept(record(1));
        assertThat(pushing.entered.await(60, TimeUnit.SECONDS)).isTrue();
        for (int t = 2; t <= 5; t++) {
            host.accept(record(t)); // queue of 2: records 2 and 3 dropped by core
        }
        inside.set(7);
        assertThat(health(host, "sysgauge.exporter.push.dropped")).isEqualTo(2 + 7);

        blocked.countDown();
        host.close();
        assertThat(pushing.ended).isEqualTo("5.0/2");
    }

    @Test
    void exportedValuesCarryTheirDescriptorsAndKeys() {
        ExportedRecord exported = ExporterHost.exported(record(3));
        assertThat(exported.timestamp()).isEqualTo(1.7e9 + 3);
        assertThat(exported.values()).singleElement().satisfies(value -> {
            assertThat(value.metric()).isSameAs(CPU);
            assertThat(value.key()).isEqualTo("cpu");
            assertThat(value.value()).isEqualTo(3.0);
        });
    }
}
