package io.sysgauge.exporter.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.sysgauge.exporter.otlp.OtlpReceiver.Point;
import io.sysgauge.spi.ExportedRecord;
import io.sysgauge.spi.MetricExporter;
import io.sysgauge.testkit.ExporterContractTest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/** The exporter contract, read back through a loopback OTLP receiver that decodes what arrived. */
class OtlpContractTest extends ExporterContractTest {

    // A receiver per test: JUnit makes a new instance for each.
    private final OtlpReceiver receiver = receiver();

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    @Override
    protected MetricExporter newExporter() {
        return new OtlpExporter(Map.of(), Path.of("no-such-machine-id"));
    }

    @Override
    protected Map<String, Object> config(Path dir) {
        return Map.of("endpoint", receiver.baseUrl());
    }

    @Override
    protected void assertExported(Path dir, List<ExportedRecord> records) {
        long start = Instant.parse("2026-12-05T10:00:00Z").toEpochMilli() * 1_000_000L;
        List<Point> points = receiver.accepted();

        List<Point> cpu = points.stream().filter(point -> point.name().equals("sysgauge.cpu")).toList();
        assertThat(cpu).extracting(Point::value).containsExactly(12.5, 50.0, 0.0);
        assertThat(cpu).extracting(Point::timeNanos).containsExactly(1_796_000_000_000_000_000L,
                1_796_000_001_000_000_000L, 1_796_000_002_000_000_000L);
        assertThat(cpu).allSatisfy(point -> {
            assertThat(point.kind()).isEqualTo(Metric.DataCase.GAUGE);
            assertThat(point.unit()).isEqualTo("%");
            assertThat(point.description()).isEqualTo("CPU of the process tree");
            assertThat(point.attributes()).isEmpty();
        });

        List<Point> sent = points.stream().filter(point -> point.name().equals("sysgauge.network.sent")).toList();
        assertThat(sent).extracting(Point::value).containsExactly(1_000.0, 4_096.0, 8_192.0);
        assertThat(sent).allSatisfy(point -> {
            assertThat(point.kind()).isEqualTo(Metric.DataCase.SUM);
            assertThat(point.monotonic()).isTrue();
            assertThat(point.temporality()).isEqualTo(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE_VALUE);
            assertThat(point.startNanos()).isEqualTo(start);
            assertThat(point.unit()).isEqualTo("By");
        });

        List<Point> power = points.stream().filter(point -> point.name().equals("sysgauge.gpu.power_watts")).toList();
        assertThat(power).singleElement().satisfies(point -> {
            assertThat(point.value()).isEqualTo(212.25);
            assertThat(point.unit()).isEqualTo("W");
            assertThat(point.attributes()).containsExactly(Map.entry("gpu", "0"));
            assertThat(point.timeNanos()).isEqualTo(1_796_000_001_000_000_000L);
        });

        assertThat(points).allSatisfy(point -> assertThat(point.resource()).containsEntry("service.name", "sysgauge")
                .containsEntry("host.name", "node-7").containsEntry(RunResource.RUN_ID, "2026-12-05T10:00:00Z")
                .doesNotContainKey("host.id"));
        // gzip by default, to the generic endpoint's metrics path
        assertThat(receiver.requests()).allSatisfy(request -> {
            assertThat(request.path()).isEqualTo("/v1/metrics");
            assertThat(request.headers()).containsEntry("content-encoding", "gzip")
                    .containsEntry("content-type", "application/x-protobuf");
        });
    }

    private static OtlpReceiver receiver() {
        try {
            return new OtlpReceiver();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
