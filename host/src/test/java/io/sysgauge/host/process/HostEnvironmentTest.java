package io.sysgauge.host.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sysgauge.host.FixtureTree;
import io.sysgauge.host.HostEnvironment;
import io.sysgauge.host.HostEnvironment.HostCollector;
import io.sysgauge.host.HostMetrics;
import io.sysgauge.host.RecordingWriter;
import io.sysgauge.spi.MetricCollector;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in collectors as the launcher hands them to a session, over a fixture /proc and /sys
 * (in this package for {@link ProcStat}).
 */
class HostEnvironmentTest {

    private static final long GIB = 1L << 30;
    private static final String MOUNTINFO = """
            22 28 0:21 / /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs sysfs rw
            30 22 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2 cgroup2 rw,nsdelegate
            """;

    @TempDir
    Path tmp;

    /** A machine with 8 GiB of memory, running pid 100 (25,600 pages resident). */
    private Path proc() {
        return new FixtureTree(tmp.resolve("proc"))
                .file("stat", "cpu  100 0 0 900 0 0 0 0 0 0\ncpu0 100 0 0 900 0 0 0 0 0 0\n")
                .file("meminfo", "MemTotal:        8388608 kB\nMemAvailable:    4194304 kB\n")
                .file("loadavg", ProcStat.loadavg(100))
                .file("100/stat", ProcStat.process(100, "python", 1, 0, 0, 0, 0, 4, 10, 25_600))
                .file("100/task/100/children", "")
                .file("self/cgroup", "0::/\n")
                .file("self/mountinfo", MOUNTINFO)
                .root();
    }

    @Test
    void theCollectorsComeInRecordOrderAndOnlyDiskMayBlock() {
        HostEnvironment host = HostEnvironment.at(proc(), tmp.resolve("sys"), tmp.resolve("dev"));

        List<HostCollector> collectors = host.collectors(new ProcessTracker(host.processSource(), OptionalLong.empty(), true),
                List.of("/"), false);

        assertThat(collectors).extracting(each -> each.collector().id())
                .containsExactly("cpu", "memory", "disk", "network", "process");
        assertThat(collectors).filteredOn(HostCollector::mayBlock).extracting(each -> each.collector().id())
                .containsExactly("disk");
    }

    @Test
    void theTreesShareOfMemoryIsOverTheCgroupLimitWhenOneIsSetElseOverTheMachinesMemory() throws Exception {
        Path proc = proc();
        Path limited = new FixtureTree(tmp.resolve("sys"))
                .file("fs/cgroup/memory.max", "2147483648\n")
                .file("fs/cgroup/memory.current", "1073741824\n")
                .root();

        assertThat(memoryDenominator(HostEnvironment.at(proc, limited, tmp.resolve("dev")))).isCloseTo(2.0 * GIB, within(1.0));
        assertThat(memoryDenominator(HostEnvironment.at(proc, tmp.resolve("no-sys"), tmp.resolve("dev"))))
                .isCloseTo(8.0 * GIB, within(1.0));
    }

    // What the process collector divides the tree's resident memory by, read back from one sample.
    private static double memoryDenominator(HostEnvironment host) throws Exception {
        ProcessTracker tracker = new ProcessTracker(host.processSource(), OptionalLong.of(100), true);
        MetricCollector process = host.collectors(tracker, List.of("/"), false).get(4).collector();
        assertThat(process.probe(null).isPresent()).isTrue();
        tracker.refresh();
        RecordingWriter out = new RecordingWriter();
        process.sample(out);
        double rssBytes = out.values.get(HostMetrics.PROCESS_RSS.key()) * HostMetrics.MB;
        assertThat(rssBytes).isPositive();
        return 100.0 * rssBytes / out.values.get(HostMetrics.PROCESS_MEMORY_PERCENT.key());
    }
}
