package io.sysgauge.plugin.nvidia;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PidAliasesTest {

    @Test
    void readsEveryNumberOfTheNsPidLine() {
        String status = "Name:\tpython\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t4242\nNgid:\t0\nPid:\t4242\n"
                + "PPid:\t4200\nNSpid:\t4242\t17\t1\nNSpgid:\t4242\t17\t1\n";

        assertThat(PidAliases.parseNsPid(status)).containsExactly(4242L, 17L, 1L);
        assertThat(PidAliases.parseNsPid("Name:\tinit\nPid:\t1\n")).isEmpty();
    }

    @Test
    void mapsEachNumberOfATreeProcessToItsPidAndSkipsProcessesThatExited(@TempDir Path proc) throws IOException {
        Files.createDirectories(proc.resolve("4242"));
        Files.writeString(proc.resolve("4242/status"), "Name:\tpython\nPid:\t4242\nNSpid:\t4242\t17\n");

        Map<Long, Long> byAlias = PidAliases.byAlias(proc, List.of(4242L, 5000L));

        assertThat(byAlias).containsOnly(Map.entry(4242L, 4242L), Map.entry(17L, 4242L), Map.entry(5000L, 5000L));
    }

    @Test
    void anInnerNumberThatIsAnotherVisibleProcessIsNotAnAlias(@TempDir Path proc) throws IOException {
        // 17 is 4242's number in its container, and also a different process here.
        Files.createDirectories(proc.resolve("4242"));
        Files.createDirectories(proc.resolve("17"));
        Files.writeString(proc.resolve("4242/status"), "NSpid:\t4242\t17\n");
        Files.writeString(proc.resolve("17/status"), "NSpid:\t17\n");

        assertThat(PidAliases.byAlias(proc, List.of(4242L))).containsOnly(Map.entry(4242L, 4242L));
    }

    @Test
    void aTreePidWinsOverAnotherProcesssAlias(@TempDir Path proc) throws IOException {
        // 17 is both a tree process of sysgauge's namespace and the inner number of 4242.
        Files.createDirectories(proc.resolve("4242"));
        Files.writeString(proc.resolve("4242/status"), "NSpid:\t4242\t17\n");

        assertThat(PidAliases.byAlias(proc, List.of(4242L, 17L))).containsEntry(17L, 17L);
    }
}
