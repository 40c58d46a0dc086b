package io.sysgauge.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sysgauge.distribution.Distribution.Launched;
import io.sysgauge.distribution.Distribution.Result;
import io.sysgauge.testkit.Waiting;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run record on a disk that fills up while the run records: a small tmpfs of its own, filled
 * by a file the test writes and then deletes. Skipped where mounting is not allowed (not root, or
 * a container without the capability).
 */
class FullDiskIT {

    private static final Pattern REPORT_RECORDS = Pattern.compile("\"records\":(\\d+),\"layout\"");

    @TempDir
    Path work;

    private Path disk;

    @BeforeEach
    void mountASmallDisk() throws Exception {
        disk = Files.createDirectories(work.resolve("disk"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", disk.toString())
                .redirectErrorStream(true).start();
        String output = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Assumptions.assumeTrue(mount.waitFor() == 0, "cannot mount a tmpfs here: " + output.strip());
    }

    @AfterEach
    void unmount() throws Exception {
        new ProcessBuilder("umount", "-l", disk.toString()).inheritIO().start().waitFor();
    }

    @Test
    void aDiskThatFillsMidRunLeavesWholeLinesAndTheRecordsGoOnWhenSpaceReturns() throws Exception {
        Path done = work.resolve("done");
        Launched run = Distribution.start(work, Map.of(), "run", "--quiet", "--interval", "100ms", "--out",
                disk.resolve("runs").toString(), "--", "sh", "-c", "until [ -e " + done + " ]; do sleep 0.05; done");
        Path events = Distribution.awaitOnlyRun(disk.resolve("runs")).resolve("events.jsonl");
        Waiting.until(() -> Distribution.lineCount(events) >= 3, "three records");

        Path filler = fill();
        Waiting.until(() -> stderr(run).contains("cannot write"), "a write that failed on the full disk");
        Files.delete(filler);
        long afterSpaceReturned = Distribution.lineCount(events);
        Waiting.until(() -> Distribution.lineCount(events) >= afterSpaceReturned + 3, "records after space returned");
        Files.writeString(done, "");
        Result result = run.await();

        assertThat(result.exitCode()).as(result.err()).isZero();
        List<JsonNode> records = Distribution.records(events.getParent()); // every line whole JSON
        assertThat(records).allSatisfy(record -> assertThat(record.has("_runtime")).isTrue());
        for (int i = 1; i < records.size(); i++) {
            assertThat(records.get(i).get("_runtime").asDouble()).as("record %d in order", i)
                    .isGreaterThan(records.get(i - 1).get("_runtime").asDouble());
        }
        assertThat(occurrences(result.err(), "keeping records in memory")).as(result.err()).isEqualTo(1);
        assertThat(occurrences(result.err(), "again: ")).as(result.err()).isEqualTo(1);
        JsonNode metadata = Distribution.STRICT_JSON.readTree(events.resolveSibling("metadata.json").toFile());
        assertThat(metadata.get("records").asInt()).isEqualTo(records.size());
        assertThat(chartedRecords(events.resolveSibling("report.html"))).isEqualTo(records.size());
        assertThat(temporaryOrEmptyFiles(events.getParent())).isEmpty();
    }

    @Test
    void aDiskStillFullWhenTheRunEndsLeavesNoEmptyReportAndNoTemporaryFile() throws Exception {
        Path done = work.resolve("done");
        Launched run = Distribution.start(work, Map.of(), "run", "--quiet", "--interval", "100ms", "--out",
                disk.resolve("runs").toString(), "--", "sh", "-c", "until [ -e " + done + " ]; do sleep 0.05; done");
        Path folder = Distribution.awaitOnlyRun(disk.resolve("runs"));
        Path events = folder.resolve("events.jsonl");
        Waiting.until(() -> Distribution.lineCount(events) >= 3, "three records");

        fill();
        Waiting.until(() -> stderr(run).contains("cannot write"), "a write that failed on the full disk");
        Files.writeString(done, "");
        Result result = run.await();

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(Distribution.records(folder)).hasSizeGreaterThanOrEqualTo(3); // every line whole JSON
        Distribution.STRICT_JSON.readTree(folder.resolve("metadata.json").toFile()); // whole, from before the disk filled
        assertThat(folder.resolve("report.html")).doesNotExist();
        assertThat(temporaryOrEmptyFiles(folder)).isEmpty();
        assertThat(result.err()).contains("could not be written to " + events, "no report",
                "write it later with: sysgauge report " + folder).doesNotContain(" -o", "Exception");
    }

    @Test
    void aDiskFullAtStartIsOneLineAndExitCode2AndLeavesNoRunFolder() throws Exception {
        fill();
        Path marker = work.resolve("started");

        Result result = Distribution.run(work, "run", "--out", disk.resolve("runs").toString(), "--", "touch", marker.toString());

        assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
        assertThat(result.err()).startsWith("sysgauge: cannot write the run folder ").contains("No space left on device", "--out")
                .hasLineCount(1).doesNotContain("Exception", " -o ");
        assertThat(marker).as("the command never ran").doesNotExist();
        assertThat(Distribution.list(disk.resolve("runs"))).as("run folders left").isEmpty();
    }

    @Test
    void reportSkipsADamagedLineAndChartsTheRecordsAfterIt() throws Exception {
        Path folder = Files.createDirectories(work.resolve("run"));
        Files.writeString(folder.resolve("metadata.json"), "{\"startedAt\": \"2026-11-28T01:02:03Z\"}\n");
        // A half-written record with the next one glued on, as a full disk left them before.
        Files.writeString(folder.resolve("events.jsonl"), """
                {"_timestamp":1795830608.000,"_runtime":0.000,"system.cpu":1}
                {"_timestamp":1795830609.000,"_runtime":1.000,"system.cpu":2}
                {"_timestamp":1795830610.000,"_runtime":2.0{"_timestamp":1795830611.000,"_runtime":3.000,"system.cpu":4}
                {"_timestamp":1795830612.000,"_runtime":4.000,"system.cpu":5}
                {"_timestamp":1795830613.000,"_runtime":5.000,"system.cpu":6}
                """);

        Result result = Distribution.run(work, "report", folder.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(chartedRecords(folder.resolve("report.html"))).isEqualTo(4);
        assertThat(result.err()).contains("skipped 1 damaged line (the first is line 3)").hasLineCount(1);
    }

    // Fills the small disk to its last byte.
    private Path fill() throws IOException {
        Path filler = disk.resolve("filler");
        byte[] block = new byte[4096];
        try (var out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left")) {
                throw e;
            }
        }
        return filler;
    }




    private static String stderr(Launched run) {
        try {
            return run.stderr();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }

    private static int chartedRecords(Path report) throws IOException {
        Matcher records = REPORT_RECORDS.matcher(Files.readString(report));
        assertThat(records.find()).as("a records count in " + report).isTrue();
        return Integer.parseInt(records.group(1));
    }

    private static List<String> temporaryOrEmptyFiles(Path folder) {
        return Distribution.list(folder).stream().filter(file -> {
            try {
                return file.getFileName().toString().endsWith(".tmp") || Files.size(file) == 0;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).map(file -> file.getFileName().toString()).toList();
    }
}
