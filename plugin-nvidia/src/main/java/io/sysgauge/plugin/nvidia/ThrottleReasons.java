package io.sysgauge.plugin.nvidia;

import java.util.List;

/**
 * NVML's clock-event reasons (formerly "throttle reasons") that sysgauge reports, with their bits in
 * the mask {@code nvmlDeviceGetCurrentClocksEventReasons} returns (nvml.h's
 * {@code nvmlClocksEventReason*}, the same values as the older {@code nvmlClocksThrottleReason*}).
 * GpuIdle, ApplicationsClocksSetting and DisplayClockSetting are left out: they are settings or
 * idleness, not the hardware holding a busy GPU back.
 */
enum ThrottleReasons {
    SW_POWER_CAP("swPowerCap", 0x4L, "power cap (software)"),
    HW_SLOWDOWN("hwSlowdown", 0x8L, "hardware slowdown"),
    SYNC_BOOST("syncBoost", 0x10L, "sync boost"),
    SW_THERMAL_SLOWDOWN("swThermalSlowdown", 0x20L, "thermal slowdown (software)"),
    HW_THERMAL_SLOWDOWN("hwThermalSlowdown", 0x40L, "thermal slowdown (hardware)"),
    HW_POWER_BRAKE_SLOWDOWN("hwPowerBrakeSlowdown", 0x80L, "power brake slowdown (hardware)");

    /** Every reason, in bit order. */
    static final List<ThrottleReasons> ALL = List.of(values());

    /** The key's last part and the health record's {@code reason}, as NVML's documentation names it. */
    final String key;
    /** Its bit in the mask. */
    final long bit;
    /** How an episode's message names it. */
    final String description;

    ThrottleReasons(String key, long bit, String description) {
        this.key = key;
        this.bit = bit;
        this.description = description;
    }

    /**
     * @param key a reason's key, such as {@code hwThermalSlowdown}
     * @return that reason
     * @throws IllegalArgumentException for a key no reason has
     */
    static ThrottleReasons named(String key) {
        return ALL.stream().filter(reason -> reason.key.equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no clock-event reason " + key));
    }

    /**
     * @param mask a clock-event reasons mask
     * @return whether this reason is active in it
     */
    boolean isActiveIn(long mask) {
        return (mask & bit) != 0;
    }
}
