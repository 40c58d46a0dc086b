package io.sysgauge.plugin.openmetrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pages' shared byte budget, against a real loopback server. */
class ScraperBudgetTest {

    private static final int PAGE = 60_000;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private HttpServer server;
    private final PageBudget budget = new PageBudget(100_000);
    private Scraper scraper;

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] page = new byte[PAGE];
        Arrays.fill(page, (byte) '#');
        server.createContext("/sized", exchange -> {
            exchange.sendResponseHeaders(200, page.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(page);
            }
        });
        server.createContext("/chunked", exchange -> {
            exchange.sendResponseHeaders(200, 0); // no Content-Length: the body is chunked
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(page);
            }
        });
        server.start();
        scraper = new Scraper(Map.of(), TIMEOUT, budget);
    }

    @AfterEach
    void stop() {
        scraper.close();
        server.stop(0);
    }

    @Test
    void aPageHoldsItsRoomUntilReleasedAndASecondFindsNoneMeanwhile() throws Exception {
        Scraper.Page first = fetch("/sized");
        assertThat(first.length()).isEqualTo(PAGE);
        assertThat(budget.reserved()).isEqualTo(PAGE);

        assertThatThrownBy(() -> fetch("/sized")).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(Scraper.OverBudgetException.class)
                .hasMessageContaining("in the 0 MB that all endpoints' pages share");
        assertThat(budget.reserved()).as("the refused page gave back nothing it did not hold").isEqualTo(PAGE);

        first.release();
        first.release();
        assertThat(budget.reserved()).isZero();
        Scraper.Page second = fetch("/sized");
        assertThat(second.length()).isEqualTo(PAGE);
        second.release();
        assertThat(budget.reserved()).isZero();
    }

    @Test
    void aPageWithoutLengthGrowsWithinTheBudgetAndGivesAllBack() throws Exception {
        PageBudget roomy = new PageBudget(1 << 20);
        try (Scraper chunked = new Scraper(Map.of(), TIMEOUT, roomy)) {
            Scraper.Page page = chunked.fetch(uri("/chunked"), TIMEOUT).get(1, TimeUnit.MINUTES);

            assertThat(page.length()).isEqualTo(PAGE);
            assertThat(page.body()).hasSizeGreaterThanOrEqualTo(PAGE);
            assertThat(roomy.reserved()).isEqualTo(page.body().length);
            page.release();
            assertThat(roomy.reserved()).isZero();
        }
    }

    @Test
    void aPageWithoutLengthPastTheBudgetFailsAndGivesAllBack() {
        PageBudget small = new PageBudget(50_000);
        try (Scraper chunked = new Scraper(Map.of(), TIMEOUT, small)) {
            assertThatThrownBy(() -> chunked.fetch(uri("/chunked"), TIMEOUT).get(1, TimeUnit.MINUTES))
                    .hasCauseInstanceOf(Scraper.OverBudgetException.class);
            assertThat(small.reserved()).isZero();
        }
    }

    private Scraper.Page fetch(String path) throws Exception {
        return scraper.fetch(uri(path), TIMEOUT).get(1, TimeUnit.MINUTES);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }
}
