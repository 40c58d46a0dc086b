package io.sysgauge.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.sysgauge.spi.CollectorContext;
import io.sysgauge.spi.GpuDevice;
import io.sysgauge.spi.GpuMetrics;
import io.sysgauge.spi.MetricCollector;
import io.sysgauge.spi.MetricDescriptor;
import io.sysgauge.spi.Probe;
import io.sysgauge.spi.SampleWriter;
import io.sysgauge.spi.Unit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/**
 * The contract kit must pass a collector that keeps the contract and fail one that breaks any
 * part of it, in the test that names that part. Each flaw below is one broken promise.
 */
class ContractKitTest {

    enum Flaw {
        NONE(),
        PROBE_THROWS_ON_MISSING_ROOT("probeNeverThrowsWhenRootsOrToolsAreBroken"),
        REASON_IS_A_STACK_TRACE("anAbsentProbeSaysWhyInOneLine", "probeNeverThrowsWhenRootsOrToolsAreBroken"),
        REASON_IS_AN_EXCEPTION("anAbsentProbeSaysWhyInOneLine", "probeNeverThrowsWhenRootsOrToolsAreBroken"),
        KEY_IN_CORE_NAMESPACE("presentProbeAndKeysFollowTheRules"),
        DOTTED_LABEL_VALUE("presentProbeAndKeysFollowTheRules"),
        GPU_KEYS_WITHOUT_GPUS("presentProbeAndKeysFollowTheRules"),
        MINUS_ONE_FOR_UNKNOWN("valuesAreReadingsNotSentinels"),
        ALL_ONES_FOR_UNKNOWN("valuesAreReadingsNotSentinels"),
        COUNTER_WRITES_DIFFERENCES("valuesAreReadingsNotSentinels"),
        WRITES_AFTER_CLOSE("sampleAfterCloseWritesNothingAndDoesNotThrow"),
        ONE_BAD_DEVICE_COSTS_ALL("aFailingPartCostsOnlyItsOwnValues"),
        BAD_ID("idNamesAConfigSection");

        final List<String> failingTests;

        Flaw(String... failingTests) {
            this.failingTests = List.of(failingTests);
        }
    }

    @ParameterizedTest
    @EnumSource(Flaw.class)
    void theKitFailsExactlyTheTestOfTheBrokenPromise(Flaw flaw) {
        Events tests = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(contractFor(flaw)))
                .execute()
                .testEvents();

        List<String> failed = tests.failed().stream().map(ContractKitTest::methodName).toList();
        assertThat(tests.started().count()).isEqualTo(7);
        assertThat(failed).as("tests failed for a collector with the flaw %s", flaw)
                .containsExactlyInAnyOrderElementsOf(flaw.failingTests);
    }

    private static Class<?> contractFor(Flaw flaw) {
        return Stream.of(ContractKitTest.class.getDeclaredClasses())
                .filter(type -> type.getSimpleName().equals(flawClassName(flaw)))
                .findFirst().orElseThrow();
    }

    private static String flawClassName(Flaw flaw) {
        StringBuilder name = new StringBuilder();
        for (String word : flaw.name().split("_")) {
            name.append(word.charAt(0)).append(word.substring(1).toLowerCase(java.util.Locale.ROOT));
        }
        return name.append("Contract").toString();
    }

    private static String methodName(Event event) {
        String legacy = event.getTestDescriptor().getLegacyReportingName();
        return legacy.substring(0, legacy.indexOf('('));
    }

    /**
     * Power draw from {@code <sys>/class/fake/<device>/power}, one file a device: the smallest
     * collector that has devices that can fail one at a time.
     */
    static final class FakeCollector implements MetricCollector {
        static final MetricDescriptor POWER = MetricDescriptor.of("fake.{device}.powerWatts", Unit.WATTS, "Power draw");
        static final MetricDescriptor CORE_KEY = MetricDescriptor.of("sysgauge.fake", Unit.COUNT, "Steals core's name");
        static final MetricDescriptor ENERGY = MetricDescriptor.counter("fake.energy", Unit.JOULES, "Energy since load");

        private final Flaw flaw;
        private Path devices;
        private boolean closed;
        private int ticks;

        FakeCollector(Flaw flaw) {
            this.flaw = flaw;
        }

        @Override
        public String id() {
            return flaw == Flaw.BAD_ID ? "Fake Devices" : "fake";
        }

        @Override
        public Probe probe(CollectorContext context) {
            devices = context.sysRoot().resolve("class/fake");
            if (flaw == Flaw.PROBE_THROWS_ON_MISSING_ROOT && !Files.exists(context.sysRoot())) {
                throw new UncheckedIOException(new IOException("no " + context.sysRoot()));
            }
            if (!Files.isDirectory(devices)) {
                return Probe.absent(switch (flaw) {
                    case REASON_IS_A_STACK_TRACE -> "java.nio.file.NoSuchFileException: " + devices
                            + "\n\tat Fake.probe(Fake.java:1)";
                    case REASON_IS_AN_EXCEPTION -> "NoSuchFileException: " + devices;
                    default -> "no fake devices under " + devices;
                });
            }
            Probe present = Probe.present(Map.of("devices", List.of("a", "b")));
            return flaw == Flaw.GPU_KEYS_WITHOUT_GPUS ? present : present.withGpus(List.of(new GpuDevice(0, "Fake GPU", null)));
        }

        @Override
        public void sample(SampleWriter out) throws IOException {
            if (closed && flaw != Flaw.WRITES_AFTER_CLOSE) {
                return;
            }
            try (Stream<Path> entries = Files.list(devices)) {
                for (Path device : entries.sorted().toList()) {
                    String name = device.getFileName().toString();
                    String text = Files.readString(device.resolve("power")).strip();
                    double watts;
                    try {
                        watts = Double.parseDouble(text);
                    } catch (NumberFormatException garbage) {
                        if (flaw == Flaw.ONE_BAD_DEVICE_COSTS_ALL) {
                            throw new IOException(device + " says " + text);
                        }
                        continue;
                    }
                    if (watts > 1000) {
                        watts = switch (flaw) {
                            case MINUS_ONE_FOR_UNKNOWN -> -1;
                            case ALL_ONES_FOR_UNKNOWN -> 4_294_967_295.0;
                            default -> Double.NaN;
                        };
                        out.write(POWER, watts, name);
                        continue;
                    }
                    out.write(POWER, watts, flaw == Flaw.DOTTED_LABEL_VALUE ? name + ".0" : name);
                }
            }
            if (flaw == Flaw.KEY_IN_CORE_NAMESPACE) {
                out.write(CORE_KEY, 1);
            }
            out.write(GpuMetrics.TEMP, 40, "0");
            ticks++;
            // The driver's running total grows by 7.5 J a tick; the flawed collector writes each tick's share.
            out.write(ENERGY, flaw == Flaw.COUNTER_WRITES_DIFFERENCES ? (ticks % 2 == 0 ? 10 : 5) : 1000 + 7.5 * ticks);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** Three fake devices; the third reads a value the driver marks unknown. */
    abstract static class FakeContract extends CollectorContractTest {
        private final Flaw flaw;

        FakeContract(Flaw flaw) {
            this.flaw = flaw;
        }

        @Override
        protected MetricCollector newCollector() {
            return new FakeCollector(flaw);
        }

        @Override
        protected TestContext presentContext(Path dir) throws IOException {
            Path sys = dir.resolve("sys");
            Files.createDirectories(sys.resolve("class/fake/a"));
            Files.createDirectories(sys.resolve("class/fake/b"));
            Files.createDirectories(sys.resolve("class/fake/c"));
            Files.writeString(sys.resolve("class/fake/a/power"), "41.5\n");
            Files.writeString(sys.resolve("class/fake/b/power"), "52\n");
            Files.writeString(sys.resolve("class/fake/c/power"), "65535000\n");
            return new TestContext("fake").sysRoot(sys).interval(java.time.Duration.ofMillis(20));
        }

        @Override
        protected Predicate<String> failPartOfSource(TestContext context, Path dir) throws IOException {
            Files.writeString(dir.resolve("sys/class/fake/b/power"), "N/A\n");
            return key -> key.startsWith("fake.b.");
        }
    }

    static final class NoneContract extends FakeContract {
        NoneContract() {
            super(Flaw.NONE);
        }
    }

    static final class ProbeThrowsOnMissingRootContract extends FakeContract {
        ProbeThrowsOnMissingRootContract() {
            super(Flaw.PROBE_THROWS_ON_MISSING_ROOT);
        }
    }

    static final class ReasonIsAStackTraceContract extends FakeContract {
        ReasonIsAStackTraceContract() {
            super(Flaw.REASON_IS_A_STACK_TRACE);
        }
    }

    static final class ReasonIsAnExceptionContract extends FakeContract {
        ReasonIsAnExceptionContract() {
            super(Flaw.REASON_IS_AN_EXCEPTION);
        }
    }

    static final class KeyInCoreNamespaceContract extends FakeContract {
        KeyInCoreNamespaceContract() {
            super(Flaw.KEY_IN_CORE_NAMESPACE);
        }
    }

    static final class DottedLabelValueContract extends FakeContract {
        DottedLabelValueContract() {
            super(Flaw.DOTTED_LABEL_VALUE);
        }
    }

    static final class MinusOneForUnknownContract extends FakeContract {
        MinusOneForUnknownContract() {
            super(Flaw.MINUS_ONE_FOR_UNKNOWN);
        }
    }

    static final class AllOnesForUnknownContract extends FakeContract {
        AllOnesForUnknownContract() {
            super(Flaw.ALL_ONES_FOR_UNKNOWN);
        }
    }

    static final class CounterWritesDifferencesContract extends FakeContract {
        CounterWritesDifferencesContract() {
            super(Flaw.COUNTER_WRITES_DIFFERENCES);
        }
    }

    static final class WritesAfterCloseContract extends FakeContract {
        WritesAfterCloseContract() {
            super(Flaw.WRITES_AFTER_CLOSE);
        }
    }

    static final class OneBadDeviceCostsAllContract extends FakeContract {
        OneBadDeviceCostsAllContract() {
            super(Flaw.ONE_BAD_DEVICE_COSTS_ALL);
        }
    }

    static final class GpuKeysWithoutGpusContract extends FakeContract {
        GpuKeysWithoutGpusContract() {
            super(Flaw.GPU_KEYS_WITHOUT_GPUS);
        }
    }

    static final class BadIdContract extends FakeContract {
        BadIdContract() {
            super(Flaw.BAD_ID);
        }
    }
}
