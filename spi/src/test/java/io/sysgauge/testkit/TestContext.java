package io.sysgauge.testkit;

import io.sysgauge.spi.CollectorContext;
import io.sysgauge.spi.CommandResult;
import io.sysgauge.spi.CommandRunner;
import io.sysgauge.spi.ConfigException;
import io.sysgauge.spi.ConfigSection;
import io.sysgauge.spi.Detect;
import io.sysgauge.spi.DeviceSelection;
import io.sysgauge.spi.ProcessScope;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What core hands a collector, for a plugin's tests: a configuration section whose keys the test
 * sets ({@code detect} included), a monitored tree the test can change between ticks, a device
 * selection, filesystem roots, an interval and a command runner. Values a test does not set are
 * core's defaults: every device, the real {@code /proc}, {@code /sys} and {@code /dev}, a 1 s
 * interval, no tree.
 */
public final class TestContext implements CollectorContext {

    private final String section;
    private final Map<String, Object> settings = new HashMap<>();
    private final Scope scope = new Scope();
    private DeviceSelection devices = DeviceSelection.all();
    private Path procRoot = Path.of("/proc");
    private Path sysRoot = Path.of("/sys");
    private Path devRoot = Path.of("/dev");
    private Duration interval = Duration.ofSeconds(1);
    private CommandRunner commands = NO_TOOLS;
    // Null while the clock is the system's; the hand-moved time once manualClock() was called.
    private Long manualNanos;

    /** Finds no tool and starts none, as on a machine without the vendor's software: the default runner. */
    public static final CommandRunner NO_TOOLS = new CommandRunner() {
        @Override
        public CommandResult run(List<String> command, Duration timeout) throws IOException {
            throw new IOException("Cannot run program \"" + command.get(0) + "\": error=2, No such file or directory");
        }

        @Override
        public Optional<Path> locate(String name, List<Path> fallbackDirectories) {
            return Optional.empty();
        }
    };

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)?");

    /** @param section the collector's id, which names its configuration section */
    public TestContext(String section) {
        this.section = section;
    }

    /**
     * @param key a key of the collector's section, such as {@code library} or {@code detect}
     * @param value its value, as the YAML file would give it
     * @return this context
     */
    public TestContext set(String key, Object value) {
        settings.put(key, value);
        return this;
    }

    /**
     * @param selection the {@code gpu.devices} selection
     * @return this context
     */
    public TestContext devices(DeviceSelection selection) {
        devices = selection;
        return this;
    }

    /**
     * @param root a fixture tree standing for {@code /proc}
     * @return this context
     */
    public TestContext procRoot(Path root) {
        procRoot = root;
        return this;
    }

    /**
     * @param root a fixture tree standing for {@code /sys}
     * @return this context
     */
    public TestContext sysRoot(Path root) {
        sysRoot = root;
        return this;
    }

    /**
     * @param root a fixture tree standing for {@code /dev}
     * @return this context
     */
    public TestContext devRoot(Path root) {
        devRoot = root;
        return this;
    }

    /**
     * @param value the sampling interval
     * @return this context
     */
    public TestContext interval(Duration value) {
        interval = value;
        return this;
    }

    /**
     * @param runner what runs the vendor tools
     * @return this context
     */
    public TestContext commands(CommandRunner runner) {
        commands = runner;
        return this;
    }

    /**
     * Stops the clock {@link #nanoTime()} reads: from now on it moves only by {@link #advance}.
     *
     * @return this context
     */
    public TestContext manualClock() {
        manualNanos = System.nanoTime();
        return this;
    }

    /**
     * Moves the hand-moved clock on.
     *
     * @param elapsed how much time passes
     * @return this context
     * @throws IllegalStateException before {@link #manualClock()}
     */
    public TestContext advance(Duration elapsed) {
        if (manualNanos == null) {
            throw new IllegalStateException("the clock is the system's: call manualClock() first");
        }
        manualNanos += elapsed.toNanos();
        return this;
    }

    /**
     * Makes {@code root} the monitored tree's root and {@code pids} its live processes; call again
     * between ticks to change the tree, as core refreshes it.
     *
     * @param root the root pid
     * @param pids the tree's live pids, the root included
     * @return this context
     */
    public TestContext tree(long root, Long... pids) {
        scope.root = OptionalLong.of(root);
        scope.pids = Set.of(pids);
        return this;
    }

    @Override
    public ConfigSection config() {
        return new Section();
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
        return devRoot;
    }

    @Override
    public CommandRunner commands() {
        return commands;
    }

    @Override
    public long nanoTime() {
        return manualNanos == null ? System.nanoTime() : manualNanos;
    }

    /** @return the collector's id, which names its configuration section */
    public String section() {
        return section;
    }

    /** The settings as a configuration section: strings as given, {@code detect} as auto, force or off. */
    private final class Section implements ConfigSection {

        @Override
        public String name() {
            return section;
        }

        @Override
        public Optional<String> string(String key) {
            return Optional.ofNullable(settings.get(key)).map(Object::toString);
        }

        @Override
        public boolean bool(String key, boolean defaultValue) {
            return string(key).map(value -> switch (value.strip().toLowerCase(Locale.ROOT)) {
                case "true", "yes", "on" -> true;
                case "false", "no", "off" -> false;
                default -> throw new ConfigException(section + "." + key, "expected true or false, got '" + value + "'");
            }).orElse(defaultValue);
        }

        @Override
        public Optional<Duration> duration(String key) {
            return string(key).map(value -> {
                Matcher matcher = DURATION.matcher(value.strip());
                if (!matcher.matches()) {
                    throw new ConfigException(section + "." + key,
                            "expected a duration like 250ms, 5s or 1m, got '" + value + "'");
                }
                long millisPerUnit = switch (matcher.group(2) == null ? "s" : matcher.group(2)) {
                    case "ms" -> 1;
                    case "s" -> 1_000;
                    case "m" -> 60_000;
                    default -> 3_600_000;
                };
                return Duration.ofNanos(Math.round(Double.parseDouble(matcher.group(1)) * millisPerUnit * 1_000_000));
            });
        }

        @Override
        public List<String> strings(String key) {
            Object value = settings.get(key);
            if (value instanceof List<?> list) {
                return list.stream().map(Object::toString).toList();
            }
            return value == null ? List.of() : List.of(value.toString());
        }

        @Override
        public Map<String, String> stringMap(String key) {
            Object value = settings.get(key);
            if (value instanceof Map<?, ?> map) {
                Map<String, String> strings = new HashMap<>();
                map.forEach((k, v) -> strings.put(k.toString(), v.toString()));
                return strings;
            }
            return Map.of();
        }

        @Override
        public Optional<Object> raw(String key) {
            return Optional.ofNullable(settings.get(key));
        }

        @Override
        public Detect detect() {
            return string("detect").map(value -> Detect.valueOf(value.toUpperCase(Locale.ROOT))).orElse(Detect.AUTO);
        }
    }

    /** The monitored tree, as the test last set it. */
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
