package io.sysgauge.testkit;

import io.sysgauge.spi.CollectorContext;
import io.sysgauge.spi.CommandResult;
import io.sysgauge.spi.CommandRunner;
import io.sysgauge.spi.ConfigSection;
import io.sysgauge.spi.DeviceSelection;
import io.sysgauge.spi.HealthEvent;
import io.sysgauge.spi.HealthLog;
import io.sysgauge.spi.MapConfigSection;
import io.sysgauge.spi.ProcessScope;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What core hands a collector, for a plugin's tests: a configuration section whose keys the test
 * sets ({@code detect} included), a monitored tree the test can change between ticks, a device
 * selection, filesystem roots, an interval, a command runner and a clock. Values a test does not
 * set are core's defaults: every device, the real {@code /proc}, {@code /sys} and {@code /dev}, a
 * 1 s interval, no tree, the system's monotonic clock, and a command runner that finds no tool
 * ({@link #NO_TOOLS}). The health log records what the collector reports, for {@link #healthEvents()}. Settings are read as core reads them ({@code yes}, {@code 250ms},
 * {@code detect: off}) by the SPI's {@link MapConfigSection}, the class core reads its sections with, so a
 * malformed one is the same {@link io.sysgauge.spi.ConfigException} with the same message as in core (less
 * core's {@code (from <file>)}).
 *
 * <p>Collectors may read the tree and the clock from threads of their own: both are safe to
 * change from the test's thread while they do.
 */
public final class TestContext implements CollectorContext {

    private final String section;
    private final Map<String, Object> settings = new HashMap<>();
    private volatile Scope scope = new Scope(OptionalLong.empty(), Set.of());
    private DeviceSelection devices = DeviceSelection.all();
    private Path procRoot = Path.of("/proc");
    private Path sysRoot = Path.of("/sys");
    private Path devRoot = Path.of("/dev");
    private Duration interval = Duration.ofSeconds(1);
    private CommandRunner commands = NO_TOOLS;
    // Null while the clock is the system's; the hand-moved time once manualClock() was called.
    private volatile Long manualNanos;

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
        scope = new Scope(OptionalLong.of(root), Set.of(pids));
        return this;
    }

    /** @return the settings as a configuration section, read and checked by the SPI's {@link MapConfigSection}, as core's is */
    @Override
    public ConfigSection config() {
        return MapConfigSection.of(section, settings);
    }

    @Override
    public ProcessScope processScope() {
        return treeView;
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

    // health (issue 17)
    private final List<HealthEvent> healthEvents = new CopyOnWriteArrayList<>();
    // The wall clock's reading when the monotonic clock stood at manualWallOriginNanos; null while both are the system's.
    private volatile Long manualWallMillis;
    private volatile long manualWallOriginNanos;

    /**
     * Stops both clocks: {@link #nanoTime()} and {@link #currentTimeMillis()} move only by
     * {@link #advance}, the wall clock starting at {@code wallClock}, so that health events carry
     * exact, known timestamps.
     *
     * @param wallClock what {@link #currentTimeMillis()} reads now
     * @return this context
     */
    public TestContext manualClock(Instant wallClock) {
        manualClock();
        manualWallOriginNanos = manualNanos;
        manualWallMillis = wallClock.toEpochMilli();
        return this;
    }

    /** @return the health events the collector recorded, in order; safe to read while it records */
    public List<HealthEvent> healthEvents() {
        return List.copyOf(healthEvents);
    }

    @Override
    public HealthLog health() {
        return healthEvents::add;
    }

    @Override
    public long currentTimeMillis() {
        Long wall = manualWallMillis;
        return wall == null ? System.currentTimeMillis() : wall + (manualNanos - manualWallOriginNanos) / 1_000_000;
    }

    /** The monitored tree as the test last set it, in one piece so a reader never sees half a change. */
    private record Scope(OptionalLong root, Set<Long> pids) {}

    /** What the collector keeps: it reads the newest {@link Scope} on every call, as core refreshes its tree. */
    private final ProcessScope treeView = new ProcessScope() {
        @Override
        public OptionalLong rootPid() {
            return scope.root();
        }

        @Override
        public boolean includesDescendants() {
            return true;
        }

        @Override
        public Set<Long> pids() {
            return scope.pids();
        }
    };
}
