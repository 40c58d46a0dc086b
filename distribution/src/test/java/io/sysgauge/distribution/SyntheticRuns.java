package io.sysgauge.distribution;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Run folders with a known truth, written as {@code sysgauge run} writes them: metadata.json,
 * events.jsonl at 1 s and, when asked, health.jsonl in the format the GPU plugins write.
 *
 * <p>Every run has {@value #RECORDS} records and two GPUs. GPU 0 is busy ({@code busy} %) except in
 * two stretches: records 200-399 it is at 1 % while the job's CPU is at 98 % (input-bound), and
 * records 800-999 it is at 0 % with the CPU at 3 % (the job waits): idle 40 % of the run. GPU 1 is
 * never used.
 */
final class SyntheticRuns {

    static final int RECORDS = 1000;
    static final double EPOCH = 1_733_400_000.0;
    static final int INPUT_BOUND_FROM = 200;
    static final int INPUT_BOUND_TO = 399;
    static final double THROTTLE_START = 450;
    static final double THROTTLE_END = 500;
    static final double XID_AT = 700.5;

    private SyntheticRuns() {}

    /**
     * @param folder the run folder to create
     * @param host its host
     * @param labels the labels object's JSON, {@code {}} for none
     * @param startOffset seconds after {@link #EPOCH} it started
     * @param busy GPU 0's utilization when busy (%)
     * @param health whether to write health.jsonl (a throttle episode and an XID 79)
     * @return folder
     */
    static Path write(Path folder, String host, String labels, double startOffset, double busy, boolean health)
            throws IOException {
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("metadata.json"), """
                {"sysgauge":{"version":"0.1.0"},"startedAt":"2024-12-05T12:00:00Z","host":"%s","os":"Linux","arch":"amd64",
                 "cpu_count":8,"cpu_count_logical":16,"cpu_available":16,"memory":{"total":68719476736},
                 "program":"python","args":["train.py","--epochs","3"],"labels":%s,"interval":1.0,
                 "collectors":[{"id":"cpu","state":"present"},{"id":"memory","state":"present"}],
                 "plugins":[{"id":"nvidia","version":"0.1.0","collectors":[{"id":"nvidia","state":"present",
                   "metadata":{"driver_version":"550.54.15"}}]},
                  {"id":"amd","version":"0.1.0","collectors":[{"id":"amd","state":"absent","reason":"no amdgpu device"}]}],
                 "skipped_plugins":[],
                 "gpus":{"0":{"vendor":"nvidia","name":"NVIDIA H100 80GB HBM3","index":0},
                         "1":{"vendor":"nvidia","name":"NVIDIA H100 80GB HBM3","index":1}},
                 "stoppedBy":"command","exitCode":0}
                """.formatted(host, labels), StandardCharsets.UTF_8);
        double start = EPOCH + startOffset;
        try (BufferedWriter out = Files.newBufferedWriter(folder.resolve("events.jsonl"), StandardCharsets.UTF_8)) {
            for (int t = 0; t < RECORDS; t++) {
                double gpu;
                double cpu;
                if (t >= INPUT_BOUND_FROM && t <= INPUT_BOUND_TO) {
                    gpu = 1;
                    cpu = 98;
                } else if (t >= 800) {
                    gpu = 0;
                    cpu = 3;
                } else {
                    gpu = busy + t % 3;
                    cpu = 40;
                }
                out.write(String.format(Locale.ROOT, "{\"_wandb\":true,\"_timestamp\":%.3f,\"_runtime\":%d,"
                        + "\"system.cpu\":%s,\"system.memory_percent\":%s,\"system.proc.memory.rssMB\":%d,"
                        + "\"system.gpu.0.gpu\":%s,\"system.gpu.1.gpu\":0,\"system.gpu.0.memoryAllocated\":%d,"
                        + "\"system.gpu.0.powerWatts\":300.5,\"system.gpu.0.energyJoules\":%s,\"system.gpu.0.smClock\":%d}%n",
                        start + t, t, cpu, 50 + t * 0.01, 2048 + t, gpu, 30 + t / 100, 300.5 * t,
                        t >= THROTTLE_START && t < THROTTLE_END ? 1200 : 1980));
            }
        }
        if (health) {
            Files.writeString(folder.resolve("health.jsonl"), String.format(Locale.ROOT,
                    "{\"timestamp\":%.1f,\"device\":\"gpu.0\",\"kind\":\"throttle\",\"reason\":\"hwThermalSlowdown\","
                            + "\"start\":%.1f,\"durationSeconds\":%.1f,\"message\":\"thermal slowdown (hardware) for 50 s\"}%n"
                            + "{\"timestamp\":%.2f,\"device\":\"gpu.0\",\"kind\":\"xid\",\"code\":79,"
                            + "\"message\":\"XID 79: GPU has fallen off the bus\"}%n",
                    start + THROTTLE_END, start + THROTTLE_START, THROTTLE_END - THROTTLE_START, start + XID_AT),
                    StandardCharsets.UTF_8);
        }
        return folder;
    }
}
