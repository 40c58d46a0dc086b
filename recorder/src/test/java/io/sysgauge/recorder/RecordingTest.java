package io.sysgauge.recorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sysgauge.core.config.Config;
import io.sysgauge.core.plugin.LoadedPlugins;
import io.sysgauge.core.sampling.Record;
import io.sysgauge.core.sampling.RecordSink;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whole recording through {@link Recording}, as a program that embeds sysgauge would drive it: no picocli. */
class RecordingTest {

    @TempDir
    Path runs;

    private final StringWriter told = new StringWriter();

    @Test
    void recordsACommandUntilItExitsAndKeepsItsExitCode() throws Exception {
        List<Record> seen = new CopyOnWriteArrayList<>();
        List<Map<String, Object>> described = new CopyOnWriteArrayList<>();
        // The command ends only once a record has reached the sink: at least one tick is recorded however slow the machine.
        Path ticked = runs.resolve("ticked");
        RecordSink sink = new RecordSink() {
            @Override
            public void accept(Record record) {
                seen.add(record);
                try {
                    Files.writeString(ticked, "x");
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
        Recording recording = Recording.prepare(plan(List.of("sh", "-c", "while [ ! -e '" + ticked + "' ]; do sleep 0.05; done; exit 7"),
                null, List.of(sink), described::add));

        Recording.Result result = recording.record();

        assertThat(result.exitCode()).isEqualTo(7);
        assertThat(result.stoppedBy()).isEqualTo("command exited");
        assertThat(result.folder()).isEqualTo(recording.folder()).startsWith(runs);
        assertThat(recording.root()).isPresent();
        assertThat(result.records()).isPositive().isEqualTo(lines(result.folder().resolve("events.jsonl")));
        assertThat(seen).hasSize((int) result.records());
        JsonNode metadata = new ObjectMapper().readTree(result.folder().resolve("metadata.json").toFile());
        assertThat(metadata.path("exitCode").asInt()).isEqualTo(7);
        assertThat(metadata.path("stoppedBy").asText()).isEqualTo("command exited");
        assertThat(metadata.path("records").asLong()).isEqualTo(result.records());
        assertThat(metadata.path("run_id").asText()).isEqualTo(result.folder().getFileName().toString());
        assertThat(metadata.path("endedAt").asText()).isNotEmpty();
        // what each recorded key is, for a report that has not heard of a plugin's keys
        assertThat(metadata.at("/metrics/memory_percent/unit").asText()).isEqualTo("%");
        assertThat(metadata.at("/metrics/memory_percent/help").asText()).isNotBlank();
        assertThat(described).isNotEmpty().allSatisfy(copy -> assertThat(copy).containsKey("run_id"));
    }

    @Test
    void aLimitEndsARecordingOfTheHostAlone() throws Exception {
        Recording recording = Recording.prepare(plan(List.of(), Duration.ofMillis(300), List.of(), null));

        Recording.Result result = recording.record();

        assertThat(result.stoppedBy()).isEqualTo("--duration");
        assertThat(result.exitCode()).isNull();
        assertThat(recording.root()).isEmpty();
        assertThat(result.folder().resolve("metadata.json")).exists();
    }

    @Test
    void aCommandThatCannotRunIsAOneLineError() throws IOException {
        assertThatThrownBy(() -> Recording.prepare(plan(List.of(runs.resolve("no-such-program").toString()), null, List.of(), null)))
                .isInstanceOf(RecordingException.class)
                .hasMessageStartingWith("cannot run '" + runs.resolve("no-such-program") + "': ")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aRunFolderThatCannotBeCreatedIsAOneLineErrorNamingTheRemedy() throws IOException {
        Path file = Files.writeString(runs.resolve("a-file"), "not a folder");
        Config config = Config.of(Map.of("sampling.interval", "100ms", "output.dir", file.toString()), Map.of());

        assertThatThrownBy(() -> Recording.prepare(new Recording.Plan(config, noPlugins(), List.of("true"), null, List.of(),
                false, null, new PrintWriter(told))))
                .isInstanceOf(RecordingException.class)
                .hasMessageContaining("cannot create a run folder in " + file)
                .hasMessageEndingWith("choose another with --out or output.dir");
    }

    @Test
    void aProcessThatIsNotRunningCannotBeAttachedTo() {
        long ended = ProcessHandle.current().pid() + 1_000_000;
        Config config = Config.of(Map.of("output.dir", runs.toString(), "process.pid", ended), Map.of());

        assertThatThrownBy(() -> Recording.prepare(new Recording.Plan(config, noPlugins(), List.of(), null, List.of(), false,
                null, new PrintWriter(told))))
                .isInstanceOf(RecordingException.class)
                .hasMessage("no running process has pid " + ended);
        assertThat(runs).isEmptyDirectory();
    }

    private Recording.Plan plan(List<String> command, Duration limit, List<RecordSink> sinks,
            java.util.function.Consumer<Map<String, Object>> listener) {
        Config config = Config.of(Map.of("sampling.interval", "100ms", "output.dir", runs.toString()), Map.of());
        return new Recording.Plan(config, noPlugins(), command, limit, new ArrayList<>(sinks), false, listener,
                new PrintWriter(told, true));
    }

    private static LoadedPlugins noPlugins() {
        return new LoadedPlugins(Path.of("plugins"), List.of(), List.of(), null);
    }

    private static long lines(Path file) throws IOException {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.count();
        }
    }
}
