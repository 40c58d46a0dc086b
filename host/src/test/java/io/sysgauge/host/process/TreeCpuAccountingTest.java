package io.sysgauge.host.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TreeCpuAccountingTest {

    private final TreeCpuAccounting tree = new TreeCpuAccounting(true);

    private static ProcessSample process(long pid, long parent, long start, long own, long reaped) {
        return new ProcessSample(pid, parent, start, own, reaped, 1, 0);
    }

    @Test
    void firstSnapshotIsOnlyTheBaseline() {
        assertThat(tree.advance(List.of(process(1, 0, 10, 5000, 300)))).isEqualTo(-1);
    }

    @Test
    void growthOfLiveProcessesIsCounted() {
        tree.advance(List.of(process(1, 0, 10, 1000, 0), process(2, 1, 20, 500, 0)));

        assertThat(tree.advance(List.of(process(1, 0, 10, 1200, 0), process(2, 1, 20, 900, 0)))).isEqualTo(600);
    }

    @Test
    void aChildThatExitsAndIsReapedIsNotCountedTwice() {
        tree.advance(List.of(process(1, 0, 10, 1000, 0), process(2, 1, 20, 4000, 0)));
        // The child ran 250 ms more, exited, and its 4250 ms moved into the parent's reaped time.
        long used = tree.advance(List.of(process(1, 0, 10, 1010, 4250)));

        assertThat(used).isEqualTo(10 + 250);
    }

    @Test
    void aChildOrphanedOutsideTheTreeAddsNothingNegative() {
        tree.advance(List.of(process(1, 0, 10, 1000, 0), process(2, 1, 20, 4000, 0)));

        assertThat(tree.advance(List.of(process(1, 0, 10, 1100, 0)))).isEqualTo(100);
    }

    @Test
    void aChildReapedBetweenTheReadsOfItsParentAndItselfIsCountedOnce() {
        // A DataLoader worker joined while the tree was read: the parent was read before the join,
        // the worker after it, when its pid was gone. The parent's reaped time holds it next time.
        tree.advance(List.of(process(1, 0, 10, 1000, 0), process(2, 1, 20, 1250, 0)));
        long whileRead = tree.advance(List.of(process(1, 0, 10, 1010, 0)));
        long after = tree.advance(List.of(process(1, 0, 10, 1020, 1500)));

        assertThat(whileRead + after).as("the parent's 20 ms and the worker's last 250 ms").isEqualTo(20 + 250);
        assertThat(after).isEqualTo(10 + 250);
    }

    @Test
    void whatAnOrphanOwesIsForgottenAfterOneSnapshotMore() {
        // 2 left the tree unreaped (re-parented to init); 3 is reaped two snapshots later, in full.
        tree.advance(List.of(process(1, 0, 10, 0, 0), process(2, 1, 20, 4000, 0), process(3, 1, 30, 0, 0)));
        tree.advance(List.of(process(1, 0, 10, 0, 0), process(3, 1, 30, 100, 0)));
        tree.advance(List.of(process(1, 0, 10, 0, 0), process(3, 1, 30, 200, 0)));

        assertThat(tree.advance(List.of(process(1, 0, 10, 0, 300)))).isEqualTo(100);
    }

    @Test
    void aProcessBornBetweenSnapshotsCountsWhollyIncludingWhatItReaped() {
        tree.advance(List.of(process(1, 0, 10, 1000, 0)));

        assertThat(tree.advance(List.of(process(1, 0, 10, 1000, 0), process(3, 1, 50, 120, 30)))).isEqualTo(150);
    }

    @Test
    void aReusedPidIsANewProcess() {
        tree.advance(List.of(process(1, 0, 10, 1000, 0), process(2, 1, 20, 9000, 0)));

        assertThat(tree.advance(List.of(process(1, 0, 10, 1000, 9000), process(2, 1, 70, 40, 0)))).isEqualTo(40);
    }

    @Test
    void withoutTheTreeOnlyTheRootsOwnTimeCounts() {
        TreeCpuAccounting rootOnly = new TreeCpuAccounting(false);
        rootOnly.advance(List.of(process(1, 0, 10, 1000, 0)));

        assertThat(rootOnly.advance(List.of(process(1, 0, 10, 1300, 5000)))).isEqualTo(300);
    }

    @Test
    void aGrandchildReapedByAChildThatIsReapedInTurnIsCountedOnce() {
        // sh -> timeout -> busy loop: the loop is killed, timeout reaps it and exits, sh reaps timeout.
        tree.advance(List.of(process(1, 0, 10, 100, 0), process(2, 1, 20, 10, 0), process(3, 2, 30, 1000, 0)));

        // timeout ran 2 ms more, the loop 300 ms more; sh's reaped time holds both lifetimes.
        long used = tree.advance(List.of(process(1, 0, 10, 100, 12 + 1300)));

        assertThat(used).isEqualTo(2 + 300);
    }

    @Test
    void aVanishedProcessCountsIntoItsNearestSurvivingAncestor() {
        tree.advance(List.of(process(1, 0, 10, 0, 0), process(2, 1, 20, 0, 0), process(3, 2, 30, 0, 0),
                process(4, 3, 40, 500, 0), process(5, 2, 50, 700, 0)));

        // 4 and 3 are gone, 3 reaped into 2; 5 is gone and reaped into 2 as well.
        long used = tree.advance(List.of(process(1, 0, 10, 0, 0), process(2, 1, 20, 0, 550 + 760)));

        assertThat(used).isEqualTo(50 + 60);
    }

    @Test
    void aVanishedParentWhosePidWasReusedPassesItsChildsTimeFurtherUp() {
        tree.advance(List.of(process(1, 0, 10, 0, 0), process(2, 1, 20, 100, 0), process(3, 2, 30, 1000, 0)));

        // 2 and 3 exited into 1; a new process of 1 got pid 2 again.
        long used = tree.advance(List.of(process(1, 0, 10, 0, 120 + 1200), process(2, 1, 90, 40, 0)));

        assertThat(used).isEqualTo(20 + 200 + 40);
    }
}
