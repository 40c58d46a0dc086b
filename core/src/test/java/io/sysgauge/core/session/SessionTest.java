package io.sysgauge.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sysgauge.core.config.Config;
import io.sysgauge.core.config.ConfigLoader;
import io.sysgauge.core.plugin.InstalledPlugin;
import io.sysgauge.core.plugin.LoadedPlugins;
import io.sysgauge.core.platform.ProcessCommandRunner;
import io.sysgauge.spi.CollectorContext;
import io.sysgauge.spi.ConfigException;
import io.sysgauge.spi.MetricCollector;
import io.sysgauge.spi.Probe;
import io.sysgauge.spi.SampleWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SessionTest {

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

    private static Config config(String... assignments) {
        return new ConfigLoader(null, Map.of(), null).set(List.of(assignments))
                .load(Map.of("gpu", Set.of("address"), "absent-x", Set.of("address"), "off", Set.of("address"),
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

        try (Session session = Session.open(config("off.detect=off", "plugins.disabled=[listed]", "gpu.devices=[1]"), plugins,
                HostEnvironment.system(), new ProcessCommandRunner(), OptionalLong.empty(), false)) {
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

        assertThatThrownBy(() -> Session.open(config("gpu.address=whenever"), plugins, HostEnvironment.system(),
                new ProcessCommandRunner(), OptionalLong.empty(), false))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("gpu.address: expected a duration");
    }

    @Test
    void twoCollectorsWithOneIdKeepTheFirst() {
        LoadedPlugins plugins = new LoadedPlugins(Path.of("plugins"),
                List.of(plugin(new Plain("gpu")), plugin(new Plain("gpu"))), List.of(), null);

        try (Session session = Session.open(config(), plugins, HostEnvironment.system(), new ProcessCommandRunner(),
                OptionalLong.empty(), false)) {
            assertThat(session.statuses()).extracting(CollectorStatus::state).containsExactly("present", "disabled");
        }
    }
}
