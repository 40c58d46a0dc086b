package io.sysgauge.benchmarks;

import io.sysgauge.host.HostEnvironment;
import io.sysgauge.spi.CollectorContext;
import io.sysgauge.spi.CommandResult;
import io.sysgauge.spi.CommandRunner;
import io.sysgauge.spi.ConfigSection;
import io.sysgauge.spi.Detect;
import io.sysgauge.spi.DeviceSelection;
import io.sysgauge.spi.ProcessScope;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the host collectors get at probe time in a benchmark: the real machine roots and an empty
 * configuration, so every collector runs with its defaults as in {@code sysgauge run}.
 *
 * @param processScope the watched tree
 * @param host the machine's roots
 * @param interval the interval collectors are told about
 */
record BenchmarkContext(ProcessScope processScope, HostEnvironment host, Duration interval) implements CollectorContext {

    private static final ConfigSection EMPTY_SECTION = new EmptySection();
    private static final CommandRunner NO_COMMANDS = new NoCommands();

    @Override
    public ConfigSection config() {
        return EMPTY_SECTION;
    }

    @Override
    public DeviceSelection gpuDevices() {
        return DeviceSelection.all();
    }

    @Override
    public Path procRoot() {
        return host.procRoot();
    }

    @Override
    public Path sysRoot() {
        return host.sysRoot();
    }

    @Override
    public Path devRoot() {
        return host.devRoot();
    }

    @Override
    public CommandRunner commands() {
        return NO_COMMANDS;
    }

    /** A section with nothing set. */
    private static final class EmptySection implements ConfigSection {

        @Override
        public String name() {
            return "benchmark";
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
    }

    /** Host collectors run no tools; failing loudly shows if one ever starts to. */
    private static final class NoCommands implements CommandRunner {

        @Override
        public CommandResult run(List<String> command, Duration timeout) throws IOException {
            throw new IOException("benchmarks run no commands: " + command);
        }

        @Override
        public Optional<Path> locate(String name, List<Path> fallbackDirectories) {
            return Optional.empty();
        }
    }
}
