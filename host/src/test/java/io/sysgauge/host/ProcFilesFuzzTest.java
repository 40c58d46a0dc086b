package io.sysgauge.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysgauge.host.process.LinuxProcessSource;
import io.sysgauge.testkit.Fuzz;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The /proc and cgroup files sysgauge reads, as another kernel, a container's fake mount or a
 * truncated copy may show them: this machine's own files, mutated. Host readers may only throw the
 * IOException they document; the process and cgroup readers answer without throwing.
 */
@EnabledOnOs(OS.LINUX)
class ProcFilesFuzzTest {

    private static final int CASES = 100_000;

    @TempDir
    Path tmp;

    @Test
    void statMeminfoNetDevAndDiskstatsReadOrFailWithIoException() throws IOException {
        Path proc = Files.createDirectories(tmp.resolve("proc/net"));
        LinuxHostSource source = new LinuxHostSource(tmp.resolve("proc"), tmp.resolve("sys"));
        fuzzFile(proc.getParent().resolve("stat"), "stat", 0x57a7, source::cpuTimes);
        fuzzFile(proc.getParent().resolve("meminfo"), "meminfo", 0x3e3, source::memory);
        fuzzFile(proc.resolve("dev"), "net/dev", 0xde7, source::networkInterfaces);
        fuzzFile(proc.getParent().resolve("diskstats"), "diskstats", 0xd15c, source::blockDevices);
    }

    @Test
    void aProcessesStatAndStatusAreReadWithoutExceptions() throws IOException {
        Path proc = Files.createDirectories(tmp.resolve("proc"));
        Path self = Files.createDirectories(proc.resolve("4242"));
        Files.createDirectories(proc.resolve("4242/task/4242"));
        Files.write(proc.resolve("4242/task/4242/children"), new byte[0]);
        Path selfDir = Files.createDirectories(proc.resolve("self"));
        Files.write(selfDir.resolve("auxv"), Files.readAllBytes(Path.of("/proc/self/auxv")));
        LinuxProcessSource source = new LinuxProcessSource(proc);
        byte[] stat = Files.readAllBytes(Path.of("/proc/self/stat"));
        byte[] status = Files.readAllBytes(Path.of("/proc/self/status"));
        Files.write(self.resolve("status"), status);
        Fuzz.Outcome stats = Fuzz.cases(CASES / 2, 0x4242, List.of(stat)).check(mutated -> {
            Files.write(self.resolve("stat"), mutated);
            source.tree(4242, false);
            source.tree(4242, true);
        });
        Files.write(self.resolve("stat"), stat);
        Fuzz.Outcome statuses = Fuzz.cases(CASES / 2, 0x4243, List.of(status)).check(mutated -> {
            Files.write(self.resolve("status"), mutated);
            source.tree(4242, false);
        });
        assertThat(stats.answered()).isEqualTo(CASES / 2);
        assertThat(statuses.answered()).isEqualTo(CASES / 2);
    }

    @Test
    void cgroupMembershipMountsAndLimitsAreReadWithoutExceptions() throws IOException {
        Path proc = Files.createDirectories(tmp.resolve("proc/self"));
        Path cgroup = Files.createDirectories(tmp.resolve("sys/fs/cgroup/job"));
        Files.writeString(proc.resolve("cgroup"), "0::/job\n");
        Files.writeString(proc.resolve("mountinfo"),
                "30 23 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw\n");
        Files.writeString(cgroup.resolve("memory.max"), "1073741824\n");
        Files.writeString(cgroup.resolve("cpu.max"), "150000 100000\n");
        List<byte[]> fixtures = List.of(Files.readAllBytes(Path.of("/proc/self/cgroup")),
                Files.readAllBytes(Path.of("/proc/self/mountinfo")), Files.readAllBytes(proc.resolve("cgroup")),
                Files.readAllBytes(proc.resolve("mountinfo")), "max\n".getBytes(), "max 100000\n".getBytes(),
                Files.readAllBytes(cgroup.resolve("memory.max")), Files.readAllBytes(cgroup.resolve("cpu.max")));
        // Each case mutates one of the four files, the others as a real cgroup v2 host has them.
        List<Path> files = List.of(proc.resolve("cgroup"), proc.resolve("mountinfo"), cgroup.resolve("memory.max"),
                cgroup.resolve("cpu.max"));
        List<byte[]> originals = List.of(fixtures.get(2), fixtures.get(3), fixtures.get(6), fixtures.get(7));
        int[] turn = {0};
        Fuzz.Outcome outcome = Fuzz.cases(CASES, 0xc9, fixtures).check(mutated -> {
            int which = turn[0]++ % files.size();
            Files.write(files.get(which), mutated);
            CgroupLimits limits = CgroupLimits.read(tmp.resolve("proc"), tmp.resolve("sys"));
            limits.describe();
            Files.write(files.get(which), originals.get(which));
        });
        assertThat(outcome.answered()).isEqualTo(CASES);
    }

    private void fuzzFile(Path file, String real, long seed, Reader reader) throws IOException {
        List<byte[]> fixtures = List.of(Files.readAllBytes(Path.of("/proc").resolve(real)));
        Fuzz.Outcome outcome = Fuzz.cases(CASES, seed, fixtures).check(mutated -> {
            Files.write(file, mutated);
            reader.read();
        }, IOException.class);
        assertThat(outcome.answered()).as("cases of %s read", real).isPositive();
    }

    @FunctionalInterface
    private interface Reader {
        void read() throws IOException;
    }
}
