package io.sysgauge.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sysgauge.core.config.Config;
import io.sysgauge.core.plugin.InstalledPlugin;
import io.sysgauge.core.plugin.LoadedPlugins;
import io.sysgauge.core.platform.ProcessCommandRunner;
import io.sysgauge.core.sampling.CollectorRunner;
import io.sysgauge.core.sampling.Record;
import io.sysgauge.spi.ExportedValue;
import io.sysgauge.spi.CollectorContext;
import io.sysgauge.spi.ConfigException;
import io.sysgauge.spi.GpuDevice;
import io.sysgauge.spi.MetricCollector;
import io.sysgauge.spi.MetricDescriptor;
import io.sysgauge.spi.Probe;
import io.sysgauge.spi.ProcessScope;
import io.sysgauge.spi.SampleWriter;
import io.sysgauge.spi.Unit;
import io.sysgauge.testkit.TestContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SessionTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final MetricDescriptor GPU_TEMP = MetricDescriptor.of("gpu.{gpu}.temp", Unit.CELSIUS, "GPU temperature");
    /** No monitored process: collectors see an empty tree. */
    private static final ProcessScope NO_PROCESS = new TestContext("session").processScope();

    private static final class Plain implements MetricCollector {
        final String id;
        final AtomicReference<CollectorContext> context = new AtomicReference<>();
        volatile boolean closed;

        Plain(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public Set<String> configKeys() {
            return Set.of("address");
        }

        @Override
        public Probe probe(CollectorContext given) {
            context.set(given);
            given.config().duration("address"); // a plugin checking its own value
            return id.startsWith("absent") ? Probe.absent("no such device") : Probe.present(Map.of("devices", 2));
        }

        @Override
        public void sample(SampleWriter out) {}

        @Override
        public void close() {
            closed = true;
        }
    }

    private static InstalledPlugin plugin(MetricCollector collector) {
        return new InstalledPlugin(collector.id(), "0.0.1", "tests", ">=1.0.0", "", Path.of(collector.id() + ".jar"),
                SessionTest.class.getClassLoader(), List.of(collector));
    }

    /** @param collectors built-in collectors, as the launcher hands the host's in */
    private static BuiltIns builtIns(BuiltIns.BuiltIn... collectors) {
        return new BuiltIns(List.of(collectors), NO_PROCESS, tickNanos -> {}, Path.of("/proc"), Path.of("/sys"), Path.of("/dev"));
    }

    private static Config config(Map<String, ?> values) {
        return Config.of(values, Map.of("gpu", Set.of("address"), "absent-x", Set.of("address"), "off", Set.of("address"),
                "listed", Set.of("address")));
    }

    @Test
    void probesEveryCollectorAndKeepsReasonsAndMetadata() {
        Plain present = new Plain("gpu");
        Plain absent = new Plain("absent-x");
        Plain switchedOff = new Plain("off");
        Plain listed = new Plain("listed");
        LoadedPlugins plugins = new LoadedPlugins(Path.of("plugins"),
                List.of(plugin(present), plugin(absent), plugin(switchedOff), plugin(listed)), List.of(), null);

        Config config = config(Map.of("off.detect", "off", "plugins.disabled", List.of("listed"), "gpu.devices", List.of(1)));
        try (Session session = Session.open(config, plugins, builtIns(), new ProcessCommandRunner())) {
            session.awaitProbes(WAIT);
            assertThat(session.statuses()).extracting(CollectorStatus::collectorId, CollectorStatus::state, CollectorStatus::reason)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("gpu", "present", null),
                            org.assertj.core.groups.Tuple.tuple("absent-x", "absent", "no such device"),
                            org.assertj.core.groups.Tuple.tuple("off", "disabled", "switched off by off.detect=off"),
                            org.assertj.core.groups.Tuple.tuple("listed", "disabled", "listed in plugins.disabled"));
            assertThat(session.statuses().get(0).metadata()).containsEntry("devices", 2);
            assertThat(switchedOff.context.get()).as("a disabled collector is never probed").isNull();
            CollectorContext context = present.context.get();
            assertThat(context.config().name()).isEqualTo("gpu");
            assertThat(context.gpuDevices().indices()).containsExactly(1);
            assertThat(context.procRoot()).isEqualTo(Path.of("/proc"));
            assertThat(context.processScope().rootPid()).isEmpty();
        }
        assertThat(present.closed).isTrue();
        assertThat(absent.closed).as("absent collectors are closed too").isTrue();
    }

    @Test
    void aCollectorRejectingItsConfigurationStopsTheCommand() {
        LoadedPlugins plugins = new LoadedPlugins(Path.of("plugins"), List.of(plugin(new Plain("gpu"))), List.of(), null);

        try (Session session = Session.open(config(Map.of("gpu.address", "whenever")), plugins, builtIns(),
                new ProcessCommandRunner())) {
            assertThatThrownBy(() -> session.awaitProbes(WAIT))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("gpu.address: expected a duration");
            assertThat(session.configProblem()).isCompleted();
        }
    }

    @Test
    void twoCollectorsWithOneIdKeepTheFirst() {
        LoadedPlugins plugins = new LoadedPlugins(Path.of("plugins"),
                List.of(plugin(new Plain("gpu")), plugin(new Plain("gpu"))), List.of(), null);

        try (Session session = Session.open(config(Map.of()), plugins, builtIns(), new ProcessCommandRunner())) {
            session.awaitProbes(WAIT);
            assertThat(session.statuses()).extracting(CollectorStatus::state).containsExactly("present", "disabled");
        }
    }

    /** A GPU family: reports its GPUs, optionally after a latch opens, and writes a temperature for each. */
    private static final class GpuFamily implements MetricCollector {
        final String id;
        final int gpus;
        final CountDownLatch answerWhen;

        GpuFamily(String id, int gpus, CountDownLatch answerWhen) {
            this.id = id;
            this.gpus = gpus;
            this.answerWhen = answerWhen;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public Probe probe(CollectorContext context) {
            try {
                answerWhen.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (gpus == 0) {
                return Probe.absent("no " + id + " GPU");
            }
            List<GpuDevice> devices = new ArrayList<>();
            for (int i = 0; i < gpus; i++) {
                devices.add(new GpuDevice(i, id + " model", id + "-" + i));
            }
            return Probe.present().withGpus(devices);
        }

        @Override
        public void sample(SampleWriter out) {
            for (int i = 0; i < gpus; i++) {
                out.write(GPU_TEMP, 40 + i, Integer.toString(i));
            }
        }
    }

    private static Session openAll(MetricCollector... collectors) {
        List<InstalledPlugin> installed = new ArrayList<>();
        for (MetricCollector collector : collectors) {
            installed.add(plugin(collector));
        }
        return Session.open(config(Map.of()), new LoadedPlugins(Path.of("plugins"), installed, List.of(), null), builtIns(),
                new ProcessCommandRunner(), WAIT, WAIT);
    }

    private static List<String> ids(List<CollectorRunner> runners) {
        return runners.stream().map(CollectorRunner::id).toList();
    }

    @Test
    void aSecondGpuFamilyContinuesAfterTheFirstWhicheverProbeAnswersFirst() throws Exception {
        CountDownLatch nvidiaAnswers = new CountDownLatch(1);
        GpuFamily nvidia = new GpuFamily("nvidia", 2, nvidiaAnswers);
        GpuFamily amd = new GpuFamily("amd", 6, new CountDownLatch(0));

        try (Session session = openAll(amd, nvidia)) {
            awaitStatus(session, "amd", "probing");
            assertThat(ids(session.active())).as("amd waits for nvidia's first answer").doesNotContain("amd");
            nvidiaAnswers.countDown();
            session.awaitProbes(WAIT);

            assertThat(ids(session.active())).containsExactly("amd", "nvidia");
            Map<String, Object> gpus = session.gpus();
            assertThat(gpus.keySet()).containsExactly("0", "1", "2", "3", "4", "5", "6", "7");
            assertThat(gpus.get("0")).isEqualTo(Map.of("vendor", "nvidia", "name", "nvidia model", "uuid", "nvidia-0", "index", 0));
            assertThat(gpus.get("2")).isEqualTo(Map.of("vendor", "amd", "name", "amd model", "uuid", "amd-0", "index", 0));
            assertThat(gpus.get("7")).isEqualTo(Map.of("vendor", "amd", "name", "amd model", "uuid", "amd-5", "index", 5));
            Record record = session.sampler(List.of(), System.nanoTime(), WAIT).tick();
            assertThat(record.samples()).extracting(ExportedValue::key).filteredOn(key -> key.startsWith("gpu."))
                    .containsExactly("gpu.2.temp", "gpu.3.temp", "gpu.4.temp", "gpu.5.temp", "gpu.6.temp", "gpu.7.temp",
                            "gpu.0.temp", "gpu.1.temp");
            assertThat(record.value("gpu.2.temp")).as("amd's GPU 0").isEqualTo(40);
        }
    }

    @Test
    void aSingleGpuFamilyKeepsItsOwnIndices() {
        try (Session session = openAll(new GpuFamily("nvidia", 0, new CountDownLatch(0)),
                new GpuFamily("amd", 2, new CountDownLatch(0)))) {
            session.awaitProbes(WAIT);

            assertThat(session.gpus().keySet()).containsExactly("0", "1");
            Record record = session.sampler(List.of(), System.nanoTime(), WAIT).tick();
            assertThat(record.value("gpu.0.temp")).isEqualTo(40);
            assertThat(record.value("gpu.1.temp")).isEqualTo(41);
        }
    }

    /** Hangs in its first probe, as a driver call that never returns; later instances answer at once. */
    public static final class HangingOnce implements MetricCollector {
        static final List<HangingOnce> instances = new CopyOnWriteArrayList<>();
        static final CountDownLatch driverReturns = new CountDownLatch(1);
        final CountDownLatch closed = new CountDownLatch(1);

        /** PF4J's way: a public no-argument constructor. */
        public HangingOnce() {
            instances.add(this);
        }

        @Override
        public String id() {
            return "slow";
        }

        @Override
        public Probe probe(CollectorContext context) {
            if (instances.size() == 1) {
                while (true) {
                    try {
                        driverReturns.await();
                        break;
                    } catch (InterruptedException e) {
                        // a call stuck in a driver does not end on an interrupt
                    }
                }
            }
            return Probe.present();
        }

        @Override
        public void sample(SampleWriter out) {}

        @Override
        public void close() {
            closed.countDown();
        }
    }

    @Test
    void aHungProbeCostsItsPluginOnlyAndAFreshInstanceProbesAgainLater() throws Exception {
        // Opening waits half an interval for probes; the probe is given up well after that.
        // Built in as the host's are: /proc readers inline, disk (statvfs can hang) on a worker of its own.
        BuiltIns host = builtIns(new BuiltIns.BuiltIn(new Plain("cpu"), true), new BuiltIns.BuiltIn(new Plain("memory"), true),
                new BuiltIns.BuiltIn(new Plain("disk"), false), new BuiltIns.BuiltIn(new Plain("network"), true));
        try (Session session = Session.open(config(Map.of("sampling.interval", "200ms")), new LoadedPlugins(Path.of("plugins"),
                List.of(plugin(new HangingOnce())), List.of(), null), host, new ProcessCommandRunner(),
                Duration.ofSeconds(3), Duration.ofMillis(200))) {
            assertThat(ids(session.active())).as("built-in collectors record from the first tick")
                    .containsExactly("cpu", "memory", "disk", "network");
            assertThat(session.statuses()).filteredOn(status -> status.collectorId().equals("slow"))
                    .extracting(CollectorStatus::state).containsExactly("probing");

            awaitStatus(session, "slow", "present");

            assertThat(HangingOnce.instances).hasSize(2);
            assertThat(ids(session.active())).containsExactly("cpu", "memory", "disk", "network", "slow");
            assertThat(HangingOnce.instances.get(0).closed.getCount()).as("closes once its stuck probe returns").isEqualTo(1);
            HangingOnce.driverReturns.countDown();
            assertThat(HangingOnce.instances.get(0).closed.await(60, TimeUnit.SECONDS)).isTrue();
            assertThat(session.active()).as("the abandoned probe's late answer is ignored")
                    .filteredOn(runner -> runner.id().equals("slow"))
                    .singleElement().extracting(CollectorRunner::collector).isSameAs(HangingOnce.instances.get(1));
        }
    }

    private static void awaitStatus(Session session, String id, String state) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (session.statuses().stream().anyMatch(status -> status.collectorId().equals(id) && status.state().equals(state))) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(id + " never became " + state + ": " + session.statuses());
    }
}
