package io.sysgauge.core.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysgauge.core.FixtureTree;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinuxProcessSourceTest {

    @TempDir
    Path tmp;

    // proc(5) field order after "(comm)": state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt
    // utime stime cutime cstime priority nice num_threads itrealvalue starttime vsize rss ...
    private static String stat(long pid, String comm, long ppid, long utime, long stime, long cutime, long cstime,
            int threads, long start, long rssPages) {
        return pid + " (" + comm + ") S " + ppid + " " + pid + " " + pid + " 0 -1 4194560 100 0 0 0 "
                + utime + " " + stime + " " + cutime + " " + cstime + " 20 0 " + threads + " 0 " + start
                + " 1000000 " + rssPages + " 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n";
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
    void betweenWalksOnlyTheKnownProcessesAreReadAndAWalkFollowsEverySecond() {
        FixtureTree proc = new FixtureTree(tmp)
                .file("100/stat", stat(100, "root", 1, 5, 5, 0, 0, 1, 1, 1))
                .file("100/task/100/children", "101")
                .file("101/stat", stat(101, "child", 100, 5, 5, 0, 0, 1, 2, 1))
                .file("101/task/101/children", "");
        long[] now = {0};
        LinuxProcessSource source = new LinuxProcessSource(proc.root(), () -> now[0]);
        assertThat(source.tree(100, true)).extracting(ProcessSample::pid).containsExactly(100L, 101L);

        proc.file("100/task/100/children", "102")
                .file("102/stat", stat(102, "newborn", 100, 5, 5, 0, 0, 1, 3, 1))
                .file("102/task/102/children", "")
                .file("101/stat", stat(101, "stranger", 1, 5, 5, 0, 0, 1, 99, 1));
        now[0] = 900_000_000L;
        assertThat(source.tree(100, true)).as("known processes only; 101 is a reused pid now")
                .extracting(ProcessSample::pid).containsExactly(100L);

        now[0] = 1_000_000_000L;
        assertThat(source.tree(100, true)).extracting(ProcessSample::pid).containsExactly(100L, 102L);
    }

    @Test
    void theTreeIsEmptyAsSoonAsTheRootIsGoneEvenBetweenWalks() throws Exception {
        FixtureTree proc = new FixtureTree(tmp)
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
}
