package io.sysgauge.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysgauge.core.sampling.Record;
import io.sysgauge.spi.ExportedValue;
import io.sysgauge.spi.MetricDescriptor;
import io.sysgauge.spi.Unit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventFileSinkTest {

    private static final MetricDescriptor CPU = MetricDescriptor.of("cpu", Unit.PERCENT, "cpu");
    private static final MetricDescriptor SENT = MetricDescriptor.of("network.sent", Unit.BYTES, "sent");
    private static final MetricDescriptor TEMP = MetricDescriptor.of("gpu.{gpu}.temp", Unit.CELSIUS, "temp");

    @TempDir
    Path tmp;

    @Test
    void writesOneWholeLinePerRecordInWandbsShape() throws Exception {
        Path file = tmp.resolve("events.jsonl");
        try (EventFileSink sink = new EventFileSink(file)) {
            sink.accept(new Record(1795830608.4417, 0.2674, List.of(
                    new ExportedValue(CPU, List.of(), "cpu", 3.25),
                    new ExportedValue(SENT, List.of(), "network.sent", 123456.0),
                    new ExportedValue(TEMP, List.of("0"), "gpu.0.temp", 61.0))));
            // each record reaches the file at once, before close
            assertThat(Files.readString(file)).endsWith("\n");
            sink.accept(new Record(1795830623.4, 15.0, List.of(new ExportedValue(CPU, List.of(), "cpu", 0.5))));
            assertThat(sink.records()).isEqualTo(2);
        }

        assertThat(Files.readAllLines(file)).containsExactly(
                "{\"_timestamp\":1795830608.442,\"_runtime\":0.267,\"system.cpu\":3.25,\"system.network.sent\":123456,\"system.gpu.0.temp\":61}",
                "{\"_timestamp\":1795830623.400,\"_runtime\":15.000,\"system.cpu\":0.5}");
    }

    @Test
    void aFixedFactIsRecordedTheFirstTimeAndWhenItChangesOnly() throws Exception {
        MetricDescriptor width = MetricDescriptor.of("ipu.{ipu}.{metric}", Unit.NONE, "attribute").recordedOnChange();
        Path file = tmp.resolve("events.jsonl");
        try (EventFileSink sink = new EventFileSink(file)) {
            for (double linkWidth : new double[] {8, 8, 4, 4, 8}) {
                sink.accept(new Record(1795830608, 1, List.of(new ExportedValue(CPU, List.of(), "cpu", 1.5),
                        new ExportedValue(width, List.of("0", "link width"), "ipu.0.link width", linkWidth))));
            }
        }

        assertThat(Files.readAllLines(file)).extracting(line -> line.replaceFirst(".*\"system.cpu\":1.5", ""))
                .containsExactly(",\"system.ipu.0.link width\":8}", "}", ",\"system.ipu.0.link width\":4}", "}",
                        ",\"system.ipu.0.link width\":8}");
    }

    @Test
    void appendsToAnExistingFile() throws Exception {
        Path file = tmp.resolve("events.jsonl");
        Files.writeString(file, "{\"_timestamp\":1}\n");
        try (EventFileSink sink = new EventFileSink(file)) {
            sink.accept(new Record(2, 1, List.of()));
        }

        assertThat(Files.readAllLines(file)).hasSize(2);
    }

    @Test
    void runFoldersAreNewEachTimeAndMetadataIsReplacedWhole() throws Exception {
        Instant now = Instant.parse("2026-11-28T01:02:03Z");
        RunDirectory first = RunDirectory.create(tmp.resolve("runs"), now);
        RunDirectory second = RunDirectory.create(tmp.resolve("runs"), now);

        first.writeMetadata(Map.of("records", 1));
        first.writeMetadata(Map.of("records", 2));

        assertThat(first.path()).isNotEqualTo(second.path());
        assertThat(first.path().getFileName().toString()).startsWith("run-20261128_010203-");
        assertThat(Files.readString(first.path().resolve("metadata.json"))).contains("\"records\" : 2");
        try (var files = Files.list(first.path())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("metadata.json");
        }
    }
}
