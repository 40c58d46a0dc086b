package io.sysgauge.plugin.amd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.sysgauge.spi.DeviceSelection;
import io.sysgauge.spi.MetricKind;
import io.sysgauge.spi.Probe;
import io.sysgauge.spi.Unit;
import io.sysgauge.testkit.RecordingWriter;
import io.sysgauge.testkit.ScriptedTools;
import io.sysgauge.testkit.TestContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AmdCollectorTest {

    @TempDir
    Path sys;

    /** How long a test waits for what must come: only there to end a test that would otherwise hang. */
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final AmdCollector collector = new AmdCollector();
    /** Where ROCM installs amd-smi and rocm-smi. */
    static final Path ROCM_BIN = Path.of("/opt/rocm/bin");

    private final ScriptedTools tools = new ScriptedTools(ROCM_BIN);

    @BeforeEach
    void amdgpuIsLive() throws IOException {
        Files.createDirectories(sys.resolve("module/amdgpu"));
        Files.writeString(sys.resolve("module/amdgpu/initstate"), "live\n");
    }

    @AfterEach
    void close() {
        tools.release();
        collector.close();
    }

    @Test
    void amdSmiMetricsWithThePowerCapFromItsStaticReport() {
        tools.install("amd-smi").install("rocm-smi")
                .answer("amd-smi metric --json", Fixtures.text("amd-smi-metric-mi300x-rocm7.json"))
                .answer("amd-smi static --json", Fixtures.text("amd-smi-static-mi300x-rocm7.json"));

        Probe probe = collector.probe(context());

        assertThat(probe.isPresent()).isTrue();
        assertThat(probe.metadata()).containsEntry("tool", "/opt/rocm/bin/amd-smi")
                .containsEntry("gpu", "AMD Instinct MI300X").containsEntry("gpu_count", 2)
                .containsEntry("driver_version", "6.12.12");
        assertThat(sample()).containsOnly(
                entry("gpu.0.gpu", 87.0),
                entry("gpu.0.memoryAllocated", 100.0 * 121344 / 196592),
                entry("gpu.0.temp", 71.0),
                entry("gpu.0.powerWatts", 542.5),
                entry("gpu.0.powerPercent", 100.0 * 542.5 / 750),
                entry("gpu.0.memoryReadWriteActivity", 41.0),
                entry("gpu.0.energyJoules", 0.0), // since the first sample
                // GPU 1 printed "N/A" for its activity and its power: those two, and powerPercent, drop alone
                entry("gpu.1.memoryAllocated", 100.0 * 283 / 196592),
                entry("gpu.1.temp", 38.0),
                entry("gpu.1.memoryReadWriteActivity", 0.0),
                entry("gpu.1.energyJoules", 0.0));
        assertThat(tools.calls()).doesNotContain("rocm-smi -a --json");
    }

    @Test
    void energyIsTheCountersGrowthSinceTheFirstSampleInJoules() throws InterruptedException {
        String first = Fixtures.text("amd-smi-metric-rx7900xtx-rocm6.2.json");
        assertThat(first).contains("\"value\": 118432.5,");
        tools.install("amd-smi").answer("amd-smi metric --json", first);
        collector.probe(context().interval(Duration.ofMillis(100)));
        assertThat(awaitValues()).containsEntry("gpu.0.energyJoules", 0.0);

        // 250.25 J later; then amd-smi 24's microjoules, as if the driver restarted the counter at 5 J
        tools.answer("amd-smi metric --json", first.replace("\"value\": 118432.5,", "\"value\": 118682.75,"));
        await(() -> Double.valueOf(250.25).equals(sample().get("gpu.0.energyJoules")), "the second reading");
        tools.answer("amd-smi metric --json", first.replace("\"value\": 118432.5,\n                \"unit\": \"J\"",
                "\"value\": 5000000,\n                \"unit\": \"uJ\""));
        await(() -> Double.valueOf(255.25).equals(sample().get("gpu.0.energyJoules")), "the reading after the reset");

        RecordingWriter writer = new RecordingWriter();
        collector.sample(writer);
        assertThat(writer.writes()).filteredOn(write -> write.key().equals("gpu.0.energyJoules")).singleElement()
                .satisfies(write -> assertThat(write.metric().kind()).isEqualTo(MetricKind.COUNTER))
                .satisfies(write -> assertThat(write.metric().unit()).isEqualTo(Unit.JOULES));
    }

    @Test
    void rocmSmiWhenItIsTheOnlyToolWithGpuDevicesHonoured() {
        tools.install("rocm-smi").answer("rocm-smi -a --json", Fixtures.text("rocm-smi-mi100-rocm5.7.1.json"));

        Probe probe = collector.probe(context().devices(DeviceSelection.of(List.of(1, 3))));
        Map<String, Double> values = sample();

        assertThat(values.keySet()).allMatch(key -> key.startsWith("gpu.1.") || key.startsWith("gpu.3."));
        assertThat(values).containsEntry("gpu.3.temp", 33.0).containsEntry("gpu.1.powerWatts", 37.0)
                .containsEntry("gpu.1.powerPercent", 100.0 * 37 / 290).hasSize(2 * 6);
        assertThat(probe.metadata()).containsEntry("gpu_count", 6).containsEntry("driver_version", "6.2.4")
                .containsEntry("gpu", "Arcturus GL-XL [Instinct MI100]");
        assertThat((List<?>) probe.metadata().get("gpu_amd")).hasSize(2);
    }

    @Test
    void anAmdSmiThatFailsGivesWayToRocmSmi() {
        tools.install("amd-smi").install("rocm-smi")
                .answer("amd-smi metric --json", 1, "", "error: device busy")
                .answer("rocm-smi -a --json", Fixtures.text("rocm-smi-mi250-rocm6-driver6.2.4.json"));

        Probe probe = collector.probe(context());

        assertThat(probe.metadata()).containsEntry("tool", "/opt/rocm/bin/rocm-smi");
        assertThat(sample()).containsEntry("gpu.0.powerWatts", 91.0).containsEntry("gpu.0.powerPercent", 16.25);
    }

    @Test
    void aToolThatHangsNeverHoldsATickAndItsValuesReturnWhenItAnswers() throws InterruptedException {
        tools.install("amd-smi").hang()
                .answer("amd-smi metric --json", Fixtures.text("amd-smi-metric-rx7900xtx-rocm6.2.json"));

        // An hour's interval gives the background run a two-hour timeout: it hangs until the test releases it.
        Probe probe = collector.probe(context().interval(Duration.ofHours(1)));
        await(() -> tools.calls().size() == 2, "the background run to start, after the probe's");
        // A tick that waited for the run would wait for release(), which comes only after it.
        Map<String, Double> whileHung = assertTimeoutPreemptively(PATIENCE, this::sample, "a tick waited for amd-smi");
        tools.release();
        Map<String, Double> later = awaitValues();

        assertThat(probe.isPresent()).isTrue();
        assertThat((String) probe.metadata().get("first_reading")).isEqualTo("amd-smi timed out after 3000 ms");
        assertThat(whileHung).isEmpty();
        assertThat(later).containsEntry("gpu.0.gpu", 63.0).containsEntry("gpu.0.memoryOverDrive", 2.0);
    }

    @Test
    void withoutALiveAmdgpuDriverAutoDetectionIsAbsentAndForceAsksTheToolsAnyway() throws IOException {
        Files.writeString(sys.resolve("module/amdgpu/initstate"), "coming\n");
        tools.install("rocm-smi").answer("rocm-smi -a --json", Fixtures.text("rocm-smi-rx6700xt-rocm6.1.2.json"));

        Probe auto = collector.probe(context());
        Files.delete(sys.resolve("module/amdgpu/initstate"));
        Probe noModule = collector.probe(context());
        Probe forced = collector.probe(context().set("detect", "force"));

        assertThat(auto.reason()).hasValue("the amdgpu driver is not ready (/sys/module/amdgpu/initstate says"
                + " 'coming'); set amd.detect=force to ask the tools anyway");
        assertThat(noModule.reason()).hasValue("the amdgpu driver is not loaded (no /sys/module/amdgpu/initstate);"
                + " set amd.detect=force to ask the tools anyway");
        assertThat(forced.isPresent()).isTrue();
        assertThat(sample()).containsEntry("gpu.0.memoryAllocated", 100.0 * 1_572_745_216 / 12_868_124_672L);
    }

    @Test
    void noToolIsAbsentAndSaysWhereItLooked() {
        assertThat(collector.probe(context()).reason()).hasValue("neither amd-smi nor rocm-smi found in PATH or"
                + " /opt/rocm/bin; install ROCm, or set amd.smi or amd.rocmSmi to the tool's path");
    }

    @Test
    void aConfiguredToolThatIsNotAnExecutableIsAbsentAndSaysSo() {
        Path missing = sys.resolve("no/amd-smi");

        assertThat(collector.probe(context().set("smi", missing)).reason())
                .hasValue("amd.smi is " + missing + ", which is not an executable file");
    }

    private TestContext context() {
        return new TestContext(AmdCollector.ID).sysRoot(sys).commands(tools);
    }

    private Map<String, Double> sample() {
        RecordingWriter writer = new RecordingWriter();
        collector.sample(writer);
        return writer.values();
    }

    private Map<String, Double> awaitValues() throws InterruptedException {
        Map<String, Double> values = Map.of();
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while ((values = sample()).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return values;
    }

    /** Polls; the deadline is only there to end a test whose condition never comes. */
    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}
