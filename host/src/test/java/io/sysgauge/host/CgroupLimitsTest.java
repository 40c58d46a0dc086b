package io.sysgauge.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysgauge.host.FixtureTree;
import java.nio.file.Path;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupLimitsTest {

    private static final String MOUNTINFO = """
            22 28 0:21 / /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs sysfs rw
            30 22 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2 cgroup2 rw,nsdelegate
            """;

    @TempDir
    Path tmp;

    @Test
    void tightestLimitOnThePathToTheRootWins() throws Exception {
        FixtureTree proc = new FixtureTree(tmp.resolve("proc"))
                .file("self/cgroup", "0::/kubepods/pod1/container\n")
                .file("self/mountinfo", MOUNTINFO);
        FixtureTree sys = new FixtureTree(tmp.resolve("sys"))
                .file("fs/cgroup/kubepods/memory.max", "8589934592\n")
                .file("fs/cgroup/kubepods/cpu.max", "max 100000\n")
                .file("fs/cgroup/kubepods/pod1/memory.max", "4294967296\n")
                .file("fs/cgroup/kubepods/pod1/memory.current", "1073741824\n")
                .file("fs/cgroup/kubepods/pod1/cpu.max", "150000 100000\n")
                .file("fs/cgroup/kubepods/pod1/container/memory.max", "max\n")
                .file("fs/cgroup/kubepods/pod1/container/cpu.max", "400000 100000\n");

        CgroupLimits limits = CgroupLimits.read(proc.root(), sys.root());

        assertThat(limits.memoryLimitBytes()).hasValue(4294967296L);
        assertThat(limits.memoryCurrentBytes()).isEqualTo(1073741824L);
        assertThat(limits.cpuQuota()).hasValue(1.5);
        assertThat(limits.describe()).containsEntry("path", "/kubepods/pod1/container");
    }

    @Test
    void insideACgroupNamespaceTheMountIsTheLeaf() throws Exception {
        FixtureTree proc = new FixtureTree(tmp.resolve("proc"))
                .file("self/cgroup", "0::/\n")
                .file("self/mountinfo", MOUNTINFO);
        FixtureTree sys = new FixtureTree(tmp.resolve("sys"))
                .file("fs/cgroup/memory.max", "2147483648\n")
                .file("fs/cgroup/memory.current", "536870912\n");

        CgroupLimits limits = CgroupLimits.read(proc.root(), sys.root());

        assertThat(limits.memoryLimitBytes()).hasValue(2147483648L);
        assertThat(limits.memoryCurrentBytes()).isEqualTo(536870912L);
        assertThat(limits.cpuQuota()).isEmpty();
    }

    @Test
    void cgroupV1OnlyMeansNoLimits() {
        FixtureTree proc = new FixtureTree(tmp.resolve("proc"))
                .file("self/cgroup", "4:memory:/docker/abc\n1:cpu:/docker/abc\n")
                .file("self/mountinfo", "40 30 0:35 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n");

        assertThat(CgroupLimits.read(proc.root(), tmp.resolve("sys"))).isEqualTo(CgroupLimits.NONE);
    }

    @Test
    void noProcAtAllMeansNoLimits() {
        assertThat(CgroupLimits.read(tmp.resolve("missing"), tmp.resolve("missing"))).isEqualTo(CgroupLimits.NONE);
    }

    @Test
    void cpuBudgetIsTheWatchedProcessesAffinityCappedByTheQuota() {
        FixtureTree proc = new FixtureTree(tmp.resolve("proc"))
                .file("self/status", "Name:\tjava\nCpus_allowed:\tff\nCpus_allowed_list:\t0-3,8,10-11\nMems_allowed:\t1\n")
                .file("42/status", "Name:\tpython\nCpus_allowed_list:\t2-3\n");
        CgroupLimits quota = new CgroupLimits(OptionalLong.empty(), null, OptionalDouble.of(1.5), "/x");

        assertThat(CpuBudget.available(proc.root(), OptionalLong.empty(), CgroupLimits.NONE)).isEqualTo(7.0);
        assertThat(CpuBudget.available(proc.root(), OptionalLong.of(42), CgroupLimits.NONE)).isEqualTo(2.0);
        assertThat(CpuBudget.available(proc.root(), OptionalLong.of(42), quota)).isEqualTo(1.5);
    }
}
