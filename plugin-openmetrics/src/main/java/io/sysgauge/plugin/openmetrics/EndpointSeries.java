package io.sysgauge.plugin.openmetrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The series of one endpoint: reads a page into this tick's values, numbering each metric's label
 * sets in order of first appearance ({@code idx}, stable for the run) and keeping the filter's
 * decision for each, so a page that repeats costs a hash of each line's name and label bytes
 * rather than decoding, sorting and matching them again.
 *
 * <p>A page is read as it streams in ({@link #startPage}), on the HTTP client's threads, one page
 * at a time: starting a page gives up on one still being read (a scrape that timed out), and a
 * reader given up on changes nothing more. The values of the latest page are read once its
 * reader has finished, on the thread that waited for it. The label sets behind the numbers go
 * into a map shared with metadata, which must be safe to read from another thread.
 */
public final class EndpointSeries {

    /** Beyond this many series an endpoint's new ones are dropped: a page whose labels churn must not grow memory without end. */
    static final int MAX_SERIES = 5_000;
    /** Nor beyond this many bytes of kept series' names and labels, so that a few huge label sets cannot either. */
    static final long MAX_SERIES_BYTES = 8L << 20;
    // The raw-bytes table is a cache of decisions; dropped series make it grow, so it starts over past either.
    private static final int MAX_CACHED_LINES = 4 * MAX_SERIES;
    private static final long MAX_CACHED_BYTES = 8L << 20;
    private static final Series DROPPED = new Series("", Map.of(), false);

    /** A kept series; its number is given when the page it first appeared on has been read whole. */
    static final class Series {
        final String metric;
        final Map<String, String> labels;
        // The same labels as an immutable map, which core's writer keeps as it is instead of copying it every tick.
        final Map<String, String> exported;
        // Whether the page typed its family counter: exporters type it so too.
        final boolean counter;
        String idx;
        // The page this series last had a value on: a series repeated on a page keeps its first value.
        long page = -1;
        // Its name and raw label bytes, counted against MAX_SERIES_BYTES.
        long bytes;

        Series(String metric, Map<String, String> labels, boolean counter) {
            this.metric = metric;
            this.labels = labels;
            this.exported = Map.copyOf(labels);
            this.counter = counter;
        }
    }

    /** W&B keys series by their sorted labels: the same set written in another order or spacing is the same series. */
    private record CanonicalKey(String metric, Map<String, String> labels) {}

    private static final class CachedLine {
        final byte[] key;
        final int hash;
        final Series series;

        CachedLine(byte[] key, int hash, Series series) {
            this.key = key;
            this.hash = hash;
            this.series = series;
        }
    }

    private final String endpoint;
    private final SeriesFilter filter;
    private final Map<String, Map<String, String>> published;
    private final Map<CanonicalKey, Series> byCanonicalKey = new HashMap<>();
    private final Map<String, Integer> nextIdx = new HashMap<>();
    private final List<Series> firstSeenOnThisPage = new ArrayList<>();
    private CachedLine[] cache = new CachedLine[1024];
    private int cached;
    private long cachedBytes;
    private int kept;
    private long keptBytes;
    private boolean full;
    // The page being read, if any, and how many pages have been started.
    private Reading reading;
    private long pages;

    // This page's values, reused from page to page.
    private Series[] pageSeries = new Series[256];
    private double[] pageValues = new double[256];
    private int pageCount;

    /**
     * @param endpoint the endpoint's name
     * @param filter which series to keep
     * @param published where each kept series' labels go, under {@code <endpoint>.<metric>.<idx>}
     */
    public EndpointSeries(String endpoint, SeriesFilter filter, Map<String, Map<String, String>> published) {
        this.endpoint = endpoint;
        this.filter = filter;
        this.published = published;
    }

    /**
     * Reads a whole page. On a parse error nothing of the page is kept: no values, no new series.
     *
     * @param page the page's bytes
     * @param length how many of them are the page
     * @param format its format
     * @return how many values the page gave; read them with {@link #metric}, {@link #idx} and {@link #value}
     * @throws ExpositionParseException if the page is not valid
     */
    public int read(byte[] page, int length, ExpositionFormat format) throws ExpositionParseException {
        PageReader reader = startPage(format, PageBudget.unlimited());
        try {
            reader.feed(page, 0, length);
        } catch (java.io.IOException e) {
            reader.abandon();
            throw new IllegalStateException("an unlimited budget refused room", e);
        }
        return reader.finish();
    }

    /**
     * Starts reading a page as it arrives, giving up on any page still being read. On a parse
     * error, or once abandoned, nothing of the page is kept: no values, no new series.
     *
     * @param format the page's format
     * @param budget the room its long lines may take
     * @return where its bytes go; {@link PageReader#finish} gives how many values it had
     */
    synchronized PageReader startPage(ExpositionFormat format, PageBudget budget) {
        if (reading != null) {
            reading.forget();
        }
        pages++;
        pageCount = 0;
        firstSeenOnThisPage.clear();
        reading = new Reading(format, budget);
        return reading;
    }

    /** One page being read; only the latest one started changes anything. */
    private final class Reading implements PageReader {
        private final ExpositionParser parser;

        Reading(ExpositionFormat format, PageBudget budget) {
            parser = new ExpositionParser(format, EndpointSeries.this::accept, budget);
        }

        @Override
        public void feed(byte[] bytes, int offset, int length) throws ExpositionParseException, java.io.IOException {
            synchronized (EndpointSeries.this) {
                checkCurrent();
                try {
                    parser.feed(bytes, offset, length);
                } catch (ExpositionParseException | java.io.IOException | RuntimeException e) {
                    forget();
                    throw e;
                }
            }
        }

        @Override
        public int finish() throws ExpositionParseException {
            synchronized (EndpointSeries.this) {
                checkCurrent();
                try {
                    parser.finish();
                } catch (ExpositionParseException | RuntimeException e) {
                    forget();
                    throw e;
                }
                reading = null;
                for (Series series : firstSeenOnThisPage) {
                    int idx = nextIdx.merge(series.metric, 1, Integer::sum) - 1;
                    series.idx = Integer.toString(idx);
                    published.put(endpoint + "." + series.metric + "." + series.idx, series.labels);
                }
                firstSeenOnThisPage.clear();
                return pageCount;
            }
        }

        @Override
        public void abandon() {
            synchronized (EndpointSeries.this) {
                if (reading == this) {
                    forget();
                }
                parser.release();
            }
        }

        private void checkCurrent() {
            if (reading != this) {
                throw new java.util.concurrent.CancellationException("a later page of " + endpoint + " is being read");
            }
        }

        /** Called with the lock held, while this is the page being read. */
        private void forget() {
            reading = null;
            parser.release();
            forgetFirstSeen();
            pageCount = 0;
        }
    }

    /** @return the endpoint's name */
    public String endpoint() {
        return endpoint;
    }

    /** @return the sample name of the i-th value of the latest page */
    public String metric(int i) {
        return pageSeries[i].metric;
    }

    /** @return the series number of the i-th value of the latest page */
    public String idx(int i) {
        return pageSeries[i].idx;
    }

    /** @return the labels of the i-th value of the latest page, as the page gave them */
    public Map<String, String> labels(int i) {
        return pageSeries[i].exported;
    }

    /** @return whether the i-th value of the latest page belongs to a family the page typed counter */
    public boolean counter(int i) {
        return pageSeries[i].counter;
    }

    /** @return the i-th value of the latest page */
    public double value(int i) {
        return pageValues[i];
    }

    /** @return whether new series have been dropped for reaching {@link #MAX_SERIES} or {@link #MAX_SERIES_BYTES} */
    boolean isFull() {
        return full;
    }

    private void accept(ExpositionSample sample) {
        Series series = lookUp(sample);
        if (series == DROPPED || series.page == pages) {
            return; // left out, or a repeat on this page: the first value stands, as in Prometheus
        }
        series.page = pages;
        if (pageCount == pageSeries.length) {
            pageSeries = Arrays.copyOf(pageSeries, pageCount * 2);
            pageValues = Arrays.copyOf(pageValues, pageCount * 2);
        }
        pageSeries[pageCount] = series;
        pageValues[pageCount] = sample.value;
        pageCount++;
    }

    /** Finds the series of a line by its name and raw label bytes; decodes only lines not seen before. */
    private Series lookUp(ExpositionSample sample) {
        byte[] page = sample.page;
        int hash = 1;
        for (int i = sample.nameStart; i < sample.nameEnd; i++) {
            hash = 31 * hash + page[i];
        }
        hash = 31 * hash + '{';
        for (int i = sample.labelsStart; i < sample.labelsEnd; i++) {
            hash = 31 * hash + page[i];
        }
        hash ^= hash >>> 16;
        int mask = cache.length - 1;
        for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
            CachedLine line = cache[slot];
            if (line == null) {
                break;
            }
            if (line.hash == hash && sameLine(line.key, sample)) {
                return line.series;
            }
        }
        Series series = decide(sample);
        remember(sample, hash, series);
        return series;
    }

    private static boolean sameLine(byte[] key, ExpositionSample sample) {
        int nameLength = sample.nameEnd - sample.nameStart;
        int labelsLength = sample.labelsEnd - sample.labelsStart;
        return key.length == nameLength + 1 + labelsLength
                && Arrays.equals(key, 0, nameLength, sample.page, sample.nameStart, sample.nameEnd)
                && key[nameLength] == '{'
                && Arrays.equals(key, nameLength + 1, key.length, sample.page, sample.labelsStart, sample.labelsEnd);
    }

    private Series decide(ExpositionSample sample) {
        String metric = sample.name();
        Map<String, String> labels = sample.labels();
        CanonicalKey canonicalKey = new CanonicalKey(metric, labels);
        Series series = byCanonicalKey.get(canonicalKey);
        if (series != null) {
            return series;
        }
        if (!filter.keeps(endpoint, metric, sample.kind, labels)) {
            return DROPPED;
        }
        long bytes = (sample.nameEnd - sample.nameStart) + (sample.labelsEnd - sample.labelsStart);
        if (kept >= MAX_SERIES || keptBytes + bytes > MAX_SERIES_BYTES) {
            full = true;
            return DROPPED;
        }
        series = new Series(metric, labels, sample.kind == MetricKind.COUNTER);
        series.bytes = bytes;
        byCanonicalKey.put(canonicalKey, series);
        firstSeenOnThisPage.add(series);
        kept++;
        keptBytes += bytes;
        return series;
    }

    private void remember(ExpositionSample sample, int hash, Series series) {
        int nameLength = sample.nameEnd - sample.nameStart;
        int keyLength = nameLength + 1 + sample.labelsEnd - sample.labelsStart;
        if (cached >= MAX_CACHED_LINES || cachedBytes + keyLength > MAX_CACHED_BYTES) {
            clearCache();
        }
        if (2 * (cached + 1) > cache.length) {
            CachedLine[] old = cache;
            cache = new CachedLine[old.length * 2];
            for (CachedLine line : old) {
                if (line != null) {
                    insert(line);
                }
            }
        }
        byte[] key = new byte[keyLength];
        System.arraycopy(sample.page, sample.nameStart, key, 0, nameLength);
        key[nameLength] = '{';
        System.arraycopy(sample.page, sample.labelsStart, key, nameLength + 1, sample.labelsEnd - sample.labelsStart);
        insert(new CachedLine(key, hash, series));
        cached++;
        cachedBytes += keyLength;
    }

    private void insert(CachedLine line) {
        int mask = cache.length - 1;
        int slot = line.hash & mask;
        while (cache[slot] != null) {
            slot = (slot + 1) & mask;
        }
        cache[slot] = line;
    }

    private void clearCache() {
        Arrays.fill(cache, null);
        cached = 0;
        cachedBytes = 0;
    }

    /** A page that fails to parse leaves no series behind: they get their number from a page read whole. */
    private void forgetFirstSeen() {
        if (firstSeenOnThisPage.isEmpty()) {
            return;
        }
        for (Series series : firstSeenOnThisPage) {
            byCanonicalKey.remove(new CanonicalKey(series.metric, series.labels));
            keptBytes -= series.bytes;
        }
        kept -= firstSeenOnThisPage.size();
        firstSeenOnThisPage.clear();
        // Cached lines may point at the forgotten series; the cache is only a cache.
        clearCache();
    }
}
