package io.sysgauge.plugin.apple;

import oshi.hardware.GpuStats;
import oshi.hardware.GraphicsCard;

/** A graphics card as OSHI's macOS layer builds it from system_profiler, with a given stats session. */
record FakeGraphicsCard(String name, String vendor, String deviceId, String versionInfo, GpuStats stats)
        implements GraphicsCard {

    /** An M2 Pro as system_profiler describes it: no device id, no version lines. */
    static FakeGraphicsCard m2Pro(GpuStats stats) {
        return new FakeGraphicsCard("Apple M2 Pro", "Apple (0x106b)", "unknown", "unknown", stats);
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public String getDeviceId() {
        return deviceId;
    }

    @Override
    public String getVendor() {
        return vendor;
    }

    @Override
    public String getVersionInfo() {
        return versionInfo;
    }

    @Override
    public long getVRam() {
        return 0;
    }

    @Override
    public GpuStats createStatsSession() {
        return stats;
    }
}
