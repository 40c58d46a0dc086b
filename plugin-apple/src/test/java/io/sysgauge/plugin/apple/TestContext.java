package io.sysgauge.plugin.apple;

import io.sysgauge.spi.CollectorContext;
import io.sysgauge.spi.CommandRunner;
import io.sysgauge.spi.ConfigSection;
import io.sysgauge.spi.Detect;
import io.sysgauge.spi.DeviceSelection;
import io.sysgauge.spi.ProcessScope;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** What core hands the collector, for tests: an empty apple section, no tree, a settable device selection. */
final class TestContext implements CollectorContext {

    private DeviceSelection devices = DeviceSelection.all();

    TestContext devices(DeviceSelection selection) {
        devices = selection;
        return this;
    }

    @Override
    public ConfigSection config() {
        return new ConfigSection() {
            @Override
            public String name() {
                return AppleCollector.ID;
            }

            @Override
            public Optional<String> string(String key) {
                return Optional.empty();
            }

            @Override
            public boolean bool(String key, boolean defaultValue) {
                return defaultValue;
            }

            @Override
            public Optional<Duration> duration(String key) {
                return Optional.empty();
            }

            @Override
            public List<String> strings(String key) {
                return List.of();
            }

            @Override
            public Map<String, String> stringMap(String key) {
                return Map.of();
            }

            @Override
            public Optional<Object> raw(String key) {
                return Optional.empty();
            }

            @Override
            public Detect detect() {
                return Detect.AUTO;
            }
        };
    }

    @Override
    public ProcessScope processScope() {
        return new ProcessScope() {
            @Override
            public OptionalLong rootPid() {
                return OptionalLong.empty();
            }

            @Override
            public boolean includesDescendants() {
                return true;
            }

            @Override
            public Set<Long> pids() {
                return Set.of();
            }
        };
    }

    @Override
    public Duration interval() {
        return Duration.ofSeconds(1);
    }

    @Override
    public DeviceSelection gpuDevices() {
        return devices;
    }

    @Override
    public Path procRoot() {
        return Path.of("/proc");
    }

    @Override
    public Path sysRoot() {
        return Path.of("/sys");
    }

    @Override
    public Path devRoot() {
        return Path.of("/dev");
    }

    @Override
    public CommandRunner commands() {
        throw new UnsupportedOperationException("the apple plugin runs no commands");
    }
}
