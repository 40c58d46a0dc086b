package io.sysgauge.plugin.openmetrics;

import io.sysgauge.spi.CollectorContext;
import io.sysgauge.spi.ConfigException;
import io.sysgauge.spi.MetricCollector;
import io.sysgauge.spi.MetricDescriptor;
import io.sysgauge.spi.Probe;
import io.sysgauge.spi.SampleWriter;
import io.sysgauge.spi.Unit;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The openmetrics collector: scrapes Prometheus and OpenMetrics text endpoints
 * ({@code openmetrics.endpoints}, name to URL) once per tick, as W&amp;B's OpenMetrics support
 * does, and writes their gauges and counters as {@code openmetrics.<endpoint>.<metric>.<idx>}.
 *
 * <p>{@code <idx>} numbers a metric's label sets in the order they first appear and stays the
 * same for the run; the labels behind each number go into {@code metadata.json} under
 * {@code series}. {@code openmetrics.filters} chooses series (see {@link SeriesFilter});
 * {@code openmetrics.headers} are sent with every request and never logged or recorded.
 *
 * <p>Every endpoint is fetched at once, with a timeout shorter than the interval, and each page is
 * parsed as it streams in, keeping only the series it selects. One that is down, slow, serves a
 * page that does not parse, is larger than {@link Scraper#MAX_PAGE_BYTES} or has a line that finds
 * no room in the long lines' shared budget ({@link #LONG_LINES_BYTES} for all endpoints together)
 * costs its own values for that tick, with one warning per failure streak. {@code openmetrics.<endpoint>.up} is 1 for an
 * endpoint whose page was read whole this tick, else 0; while any endpoint fails the collector's
 * own {@code sysgauge.collector.openmetrics.up} is 0, though the other endpoints' values are kept.
 */
@Extension
public final class OpenMetricsCollector implements MetricCollector {

    private static final Logger logger = LoggerFactory.getLogger(OpenMetricsCollector.class);

    static final String ID = "openmetrics";
    static final MetricDescriptor SERIES = MetricDescriptor.of("openmetrics.{endpoint}.{metric}.{idx}", Unit.NONE,
            "a gauge or untyped series scraped from an OpenMetrics or Prometheus endpoint");
    /** A series of a family the page types counter: the same key, so that exporters can type it as the source did. */
    static final MetricDescriptor COUNTER_SERIES = MetricDescriptor.counter("openmetrics.{endpoint}.{metric}.{idx}",
            Unit.NONE, "a counter scraped from an OpenMetrics or Prometheus endpoint");
    static final MetricDescriptor ENDPOINT_UP = MetricDescriptor.of("openmetrics.{endpoint}.up", Unit.NONE,
            "1 if the endpoint's page was fetched and read whole this tick, else 0");
    static final String NO_ENDPOINTS = "no endpoints configured; set openmetrics.endpoints, e.g."
            + " {dcgm: \"http://127.0.0.1:9400/metrics\"}";
    /** The room all endpoints' lines longer than a few KB may take at once, while they are carried between chunks. */
    static final long LONG_LINES_BYTES = 8L << 20;
    private static final Duration MAX_SCRAPE_TIMEOUT = Duration.ofSeconds(5);
    // The probe shares core's 10 s probe budget: one try, not bound to the interval since the first request of a
    // fresh JVM (class loading, connection set-up) can take longer than a short interval; a down endpoint is fine.
    private static final Duration PROBE_SCRAPE_TIMEOUT = Duration.ofSeconds(2);

    /** One configured endpoint and its failure streak. */
    private static final class Endpoint {
        final String name;
        final URI uri;
        final EndpointSeries series;
        boolean failing;
        boolean warnedFull;

        Endpoint(String name, URI uri, EndpointSeries series) {
            this.name = name;
            this.uri = uri;
            this.series = series;
        }
    }

    // Live: core keeps this map object in the probe's metadata (Probe copies only the top-level map) and writes
    // metadata.json again at the end of a run, so series first seen after the probe still get there.
    private final Map<String, Map<String, String>> seriesLabels = new ConcurrentSkipListMap<>();
    private final List<Endpoint> endpoints = new ArrayList<>();
    private final PageBudget longLines = new PageBudget(LONG_LINES_BYTES);
    private Scraper scraper;
    private Duration timeout = MAX_SCRAPE_TIMEOUT;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Set<String> configKeys() {
        return Set.of("endpoints", "filters", "headers");
    }

    @Override
    public Probe probe(CollectorContext context) {
        Map<String, String> configured = context.config().stringMap("endpoints");
        if (configured.isEmpty()) {
            return Probe.absent(NO_ENDPOINTS);
        }
        Map<String, String> headers = context.config().stringMap("headers");
        SeriesFilter filter = SeriesFilter.parse(context.config().raw("filters").orElse(null));
        Duration sixTenths = context.interval().multipliedBy(6).dividedBy(10);
        timeout = sixTenths.compareTo(MAX_SCRAPE_TIMEOUT) < 0 ? sixTenths : MAX_SCRAPE_TIMEOUT;
        Map<String, String> urls = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : configured.entrySet()) {
            String name = checkName(entry.getKey());
            URI uri = checkUrl(name, entry.getValue());
            checkHeaders(uri, headers);
            endpoints.add(new Endpoint(name, uri, new EndpointSeries(name, filter, seriesLabels)));
            urls.put(name, uri.toString());
        }
        scraper = new Scraper(headers, timeout);
        scrapeAll(PROBE_SCRAPE_TIMEOUT, null);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("endpoints", urls);
        metadata.put("series", seriesLabels);
        return Probe.present(metadata);
    }

    private static String checkName(String name) {
        if (name.isBlank() || name.chars().anyMatch(c -> c == '.' || Character.isWhitespace(c))) {
            throw new ConfigException("openmetrics.endpoints", "the endpoint name '" + name + "' is part of every key"
                    + " (openmetrics.<endpoint>.<metric>.<idx>) and may not be blank or contain '.' or whitespace");
        }
        return name;
    }

    private static URI checkUrl(String name, String url) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new ConfigException("openmetrics.endpoints." + name, "'" + url + "' is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new ConfigException("openmetrics.endpoints." + name,
                    "'" + url + "' is not an http:// or https:// URL with a host");
        }
        if (uri.getRawUserInfo() != null) {
            // The URL goes into logs and metadata.json; credentials belong in openmetrics.headers.
            throw new ConfigException("openmetrics.endpoints." + name, "put credentials in openmetrics.headers"
                    + " (e.g. Authorization), not in the URL");
        }
        return uri;
    }

    private static void checkHeaders(URI uri, Map<String, String> headers) {
        for (Map.Entry<String, String> header : headers.entrySet()) {
            try {
                Scraper.request(uri, Map.of(header.getKey(), header.getValue()), MAX_SCRAPE_TIMEOUT);
            } catch (IllegalArgumentException e) {
                // The JDK's message may quote the value, which is likely a secret.
                throw new ConfigException("openmetrics.headers", "the header '" + header.getKey()
                        + "' cannot be sent: its name is restricted or invalid, or its value is not valid");
            }
        }
    }

    @Override
    public void sample(SampleWriter out) {
        if (scraper == null) {
            return; // closed, or never probed present
        }
        scrapeAll(timeout, out);
    }

    /**
     * Fetches and parses every endpoint at once, then writes each page's values as it is waited
     * for; values go to {@code out}, or only into the series numbering when it is null (the probe's scrape).
     */
    private void scrapeAll(Duration scrapeTimeout, SampleWriter out) {
        long deadline = System.nanoTime() + scrapeTimeout.toNanos();
        List<CompletableFuture<Integer>> pages = new ArrayList<>(endpoints.size());
        for (Endpoint endpoint : endpoints) {
            pages.add(scraper.fetch(endpoint.uri, scrapeTimeout, format -> endpoint.series.startPage(format, longLines)));
        }
        for (int i = 0; i < endpoints.size(); i++) {
            Endpoint endpoint = endpoints.get(i);
            CompletableFuture<Integer> page = pages.get(i);
            boolean up = false;
            try {
                int count = page.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (out != null) {
                    for (int value = 0; value < count; value++) {
                        out.writeLabelled(endpoint.series.counter(value) ? COUNTER_SERIES : SERIES,
                                endpoint.series.value(value), endpoint.series.labels(value),
                                endpoint.name, endpoint.series.metric(value), endpoint.series.idx(value));
                    }
                }
                up = true;
                answered(endpoint);
            } catch (TimeoutException e) {
                page.cancel(true); // abandons the page mid-read; one read whole as the wait ended is simply not used
                failed(endpoint, "no answer within " + scrapeTimeout.toMillis() + " ms");
            } catch (ExecutionException e) {
                failed(endpoint, Scraper.describe(e));
            } catch (InterruptedException e) {
                pages.forEach(pending -> pending.cancel(true));
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // A bug reading one endpoint must not cost the others their values.
                failed(endpoint, e.toString());
            }
            if (out != null) {
                out.write(ENDPOINT_UP, up ? 1 : 0, endpoint.name);
                if (!up) {
                    out.partialFailure();
                }
            }
        }
    }

    private void answered(Endpoint endpoint) {
        if (endpoint.failing) {
            endpoint.failing = false;
            logger.info("openmetrics endpoint {} ({}) answers again", endpoint.name, endpoint.uri);
        }
        if (endpoint.series.isFull() && !endpoint.warnedFull) {
            endpoint.warnedFull = true;
            logger.warn("openmetrics endpoint {} ({}) has more than {} series or {} MB of their labels; new ones are left"
                    + " out (narrow it with openmetrics.filters)", endpoint.name, endpoint.uri, EndpointSeries.MAX_SERIES,
                    EndpointSeries.MAX_SERIES_BYTES >> 20);
        }
    }

    private void failed(Endpoint endpoint, String reason) {
        if (!endpoint.failing) {
            endpoint.failing = true;
            logger.warn("openmetrics endpoint {} ({}): {}; its keys are left out until it answers", endpoint.name,
                    endpoint.uri, reason);
        }
    }

    @Override
    public void close() {
        if (scraper != null) {
            scraper.close();
            scraper = null;
        }
    }
}
