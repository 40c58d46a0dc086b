package io.sysgauge.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysgauge.spi.HealthEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthSummaryTest {

    private static final double START = 1_733_443_200.0; // the run's start
    private static final double RUN_SECONDS = 3600.0;

    @Test
    void oneLinePerGpuWithThrottleTimeShareAndXidTime() {
        HealthEvent throttled = HealthEvent.episode(START + 10, START + 262, "gpu.3", HealthEvent.THROTTLE,
                "hwThermalSlowdown", "thermal slowdown (hardware) for 4 min 12 s");
        // The XID comes 01:12:33 into the run.
        List<HealthEvent> atKnownTimes = List.of(throttled,
                HealthEvent.xid(START + 4353.5, "gpu.3", 79, "XID 79: GPU has fallen off the bus"));

        assertThat(HealthSummary.lines(atKnownTimes, START, RUN_SECONDS))
                .containsExactly("GPU 3: thermal throttling 4 min 12 s (7 % of the run), 1 XID 79 at 01:12:33");
    }

    @Test
    void episodesOfOneReasonAddUpAndRepeatedEventsAreCounted() {
        List<HealthEvent> events = List.of(
                HealthEvent.episode(START, START + 30, "gpu.0", HealthEvent.THROTTLE, "swPowerCap", "a"),
                HealthEvent.xid(START + 5, "gpu.0", 13, "XID 13"),
                HealthEvent.episode(START + 100, START + 130, "gpu.0", HealthEvent.THROTTLE, "swPowerCap", "b"),
                HealthEvent.xid(START + 65, "gpu.0", 13, "XID 13"),
                HealthEvent.ecc(START + 70, "gpu.0", "singleBit", "single-bit ECC error"),
                HealthEvent.ecc(START + 71, "gpu.0", "singleBit", "single-bit ECC error"),
                HealthEvent.ecc(START + 72, "gpu.0", "doubleBit", "double-bit ECC error"));

        assertThat(HealthSummary.lines(events, START, RUN_SECONDS)).containsExactly("GPU 0: power capping 1 min"
                + " (2 % of the run), 2 XID 13 (first at 00:00:05), 2 single-bit ECC errors (first at 00:01:10),"
                + " 1 double-bit ECC error at 00:01:12");
    }

    @Test
    void devicesComeInIndexOrderAndALostGpuSaysWhen() {
        List<HealthEvent> events = List.of(
                HealthEvent.lost(START + 190, "gpu.10", "GPU is lost"),
                HealthEvent.episode(START, START + 2, "gpu.2", HealthEvent.THROTTLE, "hwPowerBrakeSlowdown", "c"));

        assertThat(HealthSummary.lines(events, START, RUN_SECONDS)).containsExactly(
                "GPU 2: power brake slowdown 2 s (under 1 % of the run)",
                "GPU 10: lost at 00:03:10");
    }

    @Test
    void noEventsNoLines() {
        assertThat(HealthSummary.lines(List.of(), START, RUN_SECONDS)).isEmpty();
    }

    @Test
    void durationsAreSpelledInTheUnitsThatFit() {
        assertThat(HealthEvent.describeDuration(12.4)).isEqualTo("12 s");
        assertThat(HealthEvent.describeDuration(252)).isEqualTo("4 min 12 s");
        assertThat(HealthEvent.describeDuration(240)).isEqualTo("4 min");
        assertThat(HealthEvent.describeDuration(7500)).isEqualTo("2 h 5 min");
    }
}
