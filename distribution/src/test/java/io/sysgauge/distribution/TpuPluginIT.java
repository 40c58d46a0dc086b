package io.sysgauge.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sysgauge.distribution.Distribution.Result;
import io.sysgauge.plugin.tpu.testing.LoopbackTpuService;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher with the tpu plugin asking a loopback gRPC server that speaks libtpu's metrics service. */
class TpuPluginIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long GIB = 1L << 30;

    @TempDir
    Path work;

    @Test
    void onceReadsEveryTpuKeyFromTheService() throws Exception {
        try (LoopbackTpuService service = LoopbackTpuService.start()
                .metric("tpu.runtime.hbm.memory.usage.bytes", 0, 6 * GIB, 1, 2 * GIB)
                .metric("tpu.runtime.hbm.memory.total.bytes", 0, 32 * GIB, 1, 32 * GIB)
                .metric("tpu.runtime.tensorcore.dutycycle.percent", 0, 88.5, 1, 12.0)) {

            Result result = Distribution.run(work, "once", "--format", "json", "--set", "tpu.detect=force",
                    "--set", "tpu.address=" + service.address());

            assertThat(result.exitCode()).as(result.err()).isZero();
            JsonNode sample = JSON.readTree(result.out());
            assertThat(sample.get("tpu.0.memoryUsageBytes").asLong()).isEqualTo(6 * GIB);
            assertThat(sample.get("tpu.0.hbmCapacityTotal").asLong()).isEqualTo(32 * GIB);
            assertThat(sample.get("tpu.0.memoryUsage").asDouble()).isEqualTo(18.75);
            assertThat(sample.get("tpu.0.dutyCycle").asDouble()).isEqualTo(88.5);
            assertThat(sample.get("tpu.1.dutyCycle").asDouble()).isEqualTo(12.0);
        }
    }

    @Test
    void withoutTheServiceARunRecordsTheHostAndSaysSoOnce() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }

        List<String> arguments = new ArrayList<>(List.of("run", "--quiet", "--interval", "200ms",
                "--set", "tpu.detect=force", "--set", "tpu.address=127.0.0.1:" + port, "--"));
        arguments.addAll(Distribution.untilJoinedFor("tpu", 3));
        Result result = Distribution.run(work, arguments.toArray(String[]::new));

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err().lines().filter(line -> line.toLowerCase().contains("tpu"))).hasSizeLessThanOrEqualTo(1);
        Path run = Distribution.onlyRun(work.resolve("sysgauge-runs"));
        List<JsonNode> records = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve("events.jsonl"))) {
            records.add(Distribution.STRICT_JSON.readTree(line));
        }
        assertThat(records).allMatch(record -> record.has("system.memory_percent"))
                .noneMatch(record -> record.has("system.tpu.0.dutyCycle"));
        assertThat(Distribution.sinceJoined(records, "tpu")).hasSizeGreaterThanOrEqualTo(3)
                .allMatch(record -> record.get("system.sysgauge.collector.tpu.up").asInt() == 1);
    }
}
