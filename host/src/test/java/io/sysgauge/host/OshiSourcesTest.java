package io.sysgauge.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysgauge.host.process.OshiProcessSource;
import io.sysgauge.host.process.ProcessSample;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import oshi.SystemInfo;

/**
 * The OSHI sources sysgauge uses where there is no /proc (macOS, Windows), run here on Linux,
 * where OSHI works too, and held against the /proc readers.
 */
class OshiSourcesTest {

    private final SystemInfo oshi = new SystemInfo();

    @Test
    void machineCountersLookLikeThoseFromProc() throws Exception {
        OshiHostSource source = new OshiHostSource(oshi.getHardware());
        LinuxHostSource proc = new LinuxHostSource(Path.of("/proc"), Path.of("/sys"));

        CpuTimes first = source.cpuTimes();
        assertThat(first.total()).isPositive();
        // The machine's logical CPUs as OSHI counts them, not the JVM's share of them (a cpuset or quota).
        assertThat(first.perCpuTotal()).hasSize(oshi.getHardware().getProcessor().getLogicalProcessorCount());
        assertThat(first.cpus()).doesNotHaveDuplicates().hasSameSizeAs(first.perCpuTotal());
        assertThat(source.memory().totalBytes()).isEqualTo(proc.memory().totalBytes());
        assertThat(source.networkInterfaces()).extracting(DeviceCounters::name).isNotEmpty();
        assertThat(source.blockDevices()).allSatisfy(disk -> assertThat(disk.name()).doesNotStartWith("/dev/"));
    }

    @Test
    void processTreeOfThisJvm() {
        long self = ProcessHandle.current().pid();

        List<ProcessSample> tree = new OshiProcessSource(oshi.getOperatingSystem()).tree(self, true);

        assertThat(tree.get(0).pid()).isEqualTo(self);
        assertThat(tree.get(0).threads()).isGreaterThan(1);
        assertThat(tree.get(0).rssBytes()).isPositive();
        assertThat(new OshiProcessSource(oshi.getOperatingSystem()).tree(Integer.MAX_VALUE - 1, true)).isEmpty();
    }
}
