package io.sysgauge.exporter.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sysgauge.exporter.otlp.OtlpReceiver.Mode;
import io.sysgauge.exporter.otlp.OtlpReceiver.Point;
import io.sysgauge.spi.ConfigException;
import io.sysgauge.spi.ExportContext;
import io.sysgauge.spi.ExportedRecord;
import io.sysgauge.spi.ExportedValue;
import io.sysgauge.spi.MapConfigSection;
import io.sysgauge.spi.MetricDescriptor;
import io.sysgauge.spi.Unit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settings from the environment, resource attributes, and a receiver that fails, recovers or hangs. */
class OtlpExporterTest {

    private static final MetricDescriptor CPU = MetricDescriptor.of("cpu", Unit.PERCENT, "CPU of the process tree");
    private static final double T0 = 1_796_000_000.0;

    private final OtlpReceiver receiver = newReceiver();

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void theEnvironmentNamesEndpointHeadersAndCompressionWhenTheSectionDoesNot() throws Exception {
        Map<String, String> environment = Map.of(
                "OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:1", // the metrics-specific one wins
                "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", receiver.baseUrl() + "/custom/metrics",
                "OTEL_EXPORTER_OTLP_HEADERS", "authorization=Bearer%20s3cret,x-tenant=team-a",
                "OTEL_EXPORTER_OTLP_COMPRESSION", "none");
        OtlpExporter exporter = new OtlpExporter(environment, Path.of("no-such-file"));
        ExportContext context = context(Map.of(), Map.of("startedAt", "2026-12-05T10:00:00Z"));
        assertThat(exporter.active(context)).isTrue();
        run(exporter, context, 1);

        assertThat(receiver.requests()).singleElement().satisfies(request -> {
            assertThat(request.path()).isEqualTo("/custom/metrics"); // a full endpoint is used as given
            assertThat(request.headers()).containsEntry("authorization", "Bearer s3cret").containsEntry("x-tenant", "team-a")
                    .doesNotContainKey("content-encoding");
        });
    }

    @Test
    void theSectionWinsOverTheEnvironmentAndWithoutEitherTheExporterStaysOut() {
        OtlpExporter exporter = new OtlpExporter(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:1"), Path.of("x"));
        OtlpSettings settings = OtlpSettings.of(MapConfigSection.of("otlp", Map.of("endpoint", receiver.baseUrl() + "/",
                "timeout", "3s", "interval", "5s")), Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:1",
                "OTEL_EXPORTER_OTLP_TIMEOUT", "1000"), Duration.ofSeconds(1));
        assertThat(settings.endpoint()).isEqualTo(receiver.baseUrl() + "/v1/metrics");
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(settings.interval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.buffer()).isEqualTo(120); // ten minutes of pushes every 5 s
        assertThat(settings.compression()).isEqualTo("gzip");
        assertThat(OtlpSettings.of(MapConfigSection.of("otlp", Map.of("endpoint", "https://user:s3cret@otlp.example:443/")),
                Map.of(), Duration.ofSeconds(1)).shownEndpoint()).isEqualTo("https://otlp.example:443/v1/metrics");
        assertThat(OtlpSettings.of(MapConfigSection.of("otlp", Map.of()), Map.of("OTEL_EXPORTER_OTLP_ENDPOINT",
                "http://127.0.0.1:1", "OTEL_EXPORTER_OTLP_METRICS_TIMEOUT", "250"), Duration.ofSeconds(1)).timeout())
                .isEqualTo(Duration.ofMillis(250));

        assertThat(new OtlpExporter(Map.of(), Path.of("x")).active(context(Map.of(), Map.of()))).isFalse();
        assertThat(exporter.active(context(Map.of(), Map.of()))).isTrue();
        assertThatThrownBy(() -> OtlpSettings.of(MapConfigSection.of("otlp", Map.of("endpoint", "127.0.0.1:4318")), Map.of(),
                Duration.ofSeconds(1))).isInstanceOf(ConfigException.class)
                .hasMessage("otlp.endpoint: expected an http:// or https:// URL such as http://127.0.0.1:4318,"
                        + " got '127.0.0.1:4318'");
        assertThatThrownBy(() -> OtlpSettings.of(MapConfigSection.of("otlp", Map.of("endpoint", "http://h:1",
                "compression", "zstd")), Map.of(), Duration.ofSeconds(1))).isInstanceOf(ConfigException.class)
                .hasMessage("otlp.compression: expected gzip or none, got 'zstd'");
    }

    @Test
    void resourceAttributesSayWhichHostRunAndLabelsTheValuesBelongTo(@TempDir Path dir) throws Exception {
        Path machineId = Files.writeString(dir.resolve("machine-id"), "4f1c0c6a0d5e4c2b9d7e3a1b2c3d4e5f\n");
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("sysgauge", Map.of("version", "0.1.0", "spi", "1.2.0"));
        metadata.put("startedAt", "2026-12-05T10:00:00Z");
        metadata.put("host", "node-7");
        metadata.put("program", "python3");
        metadata.put("args", List.of("train.py", "--epochs", "3"));
        metadata.put("pid", 4242L);
        metadata.put("labels", Map.of("job", "llama-70b", "rank", "3", "service.name", "not-this"));
        OtlpExporter exporter = new OtlpExporter(Map.of(), machineId);
        run(exporter, context(Map.of("endpoint", receiver.baseUrl(), "headers", Map.of("authorization", "s3cret")), metadata), 1);

        assertThat(receiver.accepted("sysgauge.cpu")).singleElement().satisfies(point -> assertThat(point.resource())
                .containsEntry("service.name", "sysgauge")
                .containsEntry("service.version", "0.1.0")
                .containsEntry("host.name", "node-7")
                .containsEntry("host.id", "4f1c0c6a0d5e4c2b9d7e3a1b2c3d4e5f")
                .containsEntry(RunResource.RUN_ID, "2026-12-05T10:00:00Z")
                .containsEntry("process.command", "python3")
                .containsEntry("process.command_args", "[train.py, --epochs, 3]")
                .containsEntry("process.pid", "4242")
                .containsEntry("job", "llama-70b")
                .containsEntry("rank", "3"));
        assertThat(receiver.requests().get(0).headers()).containsEntry("authorization", "s3cret");
    }

    /**
     * The receiver answers 503: each failed batch goes back into the buffer and is tried again after
     * a back-off that doubles (1, 2, 4 s of record time); with room for 5 records the oldest go and
     * are counted; while the last push failed, export says so (core shows the exporter down), the
     * record kept; once the receiver answers again, what the buffer held arrives.
     */
    @Test
    void aReceiverThatFailsGetsTheBufferedRecordsWhenItRecoversAndTheOverflowIsCounted() throws Exception {
        receiver.mode(Mode.UNAVAILABLE);
        OtlpExporter exporter = new OtlpExporter(Map.of(), Path.of("x"));
        exporter.start(context(Map.of("endpoint", receiver.baseUrl(), "buffer", 5), Map.of("startedAt", "2026-12-05T10:00:00Z")));
        List<Boolean> refused = new java.util.ArrayList<>();
        try {
            for (int second = 0; second <= 6; second++) {
                refused.add(exportAndAwaitAnswer(exporter, second));
            }
            // Tries at 0 (fail, next at 1), 1 (fail, next at 3), 3 (fail, next at 7); 4..6 only buffer: 0 and 1 dropped.
            assertThat(receiver.requests()).hasSize(3).allSatisfy(request -> assertThat(request.status()).isEqualTo(503));
            assertThat(exporter.droppedInside()).isEqualTo(2);

            receiver.mode(Mode.ACCEPT);
            refused.add(exportAndAwaitAnswer(exporter, 7)); // drops 2: the buffer holds 3..7, sent now
            refused.add(exportAndAwaitAnswer(exporter, 8));
            exporter.end(8, 0);
        } finally {
            exporter.close();
        }
        // Refused from the first record after the first failure until the first record after the first success.
        assertThat(refused).containsExactly(false, true, true, true, true, true, true, true, false);
        assertThat(exporter.droppedInside()).isEqualTo(3);
        assertThat(receiver.accepted("sysgauge.cpu")).extracting(Point::value).containsExactly(3.0, 4.0, 5.0, 6.0, 7.0, 8.0);
    }

    /**
     * The receiver takes a request and never answers: records keep being taken, none waits for the
     * network (the exporting thread gets through all of them while the request is held); when the
     * receiver lets go, everything buffered arrives.
     */
    @Test
    void aHangingReceiverNeverHoldsUpTheRecordsThatFollow() throws Exception {
        receiver.mode(Mode.HANG);
        OtlpExporter exporter = new OtlpExporter(Map.of(), Path.of("x"));
        exporter.start(context(Map.of("endpoint", receiver.baseUrl(), "timeout", "10m"), Map.of("startedAt", "2026-12-05T10:00:00Z")));
        CountDownLatch allTaken = new CountDownLatch(1);
        try {
            exporter.export(record(0));
            assertThat(receiver.awaitFirstHeld()).isTrue();
            Thread exporting = new Thread(() -> {
                try {
                    for (int second = 1; second < 10; second++) {
                        exporter.export(record(second)); // no push has failed: none throws
                    }
                    allTaken.countDown();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            exporting.start();
            assertThat(allTaken.await(60, TimeUnit.SECONDS)).as("records taken while the receiver holds a request").isTrue();
            assertThat(receiver.requests()).isEmpty(); // the first request is still held: nothing answered yet
            assertThat(exporter.pushing()).isTrue();

            receiver.mode(Mode.ACCEPT);
            receiver.release();
            exporter.end(9, 0);
        } finally {
            exporter.close();
        }
        assertThat(receiver.accepted("sysgauge.cpu")).extracting(Point::value)
                .containsExactly(0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0);
        assertThat(exporter.droppedInside()).isZero();
    }

    /** A receiver that never answers costs the run at most its timeout per request at the end: the rest is counted. */
    @Test
    void atTheEndARequestThatTimesOutCountsWhatItHeldAsDropped() throws Exception {
        receiver.mode(Mode.HANG);
        OtlpExporter exporter = new OtlpExporter(Map.of(), Path.of("x"));
        exporter.start(context(Map.of("endpoint", receiver.baseUrl(), "timeout", "200ms"), Map.of("startedAt", "2026-12-05T10:00:00Z")));
        try {
            exporter.export(record(0));
            try {
                exporter.export(record(1)); // kept, whether or not the first request has timed out by now
            } catch (java.io.IOException e) {
                assertThat(e).hasMessageContaining("does not take records (HttpTimeoutException");
            }
            exporter.end(1, 0);
        } finally {
            exporter.close();
        }
        assertThat(exporter.droppedInside()).isEqualTo(2);
        assertThat(receiver.accepted()).isEmpty();
    }

    @Test
    void backOffDoublesUpToItsCap() {
        Duration second = Duration.ofSeconds(1);
        assertThat(List.of(1, 2, 3, 4, 5, 6, 7)).extracting(failures -> OtlpExporter.backoff(second, failures))
                .containsExactly(second, Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8),
                        Duration.ofSeconds(16), Duration.ofSeconds(30), Duration.ofSeconds(30));
        assertThat(OtlpExporter.backoff(Duration.ofMinutes(1), 3)).isEqualTo(Duration.ofMinutes(1));
    }

    /** @return whether export said the receiver does not take records (the record is kept either way) */
    private static boolean exportAndAwaitAnswer(OtlpExporter exporter, int second) throws InterruptedException {
        boolean refused = false;
        try {
            exporter.export(record(second));
        } catch (java.io.IOException e) {
            assertThat(e).hasMessageStartingWith("http://127.0.0.1:")
                    .hasMessageContaining("/v1/metrics does not take records (it answered HTTP 503); they are kept, up to 5");
            refused = true;
        }
        for (int polls = 0; exporter.pushing() && polls < 6_000; polls++) {
            Thread.sleep(10); // until the receiver's answer is handled, at most a minute
        }
        assertThat(exporter.pushing()).as("the request of second " + second + " was answered").isFalse();
        return refused;
    }

    private static void run(OtlpExporter exporter, ExportContext context, int records) throws Exception {
        try {
            exporter.start(context);
            for (int second = 0; second < records; second++) {
                exporter.export(record(second));
            }
            exporter.end(records, 0);
        } finally {
            exporter.close();
        }
    }

    private static ExportedRecord record(int second) {
        return new ExportedRecord(T0 + second, second, List.of(new ExportedValue(CPU, List.of(), "cpu", second, Map.of())));
    }

    private static ExportContext context(Map<String, Object> section, Map<String, Object> metadata) {
        return ExportContext.of(MapConfigSection.of("otlp", section), metadata, Duration.ofSeconds(1));
    }

    private static OtlpReceiver newReceiver() {
        try {
            return new OtlpReceiver();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
