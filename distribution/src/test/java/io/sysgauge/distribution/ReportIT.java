package io.sysgauge.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysgauge.distribution.Distribution.Launched;
import io.sysgauge.distribution.Distribution.Result;
import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The report of a real run and the live page of a real serve, opened in headless Chromium. */
class ReportIT {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    // Points of every line of every chart, as uPlot holds them.
    private static final String POINTS = "return window.sysgaugeCharts.map(u => u.data.slice(1)"
            + ".map(line => line.filter(v => v != null).length).reduce((a, b) => Math.min(a, b), 1e9));";

    @TempDir
    Path work;

    @BeforeEach
    void needsChromium() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                ".ci/run installs the Debian packages chromium and chromium-driver");
    }

    @Test
    void theReportOfARealRunDrawsEveryChartOfflineWithoutConsoleErrors() throws Exception {
        Result run = Distribution.run(work, "run", "--interval", "200ms", "--", "sleep", "2");
        Path runDir = Distribution.onlyRun(work.resolve("sysgauge-runs"));
        Path report = runDir.resolve("report.html");
        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).contains("sysgauge: report " + Path.of("sysgauge-runs").resolve(runDir.getFileName()).resolve("report.html"));
        Result again = Distribution.run(work, "report", runDir.toString(), "-o", work.resolve("again.html").toString());
        assertThat(again.exitCode()).isZero();
        assertThat(again.out().strip()).isEqualTo(work.resolve("again.html").toString());

        ChromeDriver browser = browser();
        try {
            browser.get(report.toUri().toString());
            new WebDriverWait(browser, Duration.ofSeconds(20)).until(b -> ((JavascriptExecutor) b)
                    .executeScript("return document.body.dataset.drawnMs") != null);
            long charts = ((Number) browser.executeScript("return Number(document.body.dataset.charts)")).longValue();
            List<?> points = (List<?>) browser.executeScript(POINTS);
            String header = browser.findElement(org.openqa.selenium.By.tagName("header")).getText();
            screenshot(browser, "report.png");

            // cpu, threads, rss, proc percent, memory_percent, available, system cpu, disk (usage %, GB, in, out),
            // network sent and recv, collector up and seconds: at least these.
            assertThat(charts).isGreaterThanOrEqualTo(14);
            assertThat(points).hasSize((int) charts).allSatisfy(n -> assertThat(((Number) n).intValue()).isGreaterThanOrEqualTo(5));
            assertThat(header).contains("sleep 2").contains("nvidia");
            assertThat(errors(browser)).isEmpty();

            // The live page's own bookkeeping, in the same script: 100 polls, each with a key that lives one tick.
            Object columns = browser.executeScript("""
                    const data = { time: [], values: {}, layout: [] };
                    for (let t = 0; t < 100; t++) {
                      append(data, { time: [t], values: { "cpu": [t], ["openmetrics.om.churn." + t]: [t] } }, 5);
                    }
                    return Object.keys(data.values).length;""");
            assertThat(((Number) columns).intValue()).as("columns kept after 100 polls of a 5-record history")
                    .isLessThanOrEqualTo(1 + 5);
        } finally {
            browser.quit();
        }
    }

    @Test
    void reportOfAFolderWithoutEventsIsOneLineAndExitCode2() throws Exception {
        Result result = Distribution.run(work, "report", work.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("sysgauge: no events.jsonl in " + work + ": is it a sysgauge run folder?\n");
    }

    @Test
    void theLivePageOfServeGrowsBetweenTwoPolls() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Launched serve = Distribution.start(work, Map.of(), "serve", "--interval", "300ms", "--listen", "127.0.0.1:" + port);
        ChromeDriver browser = browser();
        try {
            awaitServing(serve);
            browser.get("http://127.0.0.1:" + port + "/");
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
            wait.until(b -> records(browser) >= 2);
            long first = records(browser);
            wait.until(b -> records(browser) > first + 1);
            long charts = ((Number) browser.executeScript("return Number(document.body.dataset.charts)")).longValue();
            List<?> points = (List<?>) browser.executeScript(POINTS);
            screenshot(browser, "live.png");

            assertThat(charts).isGreaterThanOrEqualTo(8);
            assertThat(points).hasSize((int) charts).allSatisfy(n -> assertThat(((Number) n).intValue()).isGreaterThanOrEqualTo(1));
            assertThat(browser.executeScript("return document.body.dataset.error")).isNull();
            assertThat(errors(browser)).isEmpty();
        } finally {
            browser.quit();
            serve.process().destroy();
        }
        assertThat(serve.await().exitCode()).isZero();
    }

    private static long records(ChromeDriver browser) {
        Object records = browser.executeScript("return Number(document.body.dataset.records || 0)");
        return ((Number) records).longValue();
    }

    private static void awaitServing(Launched serve) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!serve.stderr().contains("live page") && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    static ChromeDriver browser() {
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1300,1000");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        // The driver from the Debian package, never one Selenium Manager would download.
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    static List<String> errors(ChromeDriver browser) {
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage).toList();
    }

    static void screenshot(ChromeDriver browser, String name) throws Exception {
        Path target = Path.of("target").toAbsolutePath();
        Files.createDirectories(target);
        Files.write(target.resolve(name), browser.getScreenshotAs(OutputType.BYTES));
    }
}
