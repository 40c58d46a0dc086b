package io.sysgauge.core.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysgauge.core.process.ProcessTracker;
import io.sysgauge.spi.CollectorContext;
import io.sysgauge.spi.MetricCollector;
import io.sysgauge.spi.MetricDescriptor;
import io.sysgauge.spi.Probe;
import io.sysgauge.spi.SampleWriter;
import io.sysgauge.spi.Unit;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SamplerTest {

    private static final MetricDescriptor VALUE = MetricDescriptor.of("test.{name}.value", Unit.NONE, "a test value");

    private final ProcessTracker noProcess = new ProcessTracker((root, tree) -> List.of(), OptionalLong.empty(), true);
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeEverything() throws Exception {
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
    }

    /** Writes its call count; sleeps or throws on the calls it is told to. */
    private static final class ScriptedCollector implements MetricCollector {
        final String id;
        final AtomicInteger calls = new AtomicInteger();
        volatile long sleepMillis;
        volatile boolean failing;
        volatile ClassLoader contextLoaderSeen;

        ScriptedCollector(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public Probe probe(CollectorContext context) {
            return Probe.present();
        }

        @Override
        public void sample(SampleWriter out) throws Exception {
            int call = calls.incrementAndGet();
            contextLoaderSeen = Thread.currentThread().getContextClassLoader();
            out.write(VALUE, call, id);
            out.write(VALUE, Double.NaN, id + "-nan");
            if (sleepMillis > 0) {
                Thread.sleep(sleepMillis);
            }
            if (failing) {
                throw new IllegalStateException("device vanished");
            }
        }
    }

    private Sampler sampler(Duration interval, Duration deadline, List<RecordSink> sinks, ScriptedCollector... collectors) {
        List<CollectorRunner> runners = new ArrayList<>();
        for (ScriptedCollector collector : collectors) {
            runners.add(CollectorRunner.onOwnThread(collector, getClass().getClassLoader(), 8));
        }
        Sampler sampler = new Sampler(runners, noProcess, interval, deadline, sinks, System.nanoTime());
        toClose.add(sampler);
        return sampler;
    }

    @Test
    void aRecordHoldsEveryCollectorsValuesAndHealthButNoNaN() {
        ScriptedCollector a = new ScriptedCollector("a");
        ScriptedCollector b = new ScriptedCollector("b");

        Record record = sampler(Duration.ofSeconds(1), Duration.ofSeconds(1), List.of(), a, b).tick();

        assertThat(record.samples()).extracting(Sample::key).containsExactly(
                "test.a.value", "sysgauge.collector.a.up", "sysgauge.collector.a.seconds",
                "test.b.value", "sysgauge.collector.b.up", "sysgauge.collector.b.seconds");
        assertThat(record.value("sysgauge.collector.a.up")).isEqualTo(1);
        assertThat(record.value("sysgauge.collector.a.seconds")).isBetween(0.0, 1.0);
        assertThat(record.samples().get(0).labelValues()).containsExactly("a");
    }

    @Test
    void aSlowCollectorLosesItsTickAndIsSkippedWhileBusyWithoutHoldingUpTheOthers() {
        ScriptedCollector slow = new ScriptedCollector("slow");
        ScriptedCollector fast = new ScriptedCollector("fast");
        slow.sleepMillis = 1500;
        Sampler sampler = sampler(Duration.ofMillis(500), Duration.ofMillis(200), List.of(), slow, fast);

        long start = System.nanoTime();
        Record first = sampler.tick();
        Record second = sampler.tick();
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(first.value("test.slow.value")).isNaN();
        assertThat(first.value("sysgauge.collector.slow.up")).isZero();
        assertThat(first.value("test.fast.value")).isEqualTo(1);
        assertThat(second.value("sysgauge.collector.slow.up")).isZero();
        assertThat(second.value("test.fast.value")).isEqualTo(2);
        assertThat(slow.calls.get()).as("a busy collector is not queued again").isEqualTo(1);
        assertThat(elapsedMillis).as("two ticks wait at most two deadlines").isLessThan(1400);
    }

    @Test
    void aFailingCollectorLosesItsTickBacksOffAndRecovers() {
        ScriptedCollector flaky = new ScriptedCollector("flaky");
        ScriptedCollector steady = new ScriptedCollector("steady");
        flaky.failing = true;
        Sampler sampler = sampler(Duration.ofSeconds(1), Duration.ofSeconds(1), List.of(), flaky, steady);

        Record failed = sampler.tick();
        Record backingOff = sampler.tick();
        flaky.failing = false;
        Record recovered = sampler.tick();

        assertThat(failed.value("test.flaky.value")).as("values of a failed tick are dropped").isNaN();
        assertThat(failed.value("sysgauge.collector.flaky.up")).isZero();
        assertThat(backingOff.value("sysgauge.collector.flaky.up")).isZero();
        assertThat(flaky.calls.get()).as("skipped while backing off").isEqualTo(2);
        assertThat(recovered.value("sysgauge.collector.flaky.up")).isEqualTo(1);
        assertThat(recovered.value("test.flaky.value")).isEqualTo(2);
        assertThat(List.of(failed, backingOff, recovered)).allSatisfy(r -> assertThat(r.value("sysgauge.collector.steady.up")).isEqualTo(1));
    }

    @Test
    void backoffGrowsWithConsecutiveFailures() {
        ScriptedCollector broken = new ScriptedCollector("broken");
        broken.failing = true;
        Sampler sampler = sampler(Duration.ofSeconds(1), Duration.ofSeconds(1), List.of(), broken);

        for (int tick = 0; tick < 12; tick++) {
            sampler.tick();
        }

        // attempts at ticks 1, 3, 6, 11: skipping 1, 2, then 4 ticks
        assertThat(broken.calls.get()).isEqualTo(4);
    }

    @Test
    void collectorsRunWithTheirPluginsClassLoaderAsContext() throws Exception {
        ScriptedCollector collector = new ScriptedCollector("plugin");
        try (URLClassLoader pluginLoader = new URLClassLoader(new URL[0], getClass().getClassLoader())) {
            CollectorRunner runner = CollectorRunner.onOwnThread(collector, pluginLoader, 1);
            Sampler sampler = new Sampler(List.of(runner), noProcess, Duration.ofSeconds(1), Duration.ofSeconds(1), List.of(), 0);
            toClose.add(sampler);

            sampler.tick();

            assertThat(collector.contextLoaderSeen).isSameAs(pluginLoader);
        }
    }

    @Test
    void theFirstRecordArrivesAtStartNotOneIntervalLaterAndRecordsKeepComing() throws Exception {
        List<Record> records = new CopyOnWriteArrayList<>();
        CountDownLatch three = new CountDownLatch(3);
        RecordSink sink = record -> {
            records.add(record);
            three.countDown();
        };
        Sampler sampler = sampler(Duration.ofMillis(100), Duration.ofMillis(80), List.of(sink), new ScriptedCollector("x"));

        sampler.start();
        assertThat(three.await(5, TimeUnit.SECONDS)).isTrue();
        sampler.close();

        assertThat(records.get(0).runtime()).as("first record at start").isLessThan(0.09);
        assertThat(records.get(1).timestamp()).isGreaterThan(records.get(0).timestamp());
    }

    @Test
    void aFailingSinkDoesNotStopTheLoopOrTheOtherSinks() throws Exception {
        CountDownLatch two = new CountDownLatch(2);
        RecordSink broken = record -> {
            throw new java.io.IOException("disk full");
        };
        RecordSink counting = record -> two.countDown();
        Sampler sampler = sampler(Duration.ofMillis(100), Duration.ofMillis(80), List.of(broken, counting), new ScriptedCollector("x"));

        sampler.start();

        assertThat(two.await(5, TimeUnit.SECONDS)).isTrue();
    }
}
