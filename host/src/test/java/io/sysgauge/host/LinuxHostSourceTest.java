package io.sysgauge.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sysgauge.host.FixtureTree;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinuxHostSourceTest {

    @TempDir
    Path tmp;

    private FixtureTree proc;
    private FixtureTree sys;
    private LinuxHostSource source;

    @BeforeEach
    void setUp() {
        proc = new FixtureTree(tmp.resolve("proc"));
        sys = new FixtureTree(tmp.resolve("sys"));
        source = new LinuxHostSource(proc.root(), sys.root());
    }

    @Test
    void cpuTimesCountIowaitAsIdleAndGuestOnlyOnce() throws Exception {
        proc.file("stat", """
                cpu  100 10 50 800 40 5 5 0 30 0
                cpu0 60 5 20 400 20 3 2 0 30 0
                cpu1 40 5 30 400 20 2 3 0 0 0
                intr 12345 0 0
                ctxt 999
                btime 1764290000
                """);

        CpuTimes times = source.cpuTimes();

        assertThat(times.busy()).isEqualTo(100 + 10 + 50 + 5 + 5);
        assertThat(times.iowait()).isEqualTo(40);
        assertThat(times.total()).isEqualTo(170 + 800 + 40);
        assertThat(times.cpus()).containsExactly(0, 1);
        assertThat(times.perCpuBusy()).containsExactly(90, 80);
        assertThat(times.perCpuTotal()).containsExactly(510, 500);
    }

    @Test
    void anOfflineCpuLeavesAGapInTheNumbersInsteadOfShiftingTheLaterOnes() throws Exception {
        // /proc/stat of a 4-CPU machine after "echo 0 > /sys/devices/system/cpu/cpu1/online"
        proc.file("stat", """
                cpu  4705 356 584 3699 23 23 0 0 0 0
                cpu0 1393 280 157 891 5 11 0 0 0 0
                cpu2 1664 36 230 905 9 6 0 0 0 0
                cpu3 1648 40 197 903 9 6 0 0 0 0
                intr 114930548 113199788 3 0 5 263 0 0 0 1 0 0 0 0 0 0 0
                ctxt 1990473
                btime 1062191376
                processes 2915
                procs_running 1
                procs_blocked 0
                """);

        CpuTimes times = source.cpuTimes();

        assertThat(times.cpus()).containsExactly(0, 2, 3);
        assertThat(times.perCpuBusy()).containsExactly(1393 + 280 + 157 + 11, 1664 + 36 + 230 + 6, 1648 + 40 + 197 + 6);
    }

    @Test
    void busyPercentIsTheShareOfTimeBetweenReadings() {
        CpuTimes before = new CpuTimes(100, 0, 1000, new int[] {0, 1}, new long[] {50, 50}, new long[] {500, 500});
        CpuTimes after = new CpuTimes(250, 0, 1200, new int[] {0, 1}, new long[] {150, 100}, new long[] {600, 600});

        assertThat(after.busyPercentSince(before)).isCloseTo(75.0, within(1e-9));
        assertThat(after.busyPercentSince(before, 0)).isCloseTo(100.0, within(1e-9));
        assertThat(after.busyPercentSince(before, 1)).isCloseTo(50.0, within(1e-9));
        assertThat(after.busyPercentSince(before, 2)).isNaN();
        assertThat(before.busyPercentSince(before)).isNaN();
    }

    @Test
    void iowaitPercentIsItsShareOfTimeBetweenReadings() {
        CpuTimes before = new CpuTimes(100, 40, 1000, new int[] {0}, new long[] {100}, new long[] {1000});
        CpuTimes after = new CpuTimes(150, 90, 1200, new int[] {0}, new long[] {150}, new long[] {1200});

        assertThat(after.iowaitPercentSince(before)).isCloseTo(25.0, within(1e-9));
        assertThat(before.iowaitPercentSince(before)).isNaN();
    }

    @Test
    void perCpuPercentPairsReadingsByCpuNumber() {
        CpuTimes before = new CpuTimes(0, 0, 0, new int[] {0, 2, 3}, new long[] {10, 20, 30}, new long[] {100, 100, 100});
        CpuTimes after = new CpuTimes(0, 0, 0, new int[] {0, 1, 2, 3}, new long[] {60, 5, 20, 130}, new long[] {200, 50, 200, 200});

        assertThat(after.busyPercentSince(before, 0)).isCloseTo(50.0, within(1e-9));
        assertThat(after.busyPercentSince(before, 1)).as("back online: no earlier reading").isNaN();
        assertThat(after.busyPercentSince(before, 2)).isCloseTo(0.0, within(1e-9));
        assertThat(after.busyPercentSince(before, 3)).isCloseTo(100.0, within(1e-9));
    }

    @Test
    void memoryFromMeminfoWithAFallbackForOldKernels() throws Exception {
        proc.file("meminfo", """
                MemTotal:       16000000 kB
                MemFree:         2000000 kB
                MemAvailable:    9000000 kB
                Buffers:          100000 kB
                Cached:          3000000 kB
                """);
        assertThat(source.memory()).isEqualTo(new MemoryState(16_000_000L * 1024, 9_000_000L * 1024));

        proc.file("meminfo", """
                MemTotal:       16000000 kB
                MemFree:         2000000 kB
                Buffers:          100000 kB
                Cached:          3000000 kB
                """);
        assertThat(source.memory().availableBytes()).isEqualTo(5_100_000L * 1024);
    }

    @Test
    void networkCountersOfEveryInterfaceLoopbackIncluded() throws Exception {
        proc.file("net/dev", """
                Inter-|   Receive                                                |  Transmit
                 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
                    lo:  123456     100    0    0    0     0          0         0   123456     100    0    0    0     0       0          0
                  eth0: 9876543210 5000000    0    0    0     0          0         0 1234567890 4000000    0    0    0     0       0          0
                """);

        assertThat(source.networkInterfaces()).containsExactly(
                new DeviceCounters("lo", 123456, 123456, true),
                new DeviceCounters("eth0", 9876543210L, 1234567890L, true));
    }

    @Test
    void blockDevicesAreWholeDisksWithStackedOnesOutOfTheTotal() throws Exception {
        proc.file("diskstats", """
                   7       0 loop0 100 0 800 10 0 0 0 0 0 10 10 0 0 0 0
                 259       0 nvme0n1 1000 0 2048 100 500 0 4096 50 0 120 150 0 0 0 0
                 259       1 nvme0n1p1 900 0 2000 90 500 0 4096 50 0 110 140 0 0 0 0
                   8       0 sda 10 0 16 1 20 0 32 2 0 3 3
                 253       0 dm-0 800 0 1600 80 400 0 3200 40 0 100 120 0 0 0 0
                   1       0 ram0 0 0 0 0 0 0 0 0 0 0 0
                 252       0 zram0 5 0 40 0 5 0 40 0 0 0 0
                """);
        sys.dir("block/nvme0n1/slaves").dir("block/sda/slaves").dir("block/loop0/slaves")
                .file("block/dm-0/slaves/nvme0n1p1", "");

        List<DeviceCounters> devices = source.blockDevices();

        assertThat(devices).containsExactly(
                new DeviceCounters("nvme0n1", 2048 * 512L, 4096 * 512L, true),
                new DeviceCounters("sda", 16 * 512L, 32 * 512L, true),
                new DeviceCounters("dm-0", 1600 * 512L, 3200 * 512L, false));
    }

    @Test
    void aBlockDeviceNameThatComesBackIsLookedUpAgain() throws Exception {
        proc.file("diskstats", " 43 0 nbd0 10 0 16 1 20 0 32 2 0 3 3\n");
        assertThat(source.blockDevices()).isEmpty();

        proc.file("diskstats", "");
        assertThat(source.blockDevices()).isEmpty();
        // the name is reused by a disk that /sys now lists as a whole device
        sys.dir("block/nbd0/slaves");
        proc.file("diskstats", " 43 0 nbd0 1 0 8 1 2 0 8 2 0 3 3\n");

        assertThat(source.blockDevices()).containsExactly(new DeviceCounters("nbd0", 8 * 512L, 8 * 512L, true));
    }
}
