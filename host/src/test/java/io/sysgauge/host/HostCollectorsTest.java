package io.sysgauge.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sysgauge.host.FixtureTree;
import io.sysgauge.host.RecordingWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host collectors over fixture /proc trees: the keys metrics.md names, with the right units. */
class HostCollectorsTest {

    @TempDir
    Path tmp;

    private FixtureTree proc;
    private LinuxHostSource source;

    @BeforeEach
    void setUp() {
        proc = new FixtureTree(tmp.resolve("proc"));
        source = new LinuxHostSource(proc.root(), tmp.resolve("sys"));
    }

    @Test
    void cpuWritesTheMachineShareAndPerCoreOnRequest() throws Exception {
        proc.file("stat", "cpu  100 0 0 900 0 0 0 0 0 0\ncpu0 50 0 0 450 0 0 0 0 0 0\ncpu1 50 0 0 450 0 0 0 0 0 0\n");
        CpuCollector collector = new CpuCollector(source, true);
        assertThat(collector.probe(null).isPresent()).isTrue();
        // 50 of the 200 ticks idle with I/O outstanding
        proc.file("stat", "cpu  250 0 0 900 50 0 0 0 0 0\ncpu0 150 0 0 450 0 0 0 0 0 0\ncpu1 100 0 0 450 50 0 0 0 0 0\n");

        RecordingWriter out = new RecordingWriter();
        collector.sample(out);

        assertThat(out.values).containsOnlyKeys("cpu_percent", "cpu_iowait_percent", "cpu.0.cpu_percent", "cpu.1.cpu_percent");
        assertThat(out.values.get("cpu_percent")).isCloseTo(75.0, within(1e-9));
        assertThat(out.values.get("cpu_iowait_percent")).isCloseTo(25.0, within(1e-9));
        assertThat(out.values.get("cpu.0.cpu_percent")).isCloseTo(100.0, within(1e-9));
        assertThat(out.values.get("cpu.1.cpu_percent")).isCloseTo(50.0, within(1e-9));
    }

    @Test
    void perCoreKeysAreNamedByCpuNumberWhenACpuIsOffline() throws Exception {
        proc.file("stat", "cpu  30 0 0 270 0 0 0 0 0 0\ncpu0 10 0 0 90 0 0 0 0 0 0\n"
                + "cpu2 10 0 0 90 0 0 0 0 0 0\ncpu3 10 0 0 90 0 0 0 0 0 0\nintr 1 0\n");
        CpuCollector collector = new CpuCollector(source, true);
        collector.probe(null);
        proc.file("stat", "cpu  130 0 0 370 0 0 0 0 0 0\ncpu0 10 0 0 190 0 0 0 0 0 0\n"
                + "cpu2 35 0 0 165 0 0 0 0 0 0\ncpu3 85 0 0 115 0 0 0 0 0 0\nintr 1 0\n");

        RecordingWriter out = new RecordingWriter();
        collector.sample(out);

        assertThat(out.values).containsOnlyKeys("cpu_percent", "cpu_iowait_percent", "cpu.0.cpu_percent", "cpu.2.cpu_percent",
                "cpu.3.cpu_percent");
        assertThat(out.values.get("cpu.0.cpu_percent")).isCloseTo(0.0, within(1e-9));
        assertThat(out.values.get("cpu.2.cpu_percent")).isCloseTo(25.0, within(1e-9));
        assertThat(out.values.get("cpu.3.cpu_percent")).isCloseTo(75.0, within(1e-9));
    }

    @Test
    void cpuWithoutPerCoreWritesTheMachineKeysOnly() throws Exception {
        proc.file("stat", "cpu  100 0 0 900 0 0 0 0 0 0\ncpu0 100 0 0 900 0 0 0 0 0 0\n");
        CpuCollector collector = new CpuCollector(source, false);
        collector.probe(null);
        RecordingWriter out = new RecordingWriter();

        collector.sample(out);

        assertThat(out.values).containsOnlyKeys("cpu_percent", "cpu_iowait_percent");
    }

    @Test
    void memoryUsesTheHostWithoutACgroupLimit() throws Exception {
        proc.file("meminfo", "MemTotal: 4194304 kB\nMemFree: 1048576 kB\nMemAvailable: 3145728 kB\n");
        RecordingWriter out = new RecordingWriter();

        new MemoryCollector(source, CgroupLimits.NONE).sample(out);

        assertThat(out.values).containsEntry("memory_percent", 25.0).containsEntry("proc.memory.availableMB", 3072.0);
    }

    @Test
    void memoryUsesTheCgroupWhenItHasALimit() throws Exception {
        proc.file("meminfo", "MemTotal: 4194304 kB\nMemAvailable: 3145728 kB\n");
        Path current = new FixtureTree(tmp.resolve("cg")).file("memory.current", "268435456\n").root().resolve("memory.current");
        CgroupLimits limits = new CgroupLimits(OptionalLong.of(1073741824L), current, OptionalDouble.empty(), "/c");
        RecordingWriter out = new RecordingWriter();

        new MemoryCollector(source, limits).sample(out);

        assertThat(out.values).containsEntry("memory_percent", 25.0).containsEntry("proc.memory.availableMB", 768.0);
    }

    @Test
    void networkCountsBytesSinceTheFirstSample() throws Exception {
        proc.file("net/dev", "h1|\nh2|\n lo: 100 1 0 0 0 0 0 0 100 1 0 0 0 0 0 0\neth0: 1000 1 0 0 0 0 0 0 2000 1 0 0 0 0 0 0\n");
        NetworkCollector collector = new NetworkCollector(source);
        RecordingWriter first = new RecordingWriter();
        collector.sample(first);
        proc.file("net/dev", "h1|\nh2|\n lo: 150 1 0 0 0 0 0 0 150 1 0 0 0 0 0 0\neth0: 3000 1 0 0 0 0 0 0 2500 1 0 0 0 0 0 0\n");
        RecordingWriter second = new RecordingWriter();
        collector.sample(second);

        assertThat(first.values).containsEntry("network.recv", 0.0).containsEntry("network.sent", 0.0);
        assertThat(second.values).containsEntry("network.recv", 2050.0).containsEntry("network.sent", 550.0);
    }

    @Test
    void networkKeepsTheBytesOfAnInterfaceThatVanishedAndAddsLaterTraffic() throws Exception {
        NetworkCollector collector = new NetworkCollector(source);
        proc.file("net/dev", "h1|\nh2|\n lo: 100 1 0 0 0 0 0 0 100 1 0 0 0 0 0 0\nveth9: 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n");
        collector.sample(new RecordingWriter());
        proc.file("net/dev", "h1|\nh2|\n lo: 100 1 0 0 0 0 0 0 100 1 0 0 0 0 0 0\nveth9: 0 0 0 0 0 0 0 0 5600000 4000 0 0 0 0 0 0\n");
        collector.sample(new RecordingWriter());
        proc.file("net/dev", "h1|\nh2|\n lo: 100 1 0 0 0 0 0 0 100 1 0 0 0 0 0 0\n");
        RecordingWriter vanished = new RecordingWriter();
        collector.sample(vanished);
        proc.file("net/dev", "h1|\nh2|\n lo: 5600100 4001 0 0 0 0 0 0 5600100 4001 0 0 0 0 0 0\n");
        RecordingWriter after = new RecordingWriter();
        collector.sample(after);

        assertThat(vanished.values).containsEntry("network.sent", 5_600_000.0).containsEntry("network.recv", 0.0);
        assertThat(after.values).containsEntry("network.sent", 11_200_000.0).containsEntry("network.recv", 5_600_000.0);
    }

    @Test
    void diskStopsWritingTheKeysOfAGoneDeviceAndCountsAReturningOneFromItsReturn() throws Exception {
        FixtureTree sys = new FixtureTree(tmp.resolve("sys")).dir("block/vda/slaves").dir("block/vdb/slaves");
        DiskCollector collector = new DiskCollector(new LinuxHostSource(proc.root(), sys.root()), List.of());
        proc.file("diskstats", " 254 0 vda 1 0 2048 0 1 0 2048 0 0 0 0\n 254 16 vdb 1 0 0 0 1 0 0 0 0 0 0\n");
        collector.sample(new RecordingWriter());
        proc.file("diskstats", " 254 0 vda 1 0 2048 0 1 0 2048 0 0 0 0\n 254 16 vdb 1 0 4096 0 1 0 8192 0 0 0 0\n");
        collector.sample(new RecordingWriter());
        proc.file("diskstats", " 254 0 vda 1 0 4096 0 1 0 2048 0 0 0 0\n");
        RecordingWriter gone = new RecordingWriter();
        collector.sample(gone);
        // vdb plugged in again: its counters restarted, and it counts from this reading on
        proc.file("diskstats", " 254 0 vda 1 0 4096 0 1 0 2048 0 0 0 0\n 254 16 vdb 1 0 100 0 1 0 100 0 0 0 0\n");
        collector.sample(new RecordingWriter());
        proc.file("diskstats", " 254 0 vda 1 0 4096 0 1 0 2048 0 0 0 0\n 254 16 vdb 1 0 2148 0 1 0 100 0 0 0 0\n");
        RecordingWriter back = new RecordingWriter();
        collector.sample(back);

        double sector = 512 / 1048576.0;
        assertThat(gone.values).containsOnlyKeys("disk.in", "disk.out", "disk.vda.in", "disk.vda.out");
        assertThat(gone.values.get("disk.in")).isEqualTo((4096 + 2048) * sector);
        assertThat(gone.values.get("disk.out")).isEqualTo(8192 * sector);
        assertThat(back.values.get("disk.in")).isEqualTo((4096 + 2048 + 2048) * sector);
        assertThat(back.values.get("disk.out")).isEqualTo(8192 * sector);
        assertThat(back.values.get("disk.vdb.in")).isEqualTo(2048 * sector);
        assertThat(back.values.get("disk.vdb.out")).isZero();
    }

    @Test
    void diskWritesUsagePerPathAndIoInMegabytesSinceTheFirstSample() throws Exception {
        FixtureTree sys = new FixtureTree(tmp.resolve("sys")).dir("block/vda/slaves");
        proc.file("diskstats", " 254 0 vda 10 0 2048 0 10 0 4096 0 0 0 0\n 254 1 vda1 10 0 2048 0 10 0 4096 0 0 0 0\n");
        DiskCollector collector = new DiskCollector(new LinuxHostSource(proc.root(), sys.root()), List.of(tmp.toString(), "/no/such/path"));
        assertThat(collector.probe(null).isPresent()).isTrue();
        collector.sample(new RecordingWriter());
        proc.file("diskstats", " 254 0 vda 10 0 6144 0 10 0 8192 0 0 0 0\n 254 1 vda1 10 0 6144 0 10 0 8192 0 0 0 0\n");

        RecordingWriter out = new RecordingWriter();
        collector.sample(out);

        assertThat(out.values).containsOnlyKeys("disk." + tmp + ".usagePercent", "disk." + tmp + ".usageGB",
                "disk.in", "disk.out", "disk.vda.in", "disk.vda.out");
        assertThat(out.values.get("disk.in")).isEqualTo(4096 * 512 / 1048576.0);
        assertThat(out.values.get("disk.out")).isEqualTo(4096 * 512 / 1048576.0);
        assertThat(out.values.get("disk." + tmp + ".usagePercent")).isBetween(0.0, 100.0);
        assertThat(out.values.get("disk." + tmp + ".usageGB")).isPositive();
    }
}
