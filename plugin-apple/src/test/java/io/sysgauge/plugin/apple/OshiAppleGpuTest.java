package io.sysgauge.plugin.apple;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.List;
import org.junit.jupiter.api.Test;
import oshi.hardware.GraphicsCard;

class OshiAppleGpuTest {

    private final FakeGpuStats stats = new FakeGpuStats();

    @Test
    void linuxIsNotAMac() {
        assertThat(OshiAppleGpu.unsupportedPlatform("Linux", "amd64"))
                .hasValue("Apple silicon GPUs are read on macOS only; this machine runs Linux");
    }

    @Test
    void windowsIsNotAMac() {
        assertThat(OshiAppleGpu.unsupportedPlatform("Windows 11", "amd64"))
                .hasValue("Apple silicon GPUs are read on macOS only; this machine runs Windows 11");
    }

    @Test
    void anX8664JvmOnAMacCannotReadIoReportsGpuChannels() {
        assertThat(OshiAppleGpu.unsupportedPlatform("Mac OS X", "x86_64"))
                .hasValue("Apple silicon GPUs are read by an arm64 JVM; this one runs as x86_64"
                        + " (an Intel Mac, or an Intel JVM under Rosetta)");
    }

    @Test
    void anArm64MacIsSupported() {
        assertThat(OshiAppleGpu.unsupportedPlatform("Mac OS X", "aarch64")).isEmpty();
    }

    @Test
    void picksTheAppleCardAmongThoseSystemProfilerLists() {
        GraphicsCard display = new FakeGraphicsCard("DisplayLink USB", "DisplayLink", "unknown", "unknown", stats);
        GraphicsCard apple = FakeGraphicsCard.m2Pro(stats);

        assertThat(OshiAppleGpu.appleCard(List.of(display, apple))).containsSame(apple);
    }

    @Test
    void findsNoAppleCardOnAnIntelMac() {
        GraphicsCard intel = new FakeGraphicsCard("Intel UHD Graphics 630", "Intel", "0x3e9b", "Revision ID: 0x0002",
                stats);

        assertThat(OshiAppleGpu.appleCard(List.of(intel))).isEmpty();
        assertThat(OshiAppleGpu.appleCard(List.of())).isEmpty();
    }

    @Test
    void factsLeaveOutWhatOshiCallsUnknown() {
        OshiAppleGpu gpu = new OshiAppleGpu(FakeGraphicsCard.m2Pro(stats), stats, 34_359_738_368L);

        assertThat(gpu.name()).isEqualTo("Apple M2 Pro");
        assertThat(gpu.facts()).containsExactly(
                entry("index", 0),
                entry("name", "Apple M2 Pro"),
                entry("vendor", "Apple (0x106b)"),
                entry("memory_total", 34_359_738_368L));
    }

    @Test
    void factsKeepDeviceIdAndVersionInfoWhenKnown() {
        OshiAppleGpu gpu = new OshiAppleGpu(
                new FakeGraphicsCard("Apple M1", "Apple", "0x1234", "Revision ID: 0x0001", stats), stats, 0);

        assertThat(gpu.facts()).containsExactly(
                entry("index", 0),
                entry("name", "Apple M1"),
                entry("vendor", "Apple"),
                entry("device_id", "0x1234"),
                entry("version_info", "Revision ID: 0x0001"));
    }

    @Test
    void anUnnamedCardIsCalledAppleGpu() {
        OshiAppleGpu gpu = new OshiAppleGpu(new FakeGraphicsCard("unknown", "Apple", "unknown", "unknown", stats),
                stats, 0);

        assertThat(gpu.name()).isEqualTo("Apple GPU");
    }

    @Test
    void closingClosesTheStatsSession() {
        new OshiAppleGpu(FakeGraphicsCard.m2Pro(stats), stats, 0).close();

        assertThat(stats.isClosed()).isTrue();
    }
}
