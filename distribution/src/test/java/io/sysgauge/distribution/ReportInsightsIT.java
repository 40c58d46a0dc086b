package io.sysgauge.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sysgauge.distribution.Distribution.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The report's answers, read in headless Chromium from synthetic runs whose truth is known
 * ({@link SyntheticRuns}): idle share, the input-bound phase, health.jsonl's events listed and
 * marked, two runs compared, the straggler of three nodes.
 */
@SuppressWarnings("unchecked") // executeScript returns Object; a script that returns a list gives a List
class ReportInsightsIT {

    @TempDir
    Path work;

    @BeforeEach
    void needsChromium() {
        Assumptions.assumeTrue(Files.isExecutable(ReportIT.CHROMIUM) && Files.isExecutable(ReportIT.CHROMEDRIVER),
                ".ci/run installs the Debian packages chromium and chromium-driver");
    }

    @Test
    void oneRunSaysWhereTheTimeWentAndMarksHealthEventsOnTheCharts() throws Exception {
        Path run = SyntheticRuns.write(work.resolve("run"), "node-a", "{}", 0, 90, true);
        Result result = Distribution.run(work, "report", run.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();

        ChromeDriver browser = open(run.resolve("report.html"));
        try {
            String header = browser.findElement(By.tagName("header")).getText();
            assertThat(header).contains("python train.py --epochs 3").contains("16:39").contains("64.0 GiB")
                    .contains("2 × NVIDIA H100 80GB HBM3 (driver 550.54.15)");

            WebElement idle = insight(browser, "idle");
            assertThat(idle.getAttribute("data-device")).isEqualTo("gpu.0");
            assertThat(Double.parseDouble(idle.getAttribute("data-value"))).isCloseTo(40, within(2.0));
            assertThat(idle.getText()).contains("GPU 0 was idle 40 %");
            assertThat(insight(browser, "unused").getText()).contains("GPU 1 was never used");
            List<WebElement> inputBound = browser.findElements(By.cssSelector("li.insight[data-kind=inputBound]"));
            assertThat(inputBound).hasSize(1);
            assertThat(inputBound.get(0).getText()).contains("from 3:20 to 6:39");
            assertThat(insight(browser, "throttle").getText()).contains("hwThermalSlowdown").contains("from 7:30 for 50 s");
            assertThat(insight(browser, "xid").getText()).contains("XID 79: GPU has fallen off the bus");
            assertThat(insight(browser, "energy").getText()).contains((Math.round(300.5 * 999 / 3600 * 10) / 10.0) + " Wh");

            // Marked on the charts: the marks' times, and on GPU utilization's canvas a red column at the XID.
            List<Object> marks = (List<Object>) browser.executeScript(
                    "return window.sysgaugeReport.marks.map(m => m.kind + '@' + m.start + '-' + m.end)");
            assertThat(marks).containsExactlyInAnyOrder("inputBound@200-399", "throttle@450-500", "xid@700.5-700.5");
            Number redRows = (Number) browser.executeScript("""
                    const u = window.sysgaugeCharts.find(c => c.root.parentElement.id === "chart-gpu.{i}.gpu");
                    const x = Math.round(u.valToPos(700.5, "x", true));
                    const pixels = u.ctx.getImageData(x, u.bbox.top, 1, u.bbox.height).data;
                    let red = 0;
                    for (let i = 0; i < pixels.length; i += 4) if (pixels[i] > 180 && pixels[i + 1] < 90 && pixels[i + 2] < 90) red++;
                    return red / u.bbox.height;""");
            assertThat(redRows.doubleValue()).as("share of the plot's height drawn red at the XID").isGreaterThan(0.5);

            // The evidence is a click away: the XID's link zooms every chart to it.
            insight(browser, "xid").findElement(By.tagName("a")).click();
            List<?> scale = (List<?>) browser.executeScript("return [window.sysgaugeCharts[0].scales.x.min, window.sysgaugeCharts[0].scales.x.max]");
            assertThat(((Number) scale.get(0)).doubleValue()).isLessThan(700.5).isGreaterThan(600);
            assertThat(((Number) scale.get(1)).doubleValue()).isGreaterThan(700.5).isLessThan(800);

            // Titles for people, the key in the tooltip; the table sorts by value.
            WebElement gpuChart = browser.findElement(By.id("chart-gpu.{i}.gpu"));
            assertThat(gpuChart.findElement(By.tagName("h3")).getText()).isEqualTo("GPU utilization (SM busy) (%)");
            assertThat(gpuChart.findElement(By.tagName("h3")).getAttribute("title")).isEqualTo("gpu.{i}.gpu");
            List<WebElement> headings = browser.findElements(By.cssSelector("table.metrics th"));
            assertThat(headings).extracting(WebElement::getText).containsSubsequence("min", "mean", "p95", "max");
            WebElement max = headings.stream().filter(h -> h.getText().equals("max")).findFirst().orElseThrow();
            max.click();
            max.click(); // descending
            List<?> sorted = (List<?>) browser.executeScript("""
                    const column = [...document.querySelectorAll("table.metrics th")].findIndex(h => h.textContent === "max");
                    return [...document.querySelectorAll("table.metrics tbody tr")].map(r => Number(r.cells[column].dataset.sort));""");
            assertThat(sorted).hasSize(9);
            assertThat(sorted.stream().map(n -> ((Number) n).doubleValue()).toList())
                    .isSortedAccordingTo((a, b) -> Double.compare(b, a)).first().isEqualTo(300.5 * 999);
            assertThat(ReportIT.errors(browser)).isEmpty();
            ReportIT.screenshot(browser, "report-insights.png");
        } finally {
            browser.quit();
        }
    }

    @Test
    void twoRunsCompareSideBySideWithTheDifferencesHighlighted() throws Exception {
        Path baseline = SyntheticRuns.write(work.resolve("monday"), "node-a", "{}", 0, 90, true);
        Path slower = SyntheticRuns.write(work.resolve("tuesday"), "node-a", "{}", 86_400, 45, false);
        Path page = work.resolve("compare.html");
        Result result = Distribution.run(work, "report", baseline.toString(), slower.toString(), "-o", page.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();

        ChromeDriver browser = open(page);
        try {
            assertThat(browser.findElement(By.id("title")).getText()).isEqualTo("sysgauge: 2 runs compared");
            List<Object> highlighted = (List<Object>) browser.executeScript("""
                    const heads = [...document.querySelectorAll("table.metrics th")].map(h => h.textContent);
                    return [...document.querySelectorAll("table.metrics tbody tr")]
                      .flatMap(r => [...r.cells].filter(c => c.classList.contains("diff")).map(c => r.cells[1].textContent + " " + heads[c.cellIndex]));""");
            // GPU 0 busy at 45 % instead of 90 %: its mean, p95 and max; nothing else changed.
            assertThat(highlighted).containsExactlyInAnyOrder("gpu.0.gpu tuesday mean", "gpu.0.gpu tuesday p95",
                    "gpu.0.gpu tuesday max");
            List<Object> lines = (List<Object>) browser.executeScript("""
                    const u = window.sysgaugeCharts.find(c => c.root.parentElement.id === "chart-gpu.{i}.gpu");
                    return u.series.slice(1).map(s => s.label).filter(l => !l.endsWith(" max") && !l.endsWith(" min"));""");
            assertThat(lines).containsExactly("monday 0", "monday 1", "tuesday 0", "tuesday 1");
            // Aligned by run time although a day apart: both runs start at 0.
            Number firstTime = (Number) browser.executeScript("return window.sysgaugeCharts[0].data[0][0]");
            assertThat(firstTime.doubleValue()).isZero();
            assertThat(ReportIT.errors(browser)).isEmpty();
        } finally {
            browser.quit();
        }
    }

    @Test
    void threeNodesOfOneJobNameTheSlowNodeAsTheStraggler() throws Exception {
        List<Path> nodes = List.of(
                SyntheticRuns.write(work.resolve("a"), "node-a", "{\"job\":\"train\",\"rank\":\"0\"}", 0, 90, false),
                SyntheticRuns.write(work.resolve("b"), "node-b", "{\"job\":\"train\",\"rank\":\"1\"}", 3, 40, false),
                SyntheticRuns.write(work.resolve("c"), "node-c", "{\"job\":\"train\",\"rank\":\"2\"}", 6, 88, false));
        Path page = work.resolve("job.html");
        Result result = Distribution.run(work, "report", nodes.get(0).toString(), nodes.get(1).toString(),
                nodes.get(2).toString(), "-o", page.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();

        ChromeDriver browser = open(page);
        try {
            assertThat(browser.findElement(By.id("title")).getText()).isEqualTo("sysgauge: job train, 3 nodes");
            WebElement straggler = insight(browser, "straggler");
            assertThat(straggler.getAttribute("data-run")).isEqualTo("node-b rank 1");
            assertThat(straggler.getText()).startsWith("node-b rank 1 is the straggler").contains("below the median");
            // Aligned by wall clock: node-c started 6 s after node-a, so its first point is at 6.
            Number cFirst = (Number) browser.executeScript("""
                    const u = window.sysgaugeCharts.find(c => c.root.parentElement.id === "chart-gpu.{i}.gpu");
                    const line = u.series.findIndex(s => s.label === "node-c rank 2 0");
                    return u.data[0][u.data[line].findIndex(v => v != null)];""");
            assertThat(cFirst.doubleValue()).isEqualTo(6.0);
            assertThat(ReportIT.errors(browser)).isEmpty();
            ReportIT.screenshot(browser, "report-job.png");
        } finally {
            browser.quit();
        }
    }

    private static WebElement insight(ChromeDriver browser, String kind) {
        return browser.findElement(By.cssSelector("li.insight[data-kind=" + kind + "]"));
    }

    private static ChromeDriver open(Path page) {
        ChromeDriver browser = ReportIT.browser();
        browser.get(page.toUri().toString());
        new WebDriverWait(browser, Duration.ofSeconds(60)).until(b -> ((JavascriptExecutor) b)
                .executeScript("return document.body.dataset.drawnMs") != null);
        return browser;
    }
}
