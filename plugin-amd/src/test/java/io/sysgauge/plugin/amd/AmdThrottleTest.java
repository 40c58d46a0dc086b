package io.sysgauge.plugin.amd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sysgauge.spi.HealthEvent;
import io.sysgauge.spi.Probe;
import io.sysgauge.testkit.RecordingWriter;
import io.sysgauge.testkit.ScriptedTools;
import io.sysgauge.testkit.TestContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Throttling from amd-smi's violation statuses (health, issue 17): keys under NVML's names, and episodes. */
class AmdThrottleTest {

    private static final Instant T0 = Instant.parse("2026-12-06T01:00:00Z");

    @TempDir
    Path sys;

    private final AmdCollector collector = new AmdCollector();
    private final ScriptedTools tools = new ScriptedTools(AmdCollectorTest.ROCM_BIN);

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
    void violationStatusesMapToNvmlReasonNamesAndNotApplicableOnesAreLeftOut() {
        List<AmdGpuReading> readings = AmdSmiParser.readings(Fixtures.json("amd-smi-metric-mi300x-rocm7-throttle.json"));

        assertThat(readings.get(0).throttle()).containsExactly(entry("swPowerCap", true), entry("hwSlowdown", false),
                entry("swThermalSlowdown", false), entry("hwThermalSlowdown", false));
        assertThat(readings.get(1).throttle()).as("a guest: N/A throughout").isEmpty();
        // Before ROCm 6.3 there is only power.throttle_status, which says no reason.
        assertThat(AmdSmiParser.readings(Fixtures.json("amd-smi-metric-rx7900xtx-rocm6.2.json")))
                .allMatch(reading -> reading.throttle().isEmpty());
    }

    @Test
    void aListPerPartitionIsActiveWhenAnyPartitionIs() throws IOException {
        String gpu = """
                {"gpu": 0, "throttle": {"ppt_violation_status": ["NOT ACTIVE", "ACTIVE", "N/A"],
                 "socket_thermal_violation_status": ["NOT ACTIVE", "N/A"], "prochot_violation_status": ["N/A"],
                 "hbm_thermal_violation_status": {"value": "NOT ACTIVE"}}}
                """;

        assertThat(AmdThrottle.states(new ObjectMapper().readTree(gpu))).containsExactly(entry("swPowerCap", true),
                entry("swThermalSlowdown", false), entry("hwThermalSlowdown", false));
    }

    @Test
    void throttleKeysEveryTickAndAnEpisodeEndedAtClose() {
        tools.install("amd-smi")
                .answer("amd-smi metric --json", Fixtures.text("amd-smi-metric-mi300x-rocm7-throttle.json"))
                .answer("amd-smi static --json", Fixtures.text("amd-smi-static-mi300x-rocm7.json"));
        TestContext context = new TestContext(AmdCollector.ID).sysRoot(sys).commands(tools).manualClock(T0);
        Probe probe = collector.probe(context);
        assertThat(probe.isPresent()).isTrue();

        Map<String, Double> first = sample();
        context.advance(Duration.ofSeconds(5));
        sample();
        collector.close();

        assertThat(first).containsEntry("gpu.0.throttle.swPowerCap", 1.0)
                .containsEntry("gpu.0.throttle.hwThermalSlowdown", 0.0)
                .doesNotContainKeys("gpu.0.throttle.syncBoost", "gpu.0.throttle.hwPowerBrakeSlowdown");
        assertThat(first.keySet()).noneMatch(key -> key.startsWith("gpu.1.throttle."));
        double start = T0.getEpochSecond();
        assertThat(context.healthEvents()).containsExactly(HealthEvent.episode(start, start + 5, "gpu.0",
                HealthEvent.THROTTLE, "swPowerCap", "power cap (package power tracking) for 5 s"));
    }

    private Map<String, Double> sample() {
        RecordingWriter writer = new RecordingWriter();
        collector.sample(writer);
        return writer.values();
    }
}
