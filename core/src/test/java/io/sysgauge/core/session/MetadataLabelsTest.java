package io.sysgauge.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysgauge.core.config.ConfigLoader;
import io.sysgauge.core.config.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetadataLabelsTest {

    @TempDir
    Path proc;

    @Test
    void theLauncherGivesRankAndWorldSizeAndTheUsersLabelsWin() throws IOException {
        Files.createDirectories(proc.resolve("4242"));
        Files.writeString(proc.resolve("4242/environ"), "RANK=3\0WORLD_SIZE=8\0SLURM_JOB_ID=991\0PATH=/bin\0");
        Settings settings = new ConfigLoader(null, Map.of(), null).set(List.of("labels.job=demo", "labels.rank=0"))
                .load(Map.of()).settings();

        assertThat(Metadata.labels(settings, proc, OptionalLong.of(4242))).containsExactly(Map.entry("rank", "0"),
                Map.entry("world_size", "8"), Map.entry("slurm_job_id", "991"), Map.entry("job", "demo"));
        assertThat(Metadata.labels(settings, proc, OptionalLong.of(7))).containsExactly(Map.entry("job", "demo"),
                Map.entry("rank", "0"));
    }
}
