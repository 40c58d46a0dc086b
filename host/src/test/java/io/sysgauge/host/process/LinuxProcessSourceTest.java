package io.sysgauge.host.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.sysgauge.host.FixtureTree;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinuxProcessSourceTest {

    @TempDir
    Path tmp;

    private static String stat(long pid, String comm, long ppid, long utime, long stime, long cutime, long cstime,
            int threads, long start, long rssPages) {
        return ProcStat.process(pid, comm, ppid, utime, stime, cutime, cstime, threads, start, rssPages);
    }

    @Test
    void walksChildrenOfEveryThreadAndReadsOnlyTheTree() {
        FixtureTree proc = new FixtureTree(tmp)
                .file("100/stat", stat(100, "python train.py (main)", 1, 500, 100, 40, 10, 2, 1000, 2560))
                .file("100/task/100/children", "101 ")
                .file("100/task/105/children", "102")
                .file("101/stat", stat(101, "worker", 100, 300, 20, 0, 0, 1, 1100, 256))
                .file("101/task/101/children", "103")
                .file("102/stat", stat(102, "loader", 100, 10, 5, 0, 0, 1, 1200, 256))
                .file("102/task/102/children", "")
                .file("103/stat", stat(103, "grandchild", 101, 1, 1, 0, 0, 1, 1300, 128))
                .file("103/task/103/children", "")
                .file("999/stat", stat(999, "stranger", 1, 9999, 9999, 0, 0, 1, 1, 1));

        List<ProcessSample> tree = new LinuxProcessSource(proc.root()).tree(100, true);

        assertThat(tree).extracting(ProcessSample::pid).containsExactlyInAnyOrder(100L, 101L, 102L, 103L);
        ProcessSample root = tree.get(0);
        assertThat(root.pid()).isEqualTo(100);
        assertThat(root.ownCpuMillis()).isEqualTo(6000);
        assertThat(root.reapedChildrenCpuMillis()).isEqualTo(500);
        assertThat(root.threads()).isEqualTo(2);
        assertThat(root.startTime()).isEqualTo(1000);
        assertThat(root.rssBytes()).isEqualTo(2560L * 4096);
        assertThat(tree).filteredOn(p -> p.pid() == 103).singleElement().extracting(ProcessSample::parentPid).isEqualTo(101L);
    }

    @Test
    void withoutDescendantsOnlyTheRoot() {
        FixtureTree proc = new FixtureTree(tmp)
                .file("100/stat", stat(100, "root", 1, 5, 5, 0, 0, 1, 1, 1))
                .file("100/task/100/children", "101")
                .file("101/stat", stat(101, "child", 100, 5, 5, 0, 0, 1, 2, 1));

        assertThat(new LinuxProcessSource(proc.root()).tree(100, false)).extracting(ProcessSample::pid).containsExactly(100L);
    }

    @Test
    void aRootThatIsGoneGivesAnEmptyTreeAndAChildThatVanishesIsSkipped() {
        FixtureTree proc = new FixtureTree(tmp)
                .file("100/stat", stat(100, "root", 1, 5, 5, 0, 0, 1, 1, 1))
                .file("100/task/100/children", "101 102")
                .file("102/stat", stat(102, "alive", 100, 5, 5, 0, 0, 1, 2, 1))
                .file("102/task/102/children", "");
        LinuxProcessSource source = new LinuxProcessSource(proc.root());

        assertThat(source.tree(100, true)).extracting(ProcessSample::pid).containsExactly(100L, 102L);
        assertThat(source.tree(4242, true)).isEmpty();
    }

    @Test
    void scansParentsWhenTheKernelHasNoChildrenFiles() {
        FixtureTree proc = new FixtureTree(tmp)
                .file("100/stat", stat(100, "root", 1, 5, 5, 0, 0, 1, 1, 1))
                .dir("100/task/100")
                .file("101/stat", stat(101, "child", 100, 5, 5, 0, 0, 1, 2, 1))
                .dir("101/task/101")
                .file("102/stat", stat(102, "grandchild", 101, 5, 5, 0, 0, 1, 3, 1))
                .dir("102/task/102")
                .file("200/stat", stat(200, "other", 1, 5, 5, 0, 0, 1, 4, 1));

        assertThat(new LinuxProcessSource(proc.root()).tree(100, true))
                .extracting(ProcessSample::pid).containsExactlyInAnyOrder(100L, 101L, 102L);
    }

    @Test
    void whileTheLastPidStandsStillOnlyTheKnownProcessesAreRead() {
        FixtureTree proc = new FixtureTree(tmp)
                .file("loadavg", ProcStat.loadavg(101))
                .file("100/stat", stat(100, "root", 1, 5, 5, 0, 0, 1, 1, 1))
                .file("100/task/100/children", "101")
                .file("101/stat", stat(101, "child", 100, 5, 5, 0, 0, 1, 2, 1))
                .file("101/task/101/children", "");
        long[] now = {0};
        LinuxProcessSource source = new LinuxProcessSource(proc.root(), () -> now[0]);
        assertThat(source.tree(100, true)).extracting(ProcessSample::pid).containsExactly(100L, 101L);

        // Not a real kernel's doing: a child the last pid does not announce shows that nothing walked.
        proc.file("100/task/100/children", "101 99")
                .file("99/stat", stat(99, "unannounced", 100, 5, 5, 0, 0, 1, 3, 1))
                .file("101/stat", stat(101, "child", 100, 7, 5, 0, 0, 1, 2, 1));
        now[0] = 4_900_000_000L;

        assertThat(source.tree(100, true)).extracting(ProcessSample::pid, ProcessSample::ownCpuMillis)
                .containsExactly(tuple(100L, 100L), tuple(101L, 120L));
    }

    @Test
    void aNewChildIsFoundByTheFirstCallAfterItsPidWasHandedOut() {
        FixtureTree proc = new FixtureTree(tmp)
                .file("loadavg", ProcStat.loadavg(101))
                .file("100/stat", stat(100, "root", 1, 5, 5, 0, 0, 8, 1, 1))
                .file("100/task/100/children", "101")
                .file("100/task/106/children", "")
                .file("101/stat", stat(101, "child", 100, 5, 5, 0, 0, 1, 2, 1))
                .file("101/task/101/children", "");
        LinuxProcessSource source = new LinuxProcessSource(proc.root(), () -> 0);
        source.tree(100, true);

        // 102 is left out of the root's children file: only reading the new pids can find it.
        proc.file("loadavg", ProcStat.loadavg(107))
                .file("102/stat", stat(102, "worker", 100, 30, 2, 0, 0, 1, 5, 1))
                .file("102/task/102/children", "105")
                .file("103/stat", ProcStat.thread(103, "child's thread", 100, 2, 6))
                .file("104/stat", stat(104, "stranger", 1, 5, 5, 0, 0, 1, 7, 1))
                .file("105/stat", stat(105, "helper", 102, 4, 0, 0, 0, 1, 8, 1))
                .file("105/task/105/children", "")
                .file("106/stat", ProcStat.thread(106, "root's thread", 1, 2, 9));
        // 107 exited already

        assertThat(source.tree(100, true)).extracting(ProcessSample::pid).containsExactly(100L, 101L, 102L, 105L);
    }

    @Test
    void aNewPidWithoutAStatFileYetIsTriedOnceMoreWithItsChildren() {
        FixtureTree proc = new FixtureTree(tmp)
                .file("loadavg", ProcStat.loadavg(100))
                .file("100/stat", stat(100, "root", 1, 5, 5, 0, 0, 1, 1, 1))
                .file("100/task/100/children", "");
        LinuxProcessSource source = new LinuxProcessSource(proc.root(), () -> 0);
        source.tree(100, true);

        // 101 is allocated but not yet attached: the kernel counts it before /proc shows it.
        proc.file("loadavg", ProcStat.loadavg(101));
        assertThat(source.tree(100, true)).extracting(ProcessSample::pid).containsExactly(100L);

        proc.file("100/task/100/children", "101")
                .file("101/stat", stat(101, "child", 100, 5, 5, 0, 0, 1, 2, 1))
                .file("101/task/101/children", "102")
                .file("102/stat", stat(102, "grandchild", 101, 5, 5, 0, 0, 1, 3, 1))
                .file("102/task/102/children", "");
        assertThat(source.tree(100, true)).extracting(ProcessSample::pid).containsExactly(100L, 101L, 102L);
    }

    @Test
    void aWrappedLastPidOrMoreNewPidsThanTheWalkWouldReadWalkTheTree() {
        FixtureTree proc = new FixtureTree(tmp)
                .file("loadavg", ProcStat.loadavg(30000))
                .file("100/stat", stat(100, "root", 1, 5, 5, 0, 0, 1, 1, 1))
                .file("100/task/100/children", "");
        LinuxProcessSource source = new LinuxProcessSource(proc.root(), () -> 0);
        source.tree(100, true);

        // The counter wrapped past pid_max: 150 is new though lower than the last pid seen.
        proc.file("loadavg", ProcStat.loadavg(200))
                .file("100/task/100/children", "150")
                .file("150/stat", stat(150, "after the wrap", 100, 5, 5, 0, 0, 1, 2, 1))
                .file("150/task/150/children", "");
        assertThat(source.tree(100, true)).extracting(ProcessSample::pid).containsExactly(100L, 150L);

        // More new pids than the tree has threads cost more to read one by one than the walk.
        proc.file("loadavg", ProcStat.loadavg(20_000))
                .file("100/task/100/children", "150 160")
                .file("160/stat", stat(160, "before the burst", 100, 5, 5, 0, 0, 1, 3, 1))
                .file("160/task/160/children", "");
        assertThat(source.tree(100, true)).extracting(ProcessSample::pid).containsExactly(100L, 150L, 160L);
    }

    @Test
    void aReusedPidAndAProcessReparentedOutOfTheTreeLeaveIt() {
        FixtureTree proc = new FixtureTree(tmp)
                .file("loadavg", ProcStat.loadavg(102))
                .file("100/stat", stat(100, "root", 1, 5, 5, 0, 0, 1, 1, 1))
                .file("100/task/100/children", "101")
                .file("101/stat", stat(101, "child", 100, 5, 5, 0, 0, 1, 2, 1))
                .file("101/task/101/children", "102")
                .file("102/stat", stat(102, "daemon", 101, 5, 5, 0, 0, 1, 3, 1))
                .file("102/task/102/children", "");
        LinuxProcessSource source = new LinuxProcessSource(proc.root(), () -> 0);
        assertThat(source.tree(100, true)).extracting(ProcessSample::pid).containsExactly(100L, 101L, 102L);

        // 101 exited, its pid went to a stranger, and init adopted its child.
        proc.file("101/stat", stat(101, "stranger", 1, 5, 5, 0, 0, 1, 99, 1))
                .file("102/stat", stat(102, "daemon", 1, 5, 5, 0, 0, 1, 3, 1));

        assertThat(source.tree(100, true)).extracting(ProcessSample::pid).containsExactly(100L);
    }

    @Test
    void aWalkEveryFiveSecondsChecksTheLastPidAndReplacesItWhenItMissesProcesses() {
        // A last pid that does not follow this /proc: a virtualised loadavg, another pid namespace.
        FixtureTree proc = new FixtureTree(tmp)
                .file("loadavg", ProcStat.loadavg(500))
                .file("100/stat", stat(100, "root", 1, 5, 5, 0, 0, 1, 1, 1))
                .file("100/task/100/children", "");
        long[] now = {0};
        LinuxProcessSource source = new LinuxProcessSource(proc.root(), () -> now[0]);
        source.tree(100, true);
        proc.file("100/task/100/children", "101")
                .file("101/stat", stat(101, "child", 100, 5, 5, 0, 0, 1, 2, 1))
                .file("101/task/101/children", "");

        now[0] = 4_900_000_000L;
        assertThat(source.tree(100, true)).extracting(ProcessSample::pid).containsExactly(100L);
        assertThat(source.followsLastPid()).isTrue();

        now[0] = 5_000_000_000L;
        assertThat(source.tree(100, true)).extracting(ProcessSample::pid).containsExactly(100L, 101L);
        assertThat(source.followsLastPid()).isFalse();

        proc.file("100/task/100/children", "101 102")
                .file("102/stat", stat(102, "child", 100, 5, 5, 0, 0, 1, 3, 1))
                .file("102/task/102/children", "");
        now[0] = 5_100_000_000L;
        assertThat(source.tree(100, true)).as("walked on every call now").extracting(ProcessSample::pid)
                .containsExactly(100L, 101L, 102L);
    }

    @Test
    void aCheckWalkThatFindsNothingMoreKeepsTheLastPid() {
        FixtureTree proc = new FixtureTree(tmp)
                .file("loadavg", ProcStat.loadavg(100))
                .file("100/stat", stat(100, "root", 1, 5, 5, 0, 0, 1, 1, 1))
                .file("100/task/100/children", "");
        long[] now = {0};
        LinuxProcessSource source = new LinuxProcessSource(proc.root(), () -> now[0]);
        source.tree(100, true);
        proc.file("loadavg", ProcStat.loadavg(101))
                .file("100/task/100/children", "101")
                .file("101/stat", stat(101, "child", 100, 5, 5, 0, 0, 1, 2, 1))
                .file("101/task/101/children", "");

        now[0] = 5_000_000_000L;
        assertThat(source.tree(100, true)).extracting(ProcessSample::pid).containsExactly(100L, 101L);

        assertThat(source.followsLastPid()).isTrue();
    }

    @Test
    void withoutLoadavgTheTreeIsWalkedOnEveryCall() {
        FixtureTree proc = new FixtureTree(tmp)
                .file("100/stat", stat(100, "root", 1, 5, 5, 0, 0, 1, 1, 1))
                .file("100/task/100/children", "");
        LinuxProcessSource source = new LinuxProcessSource(proc.root(), () -> 0);
        source.tree(100, true);
        proc.file("100/task/100/children", "101")
                .file("101/stat", stat(101, "child", 100, 5, 5, 0, 0, 1, 2, 1))
                .file("101/task/101/children", "");

        assertThat(source.tree(100, true)).extracting(ProcessSample::pid).containsExactly(100L, 101L);
    }

    @Test
    void withoutDescendantsNewPidsAreNotLookedAt() {
        FixtureTree proc = new FixtureTree(tmp)
                .file("loadavg", ProcStat.loadavg(100))
                .file("100/stat", stat(100, "root", 1, 5, 5, 0, 0, 1, 1, 1))
                .file("100/task/100/children", "");
        LinuxProcessSource source = new LinuxProcessSource(proc.root(), () -> 0);
        source.tree(100, false);
        proc.file("loadavg", ProcStat.loadavg(101))
                .file("100/task/100/children", "101")
                .file("101/stat", stat(101, "child", 100, 5, 5, 0, 0, 1, 2, 1));

        assertThat(source.tree(100, false)).extracting(ProcessSample::pid).containsExactly(100L);
    }

    @Test
    void theTreeIsEmptyAsSoonAsTheRootIsGoneEvenBetweenWalks() throws Exception {
        FixtureTree proc = new FixtureTree(tmp)
                .file("loadavg", ProcStat.loadavg(101))
                .file("100/stat", stat(100, "root", 1, 5, 5, 0, 0, 1, 1, 1))
                .file("100/task/100/children", "101")
                .file("101/stat", stat(101, "child", 100, 5, 5, 0, 0, 1, 2, 1))
                .file("101/task/101/children", "");
        LinuxProcessSource source = new LinuxProcessSource(proc.root(), () -> 0);
        source.tree(100, true);

        java.nio.file.Files.delete(proc.root().resolve("100/stat"));

        assertThat(source.tree(100, true)).isEmpty();
    }

    @Test
    void readsThisMachinesRealProcFile() {
        long self = ProcessHandle.current().pid();

        List<ProcessSample> tree = new LinuxProcessSource(Path.of("/proc")).tree(self, false);

        assertThat(tree).singleElement().satisfies(process -> {
            assertThat(process.pid()).isEqualTo(self);
            assertThat(process.threads()).isGreaterThan(1);
            assertThat(process.rssBytes()).isGreaterThan(10L * 1024 * 1024);
            assertThat(process.ownCpuMillis()).isPositive();
        });
    }

    @Test
    void onThisMachineTheLastPidAnnouncesARealChildAndTheCheckWalkAgrees() throws Exception {
        Process shell = new ProcessBuilder("sh", "-s").start();
        try {
            long[] now = {0};
            LinuxProcessSource source = new LinuxProcessSource(Path.of("/proc"), () -> now[0]);
            assertThat(source.tree(shell.pid(), true)).extracting(ProcessSample::pid).containsExactly(shell.pid());

            shell.getOutputStream().write("sleep 30 &\n".getBytes(StandardCharsets.US_ASCII));
            shell.getOutputStream().flush();
            List<ProcessSample> tree = source.tree(shell.pid(), true);
            for (long deadline = System.nanoTime() + 20_000_000_000L; tree.size() < 2 && System.nanoTime() < deadline; ) {
                Thread.sleep(10); // until the shell has forked; no walk runs while the clock stands at 0
                tree = source.tree(shell.pid(), true);
            }

            assertThat(tree).extracting(ProcessSample::pid).hasSize(2).first().isEqualTo(shell.pid());
            assertThat(tree.get(1).parentPid()).isEqualTo(shell.pid());
            now[0] = 5_000_000_000L;
            assertThat(source.tree(shell.pid(), true)).hasSize(2);
            assertThat(source.followsLastPid()).isTrue();
        } finally {
            shell.descendants().forEach(ProcessHandle::destroyForcibly);
            shell.destroyForcibly();
        }
    }
}
