package io.sysgauge.plugin.amd;

import io.sysgauge.spi.CollectorContext;
import io.sysgauge.spi.CommandRunner;
import io.sysgauge.spi.ConfigSection;
import io.sysgauge.spi.Detect;
import io.sysgauge.spi.DeviceSelection;
import io.sysgauge.spi.ProcessScope;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** What core hands the collector, for tests: a settable amd section, /sys, tools and device selection. */
final class TestContext implements CollectorContext {

    private final Map<String, Object> settings = new HashMap<>();
    private final Scope scope = new Scope();
    private DeviceSelection devices = DeviceSelection.all();
    private Path procRoot = Path.of("/proc");
    private Duration interval = Duration.ofSeconds(1);
    private Path sysRoot = Path.of("/sys");
    private CommandRunner commands;

    TestContext set(String key, Object value) {
        settings.put(key, value);
        return this;
    }

    TestContext devices(DeviceSelection selection) {
        devices = selection;
        return this;
    }

    TestContext procRoot(Path root) {
        procRoot = root;
        return this;
    }

    TestContext sysRoot(Path root) {
        sysRoot = root;
        return this;
    }

    TestContext commands(CommandRunner runner) {
        commands = runner;
        return this;
    }

    TestContext interval(Duration value) {
        interval = value;
        return this;
    }

    /** Makes {@code root} the monitored tree's root and {@code pids} its live processes. */
    TestContext tree(long root, Long... pids) {
        scope.root = OptionalLong.of(root);
        scope.pids = Set.of(pids);
        return this;
    }

    @Override
    public ConfigSection config() {
        return new ConfigSection() {
            @Override
            public String name() {
                return AmdCollector.ID;
            }

            @Override
            public Optional<String> string(String key) {
                return Optional.ofNullable(settings.get(key)).map(Object::toString);
            }

            @Override
            public boolean bool(String key, boolean defaultValue) {
                return string(key).map(Boolean::parseBoolean).orElse(defaultValue);
            }

            @Override
            public Optional<Duration> duration(String key) {
                return string(key).map(Duration::parse);
            }

            @Override
            public List<String> strings(String key) {
                return string(key).map(List::of).orElse(List.of());
            }

            @Override
            public Map<String, String> stringMap(String key) {
                return Map.of();
            }

            @Override
            public Optional<Object> raw(String key) {
                return Optional.ofNullable(settings.get(key));
            }

            @Override
            public Detect detect() {
                return string("detect").map(value -> Detect.valueOf(value.toUpperCase(java.util.Locale.ROOT)))
                        .orElse(Detect.AUTO);
            }
        };
    }

    @Override
    public ProcessScope processScope() {
        return scope;
    }

    @Override
    public Duration interval() {
        return interval;
    }

    @Override
    public DeviceSelection gpuDevices() {
        return devices;
    }

    @Override
    public Path procRoot() {
        return procRoot;
    }

    @Override
    public Path sysRoot() {
        return sysRoot;
    }

    @Override
    public Path devRoot() {
        return Path.of("/dev");
    }

    @Override
    public CommandRunner commands() {
        if (commands == null) {
            throw new UnsupportedOperationException("no command runner was given");
        }
        return commands;
    }

    private static final class Scope implements ProcessScope {
        private OptionalLong root = OptionalLong.empty();
        private Set<Long> pids = Set.of();

        @Override
        public OptionalLong rootPid() {
            return root;
        }

        @Override
        public boolean includesDescendants() {
            return true;
        }

        @Override
        public Set<Long> pids() {
            return pids;
        }
    }
}
