package io.sysgauge.core.sampling;

import io.sysgauge.spi.ExportedValue;
import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SamplerTest {

    private static final MetricDescriptor VALUE = MetricDescriptor.of("test.{name}.value", Unit.NONE, "a test value");
    private static final MetricDescriptor SHARED = MetricDescriptor.of("shared.value", Unit.NONE, "a key two collectors write");
    private static final MetricDescriptor GPU_TEMP = MetricDescriptor.of("gpu.{gpu}.temp", Unit.CELSIUS, "GPU temperature");
    private static final MetricDescriptor MIG = MetricDescriptor.of("gpu.{gpu}.mig.{mig}.memoryAllocated", Unit.PERCENT,
            "MIG memory");
    private static final Duration LONG = Duration.ofSeconds(30);

    private final LongConsumer noProcess = tickNanos -> {};
    private final List<AutoCloseable> toClose = new ArrayList<>();

    private static Supplier<List<CollectorRunner>> fixed(CollectorRunner... runners) {
        return fixed(List.of(runners));
    }

    private static Supplier<List<CollectorRunner>> fixed(List<CollectorRunner> runners) {
        return () -> runners;
    }

    @AfterEach
    void closeEverything() throws Exception {
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
    }

    /** Writes its call count; blocks, or throws on the calls it is told to. */
    private static final class ScriptedCollector implements MetricCollector {
        final String id;
        final AtomicInteger calls = new AtomicInteger();
        final CountDownLatch closed = new CountDownLatch(1);
        volatile CountDownLatch blockUntil;
        volatile boolean ignoreInterrupts;
        volatile boolean failing;
        volatile boolean writesShared;
        volatile boolean partial;
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
            if (writesShared) {
                out.write(SHARED, call);
            }
            if (partial) {
                out.partialFailure();
            }
            CountDownLatch latch = blockUntil;
            while (latch != null) {
                try {
                    latch.await();
                    break;
                } catch (InterruptedException e) {
                    if (!ignoreInterrupts) {
                        throw e;
                    }
                    // as a call stuck in a driver does: an interrupt does not end it
                }
            }
            if (failing) {
                throw new IllegalStateException("device vanished");
            }
        }

        @Override
        public void close() {
            closed.countDown();
        }
    }

    private CollectorRunner runner(MetricCollector collector) {
        CollectorRunner runner = CollectorRunner.onOwnThread(collector, getClass().getClassLoader(), 8);
        toClose.add(runner);
        return runner;
    }

    private Sampler sampler(Duration interval, Duration deadline, List<RecordSink> sinks, ScriptedCollector... collectors) {
        List<CollectorRunner> runners = new ArrayList<>();
        for (ScriptedCollector collector : collectors) {
            runners.add(runner(collector));
        }
        Sampler sampler = new Sampler(fixed(runners), noProcess, interval, deadline, sinks, System.nanoTime());
        toClose.add(0, sampler);
        return sampler;
    }

    @Test
    void aRecordHoldsEveryCollectorsValuesAndHealthButNoNaN() {
        ScriptedCollector a = new ScriptedCollector("a");
        ScriptedCollector b = new ScriptedCollector("b");

        Record record = sampler(Duration.ofSeconds(1), LONG, List.of(), a, b).tick();

        assertThat(record.samples()).extracting(ExportedValue::key).containsExactly(
                "test.a.value", "sysgauge.collector.a.up", "sysgauge.collector.a.seconds",
                "test.b.value", "sysgauge.collector.b.up", "sysgauge.collector.b.seconds");
        assertThat(record.value("sysgauge.collector.a.up")).isEqualTo(1);
        assertThat(record.value("sysgauge.collector.a.seconds")).isNotNegative();
        assertThat(record.samples().get(0).labelValues()).containsExactly("a");
    }

    @Test
    void theDeadlineIsMostOfTheIntervalButNeverShorterThanAStarvedThreadNeeds() {
        assertThat(Sampler.deadlineFor(Duration.ofSeconds(15))).isEqualTo(Duration.ofSeconds(12));
        assertThat(Sampler.deadlineFor(Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(4));
        assertThat(Sampler.deadlineFor(Duration.ofMillis(250))).isEqualTo(Sampler.MINIMUM_DEADLINE);
        assertThat(Sampler.deadlineFor(Duration.ofMillis(100))).isEqualTo(Sampler.MINIMUM_DEADLINE);
    }

    @Test
    void aLateCollectorStillDeliversItsValuesIntoItsOwnTick() throws Exception {
        ScriptedCollector late = new ScriptedCollector("late");
        ScriptedCollector prompt = new ScriptedCollector("prompt");
        CountDownLatch starved = new CountDownLatch(1);
        late.blockUntil = starved;
        Sampler sampler = sampler(Duration.ofMillis(100), LONG, List.of(), late, prompt);
        Thread scheduler = new Thread(() -> {
            try {
                Thread.sleep(300); // longer than the interval, far shorter than the deadline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            starved.countDown();
        });
        scheduler.start();

        Record record = sampler.tick();
        scheduler.join();

        assertThat(record.value("test.late.value")).isEqualTo(1);
        assertThat(record.value("sysgauge.collector.late.up")).isEqualTo(1);
        assertThat(record.value("test.prompt.value")).isEqualTo(1);
    }

    @Test
    void aHungCollectorLosesItsTickAndIsSkippedWhileBusyWithoutCostingTheOthers() {
        ScriptedCollector hung = new ScriptedCollector("hung");
        ScriptedCollector fast = new ScriptedCollector("fast");
        CountDownLatch never = new CountDownLatch(1);
        hung.blockUntil = never;
        Sampler sampler = sampler(Duration.ofMillis(500), Duration.ofMillis(50), List.of(), hung, fast);

        Record first = sampler.tick();
        Record second = sampler.tick();
        never.countDown();

        assertThat(first.value("test.hung.value")).isNaN();
        assertThat(first.value("sysgauge.collector.hung.up")).isZero();
        assertThat(first.value("test.fast.value")).isEqualTo(1);
        assertThat(second.value("sysgauge.collector.hung.up")).isZero();
        assertThat(second.value("test.fast.value")).isEqualTo(2);
        assertThat(hung.calls.get()).as("a busy collector is not queued again").isEqualTo(1);
    }

    @Test
    void aFailingCollectorLosesItsTickBacksOffAndRecovers() {
        ScriptedCollector flaky = new ScriptedCollector("flaky");
        ScriptedCollector steady = new ScriptedCollector("steady");
        flaky.failing = true;
        Sampler sampler = sampler(Duration.ofSeconds(1), LONG, List.of(), flaky, steady);

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
        Sampler sampler = sampler(Duration.ofSeconds(1), LONG, List.of(), broken);

        for (int tick = 0; tick < 12; tick++) {
            sampler.tick();
        }

        // attempts at ticks 1, 3, 6, 11: skipping 1, 2, then 4 ticks
        assertThat(broken.calls.get()).isEqualTo(4);
    }

    @Test
    void aPartialSampleKeepsItsValuesButIsNotUpUntilWhole() {
        ScriptedCollector scraper = new ScriptedCollector("scraper");
        scraper.partial = true;
        Sampler sampler = sampler(Duration.ofSeconds(1), LONG, List.of(), scraper);

        Record partial = sampler.tick();
        scraper.partial = false;
        Record whole = sampler.tick();

        assertThat(partial.value("test.scraper.value")).isEqualTo(1);
        assertThat(partial.value("sysgauge.collector.scraper.up")).isZero();
        assertThat(partial.value("sysgauge.collector.scraper.seconds")).isNotNegative();
        assertThat(whole.value("test.scraper.value")).as("no backoff after a partial sample").isEqualTo(2);
        assertThat(whole.value("sysgauge.collector.scraper.up")).isEqualTo(1);
    }

    @Test
    void aKeyTwoCollectorsWriteIsKeptOnceFromTheFirst() {
        ScriptedCollector first = new ScriptedCollector("first");
        ScriptedCollector second = new ScriptedCollector("second");
        first.writesShared = true;
        second.writesShared = true;
        second.calls.set(41);
        Sampler sampler = sampler(Duration.ofSeconds(1), LONG, List.of(), first, second);

        Record record = sampler.tick();
        Record next = sampler.tick();

        assertThat(record.samples()).extracting(ExportedValue::key).containsOnlyOnce("shared.value");
        assertThat(record.value("shared.value")).isEqualTo(1);
        assertThat(record.value("test.second.value")).as("the second writer keeps its other keys").isEqualTo(42);
        assertThat(record.value("sysgauge.collector.second.up")).isEqualTo(1);
        assertThat(next.samples()).extracting(ExportedValue::key).containsOnlyOnce("shared.value");
    }

    @Test
    void aCollectorsGpuIndicesAreMovedByItsOffsetAndNothingElse() {
        MetricCollector amd = new MetricCollector() {
            @Override
            public String id() {
                return "amd";
            }

            @Override
            public Probe probe(CollectorContext context) {
                return Probe.present();
            }

            @Override
            public void sample(SampleWriter out) {
                out.write(GPU_TEMP, 40, "0");
                out.write(GPU_TEMP, 41, "5");
                out.write(MIG, 10, "1", "0");
                out.write(VALUE, 1, "7");
            }
        };
        CollectorRunner runner = runner(amd);
        runner.useGpuOffset(2);
        Sampler sampler = new Sampler(fixed(runner), noProcess, Duration.ofSeconds(1), LONG, List.of(), 0);
        toClose.add(0, sampler);

        Record record = sampler.tick();

        assertThat(record.samples()).extracting(ExportedValue::key).startsWith(
                "gpu.2.temp", "gpu.7.temp", "gpu.3.mig.0.memoryAllocated", "test.7.value");
        assertThat(record.samples().get(0).labelValues()).containsExactly("2");
    }

    @Test
    void theProcessTreeIsReadAgainAtTheStartOfEveryTickBeforeAnyCollectorSamples() {
        ScriptedCollector treeReader = new ScriptedCollector("tree");
        List<Integer> samplesBeforeEachRefresh = new CopyOnWriteArrayList<>();
        Sampler sampler = new Sampler(fixed(runner(treeReader)), tickNanos -> samplesBeforeEachRefresh.add(treeReader.calls.get()),
                Duration.ofSeconds(1), LONG, List.of(), 0);
        toClose.add(0, sampler);

        sampler.tick();
        sampler.tick();

        assertThat(samplesBeforeEachRefresh).containsExactly(0, 1);
    }

    @Test
    void theTreeIsReadForTheTimeItsRecordCarries() {
        // A rate over the tree divides by the time between records; a chart multiplies by it again.
        List<Long> refreshedFor = new CopyOnWriteArrayList<>();
        long startNanos = System.nanoTime() - 5_000_000_000L;
        Sampler sampler = new Sampler(fixed(), refreshedFor::add, Duration.ofSeconds(1), LONG, List.of(), startNanos);
        toClose.add(0, sampler);

        Record first = sampler.tick();
        Record second = sampler.tick();

        assertThat(refreshedFor).hasSize(2);
        assertThat(first.runtime()).isEqualTo((refreshedFor.get(0) - startNanos) / 1e9);
        assertThat(second.runtime()).isEqualTo((refreshedFor.get(1) - startNanos) / 1e9);
    }

    @Test
    void collectorsThatJoinLaterAreSampledFromTheNextTick() {
        ScriptedCollector early = new ScriptedCollector("early");
        ScriptedCollector joining = new ScriptedCollector("joining");
        List<CollectorRunner> present = new CopyOnWriteArrayList<>(List.of(runner(early)));
        Sampler sampler = new Sampler(() -> List.copyOf(present), noProcess, Duration.ofSeconds(1), LONG, List.of(), 0);
        toClose.add(0, sampler);

        Record before = sampler.tick();
        present.add(runner(joining));
        Record after = sampler.tick();

        assertThat(before.value("test.joining.value")).isNaN();
        assertThat(after.value("test.joining.value")).isEqualTo(1);
        assertThat(after.value("test.early.value")).isEqualTo(2);
    }

    @Test
    void closeWaitsBehindASampleThatHangsInsteadOfBeingDropped() throws Exception {
        ScriptedCollector wedged = new ScriptedCollector("wedged");
        CountDownLatch driverReturns = new CountDownLatch(1);
        wedged.blockUntil = driverReturns;
        wedged.ignoreInterrupts = true;
        CollectorRunner runner = runner(wedged);
        Sampler sampler = new Sampler(fixed(runner), noProcess, Duration.ofSeconds(1), Duration.ofMillis(20), List.of(), 0);
        toClose.add(0, sampler);
        sampler.tick();

        runner.close();
        assertThat(wedged.closed.getCount()).as("not closed while its sample still runs").isEqualTo(1);
        driverReturns.countDown();

        assertThat(wedged.closed.await(30, TimeUnit.SECONDS)).as("closed once the sample returned").isTrue();
    }

    @Test
    void closeInterruptsASampleBlockedInAWaitAndThenCloses() throws Exception {
        ScriptedCollector waiting = new ScriptedCollector("waiting");
        waiting.blockUntil = new CountDownLatch(1);
        CollectorRunner runner = runner(waiting);
        Sampler sampler = new Sampler(fixed(runner), noProcess, Duration.ofSeconds(1), Duration.ofMillis(20), List.of(), 0);
        toClose.add(0, sampler);
        sampler.tick();

        runner.close();

        assertThat(waiting.closed.await(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void collectorsRunWithTheirPluginsClassLoaderAsContext() throws Exception {
        ScriptedCollector collector = new ScriptedCollector("plugin");
        try (URLClassLoader pluginLoader = new URLClassLoader(new URL[0], getClass().getClassLoader())) {
            CollectorRunner runner = CollectorRunner.onOwnThread(collector, pluginLoader, 1);
            toClose.add(runner);
            Sampler sampler = new Sampler(fixed(runner), noProcess, Duration.ofSeconds(1), LONG, List.of(), 0);
            toClose.add(0, sampler);

            sampler.tick();

            assertThat(collector.contextLoaderSeen).isSameAs(pluginLoader);
        }
    }

    @Test
    void theFirstRecordArrivesAtStartNotOneIntervalLater() throws Exception {
        CountDownLatch first = new CountDownLatch(1);
        // With an hour between ticks, a record within the wait below can only be the one at start.
        Sampler hourly = sampler(Duration.ofHours(1), LONG, List.of(record -> first.countDown()), new ScriptedCollector("x"));

        hourly.start();

        assertThat(first.await(60, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void recordsKeepComingInOrder() throws Exception {
        List<Record> records = new CopyOnWriteArrayList<>();
        CountDownLatch three = new CountDownLatch(3);
        RecordSink sink = record -> {
            records.add(record);
            three.countDown();
        };
        Sampler sampler = sampler(Duration.ofMillis(100), LONG, List.of(sink), new ScriptedCollector("x"));

        sampler.start();
        assertThat(three.await(60, TimeUnit.SECONDS)).isTrue();
        sampler.close();

        assertThat(records.get(1).runtime()).isGreaterThan(records.get(0).runtime());
        assertThat(records.get(2).value("test.x.value")).isEqualTo(3);
    }

    @Test
    void aFailingSinkDoesNotStopTheLoopOrTheOtherSinks() throws Exception {
        CountDownLatch two = new CountDownLatch(2);
        RecordSink broken = record -> {
            throw new java.io.IOException("disk full");
        };
        RecordSink counting = record -> two.countDown();
        Sampler sampler = sampler(Duration.ofMillis(100), LONG, List.of(broken, counting), new ScriptedCollector("x"));

        sampler.start();

        assertThat(two.await(60, TimeUnit.SECONDS)).isTrue();
    }
}
