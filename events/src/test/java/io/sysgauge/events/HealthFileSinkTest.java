package io.sysgauge.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysgauge.spi.HealthEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthFileSinkTest {

    @TempDir
    Path dir;

    @Test
    void noEventNoFile() {
        Path file = dir.resolve(RunDirectory.HEALTH);
        try (HealthFileSink sink = new HealthFileSink(file, message -> {})) {
            assertThat(sink.events()).isEmpty();
        }
        assertThat(file).doesNotExist();
    }

    @Test
    void eachEventIsALineWithTheContractsFieldsInOrderAndAbsentOnesLeftOut() throws Exception {
        Path file = dir.resolve(RunDirectory.HEALTH);
        HealthEvent xid = HealthEvent.xid(1733447553.12, "gpu.3", 79, "XID 79: GPU has fallen off the bus");
        HealthEvent episode = HealthEvent.episode(1733447549.0, 1733447801.0, "gpu.3", HealthEvent.THROTTLE,
                "hwThermalSlowdown", "thermal slowdown (hardware) for 4 min 12 s");
        try (HealthFileSink sink = new HealthFileSink(file, message -> {})) {
            sink.record(xid);
            // Written when known, not at close: a run killed now keeps it.
            assertThat(Files.readAllLines(file)).containsExactly(
                    "{\"timestamp\":1733447553.12,\"device\":\"gpu.3\",\"kind\":\"xid\",\"code\":79,"
                            + "\"message\":\"XID 79: GPU has fallen off the bus\"}");
            sink.record(episode);
            sink.record(HealthEvent.ecc(1733447900.5, "gpu.0", "doubleBit", "double-bit ECC error"));
        }

        assertThat(Files.readAllLines(file)).containsExactly(
                "{\"timestamp\":1733447553.12,\"device\":\"gpu.3\",\"kind\":\"xid\",\"code\":79,"
                        + "\"message\":\"XID 79: GPU has fallen off the bus\"}",
                "{\"timestamp\":1733447801,\"device\":\"gpu.3\",\"kind\":\"throttle\",\"reason\":\"hwThermalSlowdown\","
                        + "\"start\":1733447549,\"durationSeconds\":252,"
                        + "\"message\":\"thermal slowdown (hardware) for 4 min 12 s\"}",
                "{\"timestamp\":1733447900.5,\"device\":\"gpu.0\",\"kind\":\"ecc\",\"reason\":\"doubleBit\","
                        + "\"message\":\"double-bit ECC error\"}");
        assertThat(HealthFileSink.read(file)).containsExactly(xid, episode,
                HealthEvent.ecc(1733447900.5, "gpu.0", "doubleBit", "double-bit ECC error"));
    }

    @Test
    void aFileThatCannotBeWrittenIsToldOnceAndTheEventsAreKept() {
        Path file = dir.resolve("missing-folder").resolve(RunDirectory.HEALTH);
        List<String> notices = new ArrayList<>();
        try (HealthFileSink sink = new HealthFileSink(file, notices::add)) {
            sink.record(HealthEvent.lost(1.0, "gpu.1", "GPU is lost"));
            sink.record(HealthEvent.lost(2.0, "gpu.2", "GPU is lost"));

            assertThat(sink.events()).hasSize(2);
        }
        assertThat(notices).singleElement().asString().startsWith("cannot write " + file);
    }

    @Test
    void aLineCutShortIsSkippedWhenReadBack() throws Exception {
        Path file = dir.resolve(RunDirectory.HEALTH);
        String whole = HealthFileSink.line(HealthEvent.lost(5.0, "gpu.1", "GPU is lost"));
        Files.writeString(file, whole + whole.substring(0, 20));

        assertThat(HealthFileSink.read(file)).containsExactly(HealthEvent.lost(5.0, "gpu.1", "GPU is lost"));
    }
}
