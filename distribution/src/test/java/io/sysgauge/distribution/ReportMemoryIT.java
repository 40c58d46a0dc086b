package io.sysgauge.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sysgauge.distribution.Distribution.Launched;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * {@code report} of a run far larger than the launcher's 96 MB heap could hold as columns: 5,010
 * keys (10 host keys and 50 OpenMetrics metrics of 100 series each) over 10,000 records, about
 * 1.7 GB of events.jsonl, written here line by line.
 */
class ReportMemoryIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int RECORDS = 10_000;
    private static final int METRICS = 50;
    private static final int SERIES = 100;
    private static final List<String> HOST_KEYS = List.of("cpu", "cpu_percent", "memory_percent", "proc.cpu.threads",
            "proc.memory.rssMB", "proc.memory.percent", "proc.memory.availableMB", "network.sent", "network.recv",
            "sysgauge.collector.openmetrics.up");
    private static final int SPIKE_RECORD = 6_543;
    private static final String SPIKE_KEY = "openmetrics.om.m17.42";

    @TempDir
    Path work;

    @Test
    void aRunOf5000KeysAnd10000RecordsRendersWithinTheLaunchersHeap() throws Exception {
        Path run = Files.createDirectories(work.resolve("run"));
        List<String> keys = generate(run);
        Path report = work.resolve("report.html");

        // The launcher as shipped: bin/sysgauge's -Xmx96m and the rest of its flags, nothing added.
        Launched launched = Distribution.start(work, Map.of(), "report", run.toString(), "-o", report.toString());
        // Generous: reading 1.7 GB on a loaded 2-core machine; the assertion is on the outcome, not the time.
        if (!launched.process().waitFor(10, TimeUnit.MINUTES)) {
            launched.process().destroyForcibly();
            throw new AssertionError("report did not finish in 10 minutes");
        }
        Distribution.Result result = launched.await();

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err()).doesNotContain("OutOfMemoryError").doesNotContain("Exception");
        // RunReport.POINT_BUDGET (500,000 points) keeps the page near 13 MB however many keys there are.
        System.out.printf("ReportMemoryIT: events.jsonl %d bytes, report.html %d bytes%n",
                Files.size(run.resolve("events.jsonl")), Files.size(report)); // the figures README quotes
        assertThat(Files.size(report)).isLessThan(20L << 20);
        JsonNode data = data(report);
        assertThat(data.get("records").asInt()).isEqualTo(RECORDS);
        Set<String> charted = new HashSet<>();
        data.get("layout").forEach(section -> section.get("charts").forEach(chart -> chart.get("series")
                .forEach(series -> charted.add(series.get("key").asText()))));
        assertThat(charted).hasSize(keys.size()).containsAll(keys);
        int points = data.get("time").size();
        // 500,000 points over 5,010 keys: at most 99 a line; coarsening halves, so at least half of that.
        assertThat(points).isBetween(99 / 2, 99);
        for (String key : keys) {
            assertThat(data.get("values").get(key)).as(key).hasSize(points);
            assertThat(data.get("max").get(key)).as(key).hasSize(points);
        }
        List<Double> maxima = new ArrayList<>();
        data.get("max").get(SPIKE_KEY).forEach(value -> maxima.add(value.asDouble()));
        assertThat(maxima).as("a one-record spike survives as its bucket's max").contains(1e6);
        assertThat(data.get("min").get(SPIKE_KEY).get(0).asDouble()).isEqualTo(value(17, 42, 0));

        drawsWithoutConsoleErrors(report, data);
    }

    /** Writes metadata.json and events.jsonl as `run` would, one record at a time; returns the keys. */
    private static List<String> generate(Path run) throws Exception {
        Files.writeString(run.resolve("metadata.json"), "{\"host\":\"it\",\"program\":\"python\",\"args\":[\"train.py\"],"
                + "\"interval\":1.0,\"collectors\":[],\"plugins\":[]}");
        List<String> keys = new ArrayList<>(HOST_KEYS);
        for (int metric = 0; metric < METRICS; metric++) {
            for (int series = 0; series < SERIES; series++) {
                keys.add(String.format("openmetrics.om.m%02d.%d", metric, series));
            }
        }
        try (BufferedWriter out = Files.newBufferedWriter(run.resolve("events.jsonl"), StandardCharsets.UTF_8)) {
            StringBuilder line = new StringBuilder(200_000);
            for (int t = 0; t < RECORDS; t++) {
                line.setLength(0);
                line.append("{\"_wandb\":true,\"_timestamp\":").append(1_700_000_000L + t).append(",\"_runtime\":").append(t);
                for (int i = 0; i < HOST_KEYS.size(); i++) {
                    line.append(",\"system.").append(HOST_KEYS.get(i)).append("\":").append(i + t % 7);
                }
                for (int metric = 0; metric < METRICS; metric++) {
                    for (int series = 0; series < SERIES; series++) {
                        line.append(",\"system.openmetrics.om.m").append(metric < 10 ? "0" : "").append(metric).append('.')
                                .append(series).append("\":");
                        line.append(metric == 17 && series == 42 && t == SPIKE_RECORD ? "1000000" : value(metric, series, t));
                    }
                }
                line.append("}\n");
                out.append(line);
            }
        }
        return keys;
    }

    private static int value(int metric, int series, int t) {
        return metric * 10 + series + t % 5;
    }

    /** @return the page's data object, {@code const SYSGAUGE = {...};} */
    private static JsonNode data(Path report) throws Exception {
        String page = Files.readString(report, StandardCharsets.UTF_8);
        int start = page.indexOf("const SYSGAUGE = ") + "const SYSGAUGE = ".length();
        try (var parser = JSON.getFactory().createParser(page.substring(start))) {
            return JSON.readTree(parser);
        }
    }

    private static void drawsWithoutConsoleErrors(Path report, JsonNode data) {
        if (!Files.isExecutable(ReportIT.CHROMIUM) || !Files.isExecutable(ReportIT.CHROMEDRIVER)) {
            return; // .ci/run installs chromium and chromium-driver; the heap bound above stands without them
        }
        ChromeDriver browser = ReportIT.browser();
        try {
            browser.get(report.toUri().toString());
            new WebDriverWait(browser, Duration.ofSeconds(120)).until(b -> ((JavascriptExecutor) b)
                    .executeScript("return document.body.dataset.drawnMs") != null);
            long charts = ((Number) browser.executeScript("return Number(document.body.dataset.charts)")).longValue();
            int templates = 0;
            for (JsonNode section : data.get("layout")) {
                templates += section.get("charts").size();
            }
            assertThat(charts).isEqualTo(templates);
            assertThat(ReportIT.errors(browser)).isEmpty();
        } finally {
            browser.quit();
        }
    }
}
