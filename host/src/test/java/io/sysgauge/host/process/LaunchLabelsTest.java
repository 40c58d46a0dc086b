package io.sysgauge.host.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysgauge.host.FixtureTree;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LaunchLabelsTest {

    @TempDir
    Path tmp;

    @Test
    void aTorchrunWorkerUnderSlurmIsLabelledFromItsEnvironmentFile() {
        // /proc/<pid>/environ as a torchrun worker in a Slurm allocation has it: NUL-separated, no trailing newline.
        new FixtureTree(tmp).file("4242/environ", String.join("\0", "PATH=/usr/bin", "RANK=3", "LOCAL_RANK=3",
                "WORLD_SIZE=8", "GROUP_RANK=0", "SLURM_PROCID=0", "SLURM_NODEID=1", "SLURM_JOB_ID=991", "HOME=/root") + "\0");

        assertThat(LaunchLabels.ofProcess(tmp, 4242)).containsExactly(Map.entry("rank", "3"), Map.entry("local_rank", "3"),
                Map.entry("world_size", "8"), Map.entry("node", "1"), Map.entry("slurm_job_id", "991"));
    }

    @Test
    void theUsersLabelsComeAfterTheLaunchersAndWin() {
        new FixtureTree(tmp).file("4242/environ", String.join("\0", "RANK=3", "WORLD_SIZE=8", "SLURM_JOB_ID=991",
                "PATH=/bin") + "\0");
        Map<String, String> user = new LinkedHashMap<>();
        user.put("job", "demo");
        user.put("rank", "0");

        assertThat(LaunchLabels.forRun(tmp, OptionalLong.of(4242), user)).containsExactly(Map.entry("rank", "0"),
                Map.entry("world_size", "8"), Map.entry("slurm_job_id", "991"), Map.entry("job", "demo"));
        assertThat(LaunchLabels.forRun(tmp, OptionalLong.of(7), user)).containsExactly(Map.entry("job", "demo"),
                Map.entry("rank", "0"));
    }

    @Test
    void slurmAndOpenMpiRanksWithoutTorchrun() {
        assertThat(LaunchLabels.ofEnvironment(Map.of("SLURM_PROCID", "5", "SLURM_LOCALID", "1", "SLURM_NTASKS", "16",
                "SLURM_NODEID", "2", "SLURM_JOB_ID", "77"))).containsExactly(Map.entry("rank", "5"),
                Map.entry("local_rank", "1"), Map.entry("world_size", "16"), Map.entry("node", "2"), Map.entry("slurm_job_id", "77"));
        assertThat(LaunchLabels.ofEnvironment(Map.of("OMPI_COMM_WORLD_RANK", "7", "OMPI_COMM_WORLD_SIZE", "64")))
                .containsExactly(Map.entry("rank", "7"), Map.entry("world_size", "64"));
        assertThat(LaunchLabels.ofEnvironment(Map.of("PATH", "/bin", "RANK", " "))).isEmpty();
    }

    @Test
    void anUnreadableOrAbsentEnvironmentGivesNoLabels() {
        assertThat(LaunchLabels.ofProcess(tmp, 99999)).isEmpty();
        new FixtureTree(tmp).dir("12/environ"); // a folder where a file should be: unreadable as a file
        assertThat(LaunchLabels.ofProcess(tmp, 12)).isEmpty();
    }
}
