package io.sysgauge.plugin.openmetrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP edge against a real loopback server: pages streamed into their reader, gzip, the size cap. */
class ScraperTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String TEXT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    // Over the 16 MB cap by a little, in 100-byte comment lines: valid text that is only too large.
    private static final byte[] OVER_CAP = padding(Scraper.MAX_PAGE_BYTES + 100);

    private HttpServer server;
    private ExecutorService handlers;
    private final Map<String, String> acceptEncodings = new ConcurrentHashMap<>();
    private final PageBudget longLines = new PageBudget(1 << 20);
    private final Map<String, Map<String, String>> published = new TreeMap<>();
    private Scraper scraper;

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        handlers = Executors.newCachedThreadPool();
        server.setExecutor(handlers);
        byte[] dcgm = Fixtures.bytes(Fixtures.DCGM);
        server.createContext("/dcgm", exchange -> respond(exchange, dcgm, null, true));
        server.createContext("/dcgm-gzip", exchange -> respond(exchange, gzip(dcgm), "gzip", true));
        server.createContext("/dcgm-gzip-chunked", exchange -> respond(exchange, gzip(dcgm), "gzip", false));
        server.createContext("/dcgm-gzip-truncated", exchange -> {
            byte[] whole = gzip(dcgm);
            respond(exchange, Arrays.copyOf(whole, whole.length - 5), "gzip", true);
        });
        server.createContext("/dcgm-brotli", exchange -> respond(exchange, dcgm, "br", true));
        server.createContext("/huge-sized", exchange -> respond(exchange, OVER_CAP, null, true));
        server.createContext("/huge-chunked", exchange -> respond(exchange, OVER_CAP, null, false));
        server.createContext("/huge-gzip", exchange -> respond(exchange, gzip(OVER_CAP), "gzip", true));
        byte[] fifteenMegabytes = fifteenMegabytePage();
        server.createContext("/fifteen-mb", exchange -> respond(exchange, fifteenMegabytes, null, false));
        server.createContext("/fifteen-mb-gzip", exchange -> respond(exchange, gzip(fifteenMegabytes), "gzip", false));
        server.start();
        scraper = new Scraper(Map.of(), TIMEOUT);
    }

    @AfterEach
    void stop() {
        scraper.close();
        server.stop(0);
        handlers.shutdownNow();
    }

    @Test
    void aGzipPageGivesWhatThePlainPageGivesAndGzipIsAskedFor() throws Exception {
        EndpointSeries plain = new EndpointSeries("plain", SeriesFilter.keepDefaultKinds(), published);
        EndpointSeries sized = new EndpointSeries("sized", SeriesFilter.keepDefaultKinds(), published);
        EndpointSeries chunked = new EndpointSeries("chunked", SeriesFilter.keepDefaultKinds(), published);

        Map<String, Double> expected = values(plain, fetch("/dcgm", plain));
        assertThat(expected).hasSize(38).containsEntry("DCGM_FI_DEV_POWER_USAGE.0", 28.722);
        assertThat(values(sized, fetch("/dcgm-gzip", sized))).isEqualTo(expected);
        assertThat(values(chunked, fetch("/dcgm-gzip-chunked", chunked))).isEqualTo(expected);
        assertThat(acceptEncodings).containsEntry("/dcgm", "gzip").containsEntry("/dcgm-gzip", "gzip");
    }

    @Test
    void aDamagedOrUnknownEncodingFailsThePageAndLeavesNoSeries() {
        EndpointSeries series = new EndpointSeries("app", SeriesFilter.keepDefaultKinds(), published);

        assertThatThrownBy(() -> fetch("/dcgm-gzip-truncated", series)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(ZipException.class);
        assertThatThrownBy(() -> fetch("/dcgm-brotli", series)).isInstanceOf(ExecutionException.class)
                .hasMessageContaining("Content-Encoding 'br' is not gzip");
        assertThat(published).isEmpty();
    }

    @Test
    void aPageOverTheCapFailsWithOrWithoutLengthAndWhenItsGzipUnpacksPastIt() {
        for (String path : new String[] {"/huge-sized", "/huge-chunked", "/huge-gzip"}) {
            EndpointSeries series = new EndpointSeries("huge", SeriesFilter.keepDefaultKinds(), published);
            assertThatThrownBy(() -> fetch(path, series)).as(path).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(Scraper.PageTooLargeException.class).hasMessageContaining("page larger than 16 MB");
            assertThat(Scraper.describe(new ExecutionException(new Scraper.PageTooLargeException())))
                    .isEqualTo("page larger than 16 MB");
        }
        assertThat(longLines.reserved()).isZero();
    }

    /** A 15 MB page reaches its reader in pieces of the client's buffer size, never whole, plain or gzip. */
    @Test
    void aLargePageReachesItsReaderInSmallPieces() throws Exception {
        for (String path : new String[] {"/fifteen-mb", "/fifteen-mb-gzip"}) {
            EndpointSeries series = new EndpointSeries("big", SeriesFilter.keepDefaultKinds(), published);
            long[] fed = new long[2]; // bytes, largest piece
            int count = scraper.fetch(uri(path), TIMEOUT, format -> {
                PageReader reader = series.startPage(format, longLines);
                return new PageReader() {
                    @Override
                    public void feed(byte[] bytes, int offset, int length) throws ExpositionParseException, IOException {
                        fed[0] += length;
                        fed[1] = Math.max(fed[1], length);
                        reader.feed(bytes, offset, length);
                    }

                    @Override
                    public int finish() throws ExpositionParseException {
                        return reader.finish();
                    }

                    @Override
                    public void abandon() {
                        reader.abandon();
                    }
                };
            }).get(1, TimeUnit.MINUTES);

            assertThat(count).as(path).isEqualTo(1_000);
            assertThat(series.value(999)).isEqualTo(999.0);
            assertThat(fed[0]).as(path).isEqualTo(15 << 20);
            assertThat(fed[1]).as("%s: the largest piece", path).isLessThanOrEqualTo(1 << 20);
        }
    }

    private int fetch(String path, EndpointSeries series) throws Exception {
        return scraper.fetch(uri(path), TIMEOUT, format -> series.startPage(format, longLines)).get(1, TimeUnit.MINUTES);
    }

    private static Map<String, Double> values(EndpointSeries series, int count) {
        Map<String, Double> values = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            values.put(series.metric(i) + "." + series.idx(i), series.value(i));
        }
        return values;
    }

    private void respond(HttpExchange exchange, byte[] body, String encoding, boolean sized) throws IOException {
        acceptEncodings.put(exchange.getRequestURI().getPath(),
                String.valueOf(exchange.getRequestHeaders().getFirst("Accept-Encoding")));
        exchange.getResponseHeaders().set("Content-Type", TEXT_TYPE);
        if (encoding != null) {
            exchange.getResponseHeaders().set("Content-Encoding", encoding);
        }
        exchange.sendResponseHeaders(200, sized ? body.length : 0);
        try (OutputStream out = exchange.getResponseBody()) {
            for (int start = 0; start < body.length; start += 1 << 16) {
                out.write(body, start, Math.min(1 << 16, body.length - start));
            }
        } catch (IOException e) {
            // The scraper gave up on the page (too large): expected.
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** A valid page of exactly 15 MB: 1,000 series, then comment lines. */
    private static byte[] fifteenMegabytePage() {
        StringBuilder page = new StringBuilder("# TYPE big_series gauge\n");
        for (int i = 0; i < 1_000; i++) {
            page.append("big_series{shard=\"").append(i).append("\"} ").append(i).append('\n');
        }
        byte[] head = page.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] rest = padding((15 << 20) - head.length);
        byte[] whole = Arrays.copyOf(head, 15 << 20);
        System.arraycopy(rest, 0, whole, head.length, rest.length);
        return whole;
    }

    /** @return {@code length} bytes of comment lines, 100 bytes each (the last one shorter) */
    private static byte[] padding(int length) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) 'x');
        for (int line = 0; line < length; line += 100) {
            bytes[line] = '#';
            if (line + 1 < length) {
                bytes[line + 1] = ' ';
            }
            bytes[Math.min(length, line + 100) - 1] = '\n';
        }
        return bytes;
    }

    static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        }
        return out.toByteArray();
    }
}
