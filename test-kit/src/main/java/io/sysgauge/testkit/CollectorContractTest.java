package io.sysgauge.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.fail;

import io.sysgauge.spi.CommandResult;
import io.sysgauge.spi.CommandRunner;
import io.sysgauge.spi.MetricCollector;
import io.sysgauge.spi.MetricDescriptor;
import io.sysgauge.spi.MetricKind;
import io.sysgauge.spi.Probe;
import io.sysgauge.spi.Unit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every collector owes core, as tests a plugin's test class inherits:
 *
 * <pre>{@code
 * class HwmonContractTest extends CollectorContractTest {
 *     protected MetricCollector newCollector() { return new HwmonCollector(); }
 *     protected TestContext presentContext(Path dir) { ...fixture tree with two chips... }
 *     protected Predicate<String> failPartOfSource(TestContext context, Path dir) { ...break one chip... }
 * }
 * }</pre>
 *
 * <p>The checks: the id names a configuration section; {@code probe} never throws, even when its
 * filesystem roots or vendor tools are broken, and an absent probe gives a one-line reason;
 * metadata is JSON-friendly; every key is its descriptor's template with non-empty,
 * dot-free label values, outside core's {@code system.} and {@code sysgauge.} namespaces, and no
 * two descriptors write the same key; a GPU family lists in its probe every GPU it writes
 * {@code gpu.{gpu}} keys for; no value is a sentinel (negative where the unit cannot be,
 * or one of the all-ones integers drivers use for "unknown"), and a counter's value never goes
 * down from one tick to the next; {@code sample} after {@code close}
 * writes nothing and does not throw; a part of the source that fails mid-run costs that part's
 * values only, without an exception.
 *
 * <p>Collectors that read in the background get time: the kit samples every
 * {@link TestContext#interval()} until values come, for up to {@link #patience()}.
 */
public abstract class CollectorContractTest {

    private static final Pattern COLLECTOR_ID = Pattern.compile("[a-z0-9][a-z0-9-]*");
    // The all-ones integers of 16, 31, 32, 63 and 64 bits: what C APIs return for "not available".
    private static final Set<Double> SENTINELS = Set.of(65_535.0, 2_147_483_647.0, 4_294_967_295.0,
            9.223372036854775807E18, 1.8446744073709551615E19);
    // Units whose readings are never below zero; a temperature, a voltage, a current or a plugin's own unit may be.
    private static final Set<Unit> NEVER_NEGATIVE = Set.of(Unit.PERCENT, Unit.BYTES, Unit.MEBIBYTES, Unit.GIBIBYTES,
            Unit.WATTS, Unit.MEGAHERTZ, Unit.SECONDS, Unit.GIGATRANSFERS_PER_SECOND, Unit.COUNT, Unit.RPM, Unit.JOULES,
            Unit.BYTES_PER_SECOND, Unit.RATIO);

    private final List<MetricCollector> opened = new ArrayList<>();

    /**
     * Creates the collector as PF4J would, through its public no-argument constructor.
     *
     * @return a new collector
     */
    protected abstract MetricCollector newCollector();

    /**
     * A context in which the collector finds its faked hardware and reads values from it: a
     * fixture tree, a stub library, fake tools, a loopback server. Resources it starts are the
     * subclass's to stop after each test.
     *
     * @param dir an empty folder for this context's fixtures
     * @return the context
     * @throws Exception if the fixtures cannot be made
     */
    protected abstract TestContext presentContext(Path dir) throws Exception;

    /**
     * Makes one part of the source fail from now on, as a lost device, a tool printing garbage
     * for one device or an endpoint that went away would, and says which keys that may cost.
     * Called after the collector sampled {@code context} successfully.
     *
     * @param context the context {@link #presentContext} made
     * @param dir the folder given to {@link #presentContext}
     * @return the keys the failure may take away; every other key must keep coming
     * @throws Exception if the failure cannot be arranged
     */
    protected abstract Predicate<String> failPartOfSource(TestContext context, Path dir) throws Exception;

    /**
     * A context with nothing to read. The default has empty {@code /proc}, {@code /sys} and
     * {@code /dev} trees and a command runner that finds no tool; override it when the collector
     * needs a setting to look in the empty places (a library path, say).
     *
     * @param dir an empty folder for this context's fixtures
     * @return the context
     * @throws Exception if the fixtures cannot be made
     */
    protected TestContext absentContext(Path dir) throws Exception {
        return emptyRoots(new TestContext(newCollector().id()), dir).commands(NO_TOOLS);
    }

    /**
     * @return how long a collector that reads in the background may take to show values, or to
     *     show that a part failed
     */
    protected Duration patience() {
        return Duration.ofSeconds(15);
    }

    @AfterEach
    void closeCollectors() {
        opened.forEach(MetricCollector::close);
        opened.clear();
    }

    @Test
    void idNamesAConfigSection() {
        MetricCollector collector = newCollector();
        assertThat(collector.id()).as("id()").matches(COLLECTOR_ID);
        assertThat(collector.configKeys()).as("configKeys()").isNotNull().allSatisfy(key -> assertThat(key)
                .as("configuration key").isNotBlank().doesNotContain(" ").doesNotStartWith(collector.id() + "."));
    }

    @Test
    void anAbsentProbeSaysWhyInOneLine(@TempDir Path dir) throws Exception {
        Probe probe = probeWithoutThrowing(absentContext(dir), "the absent context");
        assertThat(probe.isPresent()).as("probe in a context with nothing to read").isFalse();
        assertOneLineReason(probe);
    }

    @Test
    void probeNeverThrowsWhenRootsOrToolsAreBroken(@TempDir Path dir) throws Exception {
        Map<String, TestContext> broken = new LinkedHashMap<>();
        Path missing = dir.resolve("no-such-folder");
        Path file = Files.writeString(dir.resolve("a-file"), "not a folder\n");
        broken.put("absent context, roots missing", absentContext(Files.createDirectory(dir.resolve("a")))
                .procRoot(missing).sysRoot(missing).devRoot(missing));
        broken.put("absent context, roots are a file", absentContext(Files.createDirectory(dir.resolve("b")))
                .procRoot(file).sysRoot(file).devRoot(file));
        broken.put("present context, roots missing", presentContext(Files.createDirectory(dir.resolve("c")))
                .procRoot(missing).sysRoot(missing).devRoot(missing));
        broken.put("present context, tools cannot start", presentContext(Files.createDirectory(dir.resolve("d")))
                .commands(NO_TOOLS));
        broken.put("present context, tools print garbage", presentContext(Files.createDirectory(dir.resolve("e")))
                .commands(GARBAGE_TOOLS));
        broken.put("present context, tools hang", presentContext(Files.createDirectory(dir.resolve("f")))
                .commands(HANGING_TOOLS));
        for (Map.Entry<String, TestContext> entry : broken.entrySet()) {
            Probe probe = probeWithoutThrowing(entry.getValue(), entry.getKey());
            if (!probe.isPresent()) {
                assertOneLineReason(probe);
            }
        }
    }

    @Test
    void presentProbeAndKeysFollowTheRules(@TempDir Path dir) throws Exception {
        TestContext context = presentContext(dir);
        MetricCollector collector = newCollector();
        opened.add(collector);
        Probe probe = collector.probe(context);
        assertThat(probe.isPresent()).as("probe in presentContext: %s", probe).isTrue();
        assertJsonFriendly("metadata", probe.metadata());

        RecordingWriter out = sampleUntil(collector, context, written -> !written.values().isEmpty(), "any value");
        Map<String, MetricDescriptor> descriptorOfKey = new HashMap<>();
        for (RecordingWriter.Write write : out.writes()) {
            MetricDescriptor metric = write.metric();
            assertThat(metric.help()).as("help of %s", metric.keyTemplate()).isNotBlank().doesNotContain("\n");
            assertThat(write.labelValues()).as("label values of %s", write.key())
                    .allSatisfy(value -> assertThat(value).isNotEmpty().doesNotContain(".").doesNotContain("\n"));
            assertThat(write.key()).as("key")
                    .doesNotStartWith("system.").doesNotStartWith("sysgauge.")
                    .doesNotStartWith(".").doesNotEndWith(".").doesNotContain("..");
            MetricDescriptor earlier = descriptorOfKey.putIfAbsent(write.key(), metric);
            assertThat(earlier == null || earlier.equals(metric))
                    .as("%s is written by two descriptors: %s and %s", write.key(), earlier, metric).isTrue();
            int gpu = metric.labelNames().indexOf("gpu");
            if (gpu >= 0 && metric.keyTemplate().startsWith("gpu.")) {
                assertThat(probe.gpus()).as("%s: a GPU family lists every GPU it writes keys for in its probe"
                        + " (Probe.withGpus), so that core can give it its place among other vendors' GPUs", write.key())
                        .anyMatch(listed -> Integer.toString(listed.index()).equals(write.labelValues().get(gpu)));
            }
        }
    }

    @Test
    void valuesAreReadingsNotSentinels(@TempDir Path dir) throws Exception {
        TestContext context = presentContext(dir);
        MetricCollector collector = probePresent(context);
        RecordingWriter out = sampleUntil(collector, context, written -> !written.values().isEmpty(), "any value");
        Map<String, Double> lastTotals = new HashMap<>();
        for (int tick = 0; tick < 3; tick++) {
            if (tick > 0) {
                out = sampleOnce(collector, context);
            }
            for (RecordingWriter.Write write : out.writes()) {
                double value = write.value();
                if (!Double.isFinite(value)) {
                    continue; // the SPI's "no reading": core drops it
                }
                Unit unit = write.metric().unit();
                if (NEVER_NEGATIVE.contains(unit)) {
                    assertThat(value).as("%s in %s", write.key(), unit).isNotNegative();
                }
                if (write.metric().kind() == MetricKind.COUNTER) {
                    assertThat(value).as("%s is a counter", write.key()).isNotNegative();
                    Double last = lastTotals.put(write.key(), value);
                    assertThat(last == null || value >= last).as("counter %s went from %s to %s: write the source's"
                            + " running total, not a difference from the last tick", write.key(), last, value).isTrue();
                }
                if (unit != Unit.NONE) {
                    assertThat(SENTINELS).as("%s = %s looks like a driver's 'not available'", write.key(), value)
                            .doesNotContain(Math.abs(value));
                }
            }
        }
    }

    @Test
    void sampleAfterCloseWritesNothingAndDoesNotThrow(@TempDir Path dir) throws Exception {
        TestContext context = presentContext(dir);
        MetricCollector collector = probePresent(context);
        sampleUntil(collector, context, written -> !written.values().isEmpty(), "any value");
        collector.close();
        RecordingWriter out = new RecordingWriter();
        assertThatCode(() -> collector.sample(out)).as("sample() after close()").doesNotThrowAnyException();
        assertThat(out.writes()).as("writes after close()").isEmpty();
        assertThatCode(collector::close).as("a second close()").doesNotThrowAnyException();
    }

    @Test
    void aFailingPartCostsOnlyItsOwnValues(@TempDir Path dir) throws Exception {
        TestContext context = presentContext(dir);
        MetricCollector collector = probePresent(context);
        sampleUntil(collector, context, written -> !written.values().isEmpty(), "any value");
        Set<String> healthy = new TreeSet<>(sampleOnce(collector, context).values().keySet());

        Predicate<String> mayBeLost = failPartOfSource(context, dir);
        Set<String> atRisk = new TreeSet<>(healthy);
        atRisk.removeIf(mayBeLost.negate());
        assertThat(atRisk).as("keys of the part failPartOfSource breaks, among %s", healthy).isNotEmpty();
        Set<String> mustStay = new TreeSet<>(healthy);
        mustStay.removeAll(atRisk);
        assertThat(mustStay).as("keys failPartOfSource leaves alone: break one part, not the whole source").isNotEmpty();

        sampleUntil(collector, context, written -> written.values().keySet().containsAll(mustStay)
                && !written.values().keySet().containsAll(atRisk),
                "every key but the failed part's " + mustStay + ", and some of " + atRisk + " gone");
    }

    /**
     * Samples once, after one interval (at most a second) has passed.
     *
     * @param collector a collector whose probe said present
     * @param context its context
     * @return what the tick wrote
     * @throws Exception if {@code sample} threw, which the contract counts as a failure
     */
    protected static RecordingWriter sampleOnce(MetricCollector collector, TestContext context) throws Exception {
        Thread.sleep(Math.min(context.interval().toMillis(), 1000));
        RecordingWriter out = new RecordingWriter();
        collector.sample(out);
        return out;
    }

    private RecordingWriter sampleUntil(MetricCollector collector, TestContext context,
            Predicate<RecordingWriter> done, String what) throws Exception {
        long deadline = System.nanoTime() + patience().toNanos();
        RecordingWriter out = new RecordingWriter();
        collector.sample(out);
        while (!done.test(out)) {
            if (System.nanoTime() > deadline) {
                fail("after %s of sampling, expected %s; the last tick wrote %s", patience(), what,
                        out.values().keySet());
            }
            out = sampleOnce(collector, context);
        }
        return out;
    }

    private MetricCollector probePresent(TestContext context) {
        MetricCollector collector = newCollector();
        opened.add(collector);
        Probe probe = collector.probe(context);
        assertThat(probe.isPresent()).as("probe in presentContext: %s", probe).isTrue();
        return collector;
    }

    private Probe probeWithoutThrowing(TestContext context, String which) {
        MetricCollector collector = newCollector();
        opened.add(collector);
        try {
            return collector.probe(context);
        } catch (RuntimeException | Error e) {
            throw new AssertionError("probe threw in " + which + " instead of saying absent: " + e, e);
        }
    }

    private static void assertOneLineReason(Probe probe) {
        assertThat(probe.reason()).as("reason of an absent probe").hasValueSatisfying(reason -> assertThat(reason)
                .isNotBlank().doesNotContain("\n").doesNotContain("\tat ").doesNotContainPattern("^[a-z]+(\\.[a-z]+)+\\.")
                .as("reason of an absent probe, in words rather than an exception's name")
                .doesNotContainPattern("[A-Za-z]+(Exception|Error)\\b"));
    }

    private static void assertJsonFriendly(String path, Object value) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> {
                assertThat(key).as("key in %s", path).isInstanceOf(String.class);
                assertJsonFriendly(path + "." + key, item);
            });
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                assertJsonFriendly(path + "[" + i + "]", list.get(i));
            }
        } else {
            assertThat(value).as(path).isInstanceOfAny(String.class, Number.class, Boolean.class);
        }
    }

    /**
     * Points a context's {@code /proc}, {@code /sys} and {@code /dev} at empty folders under
     * {@code dir}.
     *
     * @param context the context
     * @param dir where the folders go
     * @return the context
     * @throws IOException if the folders cannot be made
     */
    protected static TestContext emptyRoots(TestContext context, Path dir) throws IOException {
        return context.procRoot(Files.createDirectories(dir.resolve("proc")))
                .sysRoot(Files.createDirectories(dir.resolve("sys")))
                .devRoot(Files.createDirectories(dir.resolve("dev")));
    }

    /** Finds no tool and starts none, as on a machine without the vendor's software. */
    protected static final CommandRunner NO_TOOLS = TestContext.NO_TOOLS;

    /** Every tool is found, exits 0 and prints bytes that are no format at all. */
    protected static final CommandRunner GARBAGE_TOOLS = new FixedResultTools(
            new CommandResult(0, "\u0000\u00ff{\"[ garbage ]]}\n-1 N/A nan\n", "", false, Duration.ofMillis(3)));

    /** Every tool is found and hangs until its timeout kills it. */
    protected static final CommandRunner HANGING_TOOLS = new FixedResultTools(
            new CommandResult(-1, "", "", true, Duration.ofSeconds(5)));

    /** Finds every tool next to the runner and answers every run with the same result. */
    private static final class FixedResultTools implements CommandRunner {
        private final CommandResult result;

        FixedResultTools(CommandResult result) {
            this.result = result;
        }

        @Override
        public CommandResult run(List<String> command, Duration timeout) {
            return result;
        }

        @Override
        public Optional<Path> locate(String name, List<Path> fallbackDirectories) {
            return Optional.of(Path.of("/opt/vendor/bin").resolve(name));
        }
    }
}
