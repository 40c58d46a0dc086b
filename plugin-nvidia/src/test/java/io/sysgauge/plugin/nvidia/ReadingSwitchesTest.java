package io.sysgauge.plugin.nvidia;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReadingSwitchesTest {

    private enum Reading { POWER, FAN }

    private final ReadingSwitches<Reading> readings = new ReadingSwitches<>(3, Reading.class);

    @Test
    void aReadingTheGpuCannotGiveIsTurnedOffAloneAndForGood() {
        readings.failed(Reading.FAN, new NvmlException("nvmlDeviceGetFanSpeed", NvmlException.NOT_SUPPORTED, "Not Supported"));
        readings.failed(Reading.FAN, new NvmlException("nvmlDeviceGetFanSpeed", 999, "Unknown Error"));

        assertThat(readings.isOff(Reading.FAN)).isTrue();
        assertThat(readings.isOff(Reading.POWER)).isFalse();
    }

    @Test
    void aFailureThatMayPassLeavesTheReadingOn() {
        readings.failed(Reading.POWER, new NvmlException("nvmlDeviceGetPowerUsage", 999, "Unknown Error"));
        readings.failed(Reading.POWER, new NvmlException("nvmlDeviceGetPowerUsage", 999, "Unknown Error"));

        assertThat(readings.isOff(Reading.POWER)).isFalse();
    }

    @Test
    void aFieldTheGpuDoesNotHaveIsTurnedOff() {
        readings.turnOff(Reading.POWER, "NVML error 3");

        assertThat(readings.isOff(Reading.POWER)).isTrue();
    }
}
