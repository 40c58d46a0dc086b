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
 * <p>Not thread safe: one thread reads pages (the collector's). The label sets behind the
 * numbers go into a map shared with metadata, which must be safe to read from another thread.
 */
public final class EndpointSeries {

    /** Beyond this many series an endpoint's new ones are dropped: a page whose labels churn must not grow memory without end. */
    static final int MAX_SERIES = 5_000;
    // The raw-bytes table is a cache of decisions; dropped series make it grow, so it starts over past this.
    private static final int MAX_CACHED_LINES = 4 * MAX_SERIES;
    private static final Series DROPPED = new Series("", Map.of());

    /** A kept series; its number is given when the page it first appeared on has been read whole. */
    static final class Series {
        final String metric;
        final Map<String, String> labels;
        // The same labels as an immutable map, which core's writer keeps as it is instead of copying it every tick.
        final Map<String, String> exported;
        String idx;

        Series(String metric, Map<String, String> labels) {
            this.metric = metric;
            this.labels = labels;
            this.exported = Map.copyOf(labels);
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
    private int kept;
    private boolean full;

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
     * Reads a page. On a parse error nothing of the page is kept: no values, no new series.
     *
     * @param page the page's bytes
     * @param length how many of them are the page
     * @param format its format
     * @return how many values the page gave; read them with {@link #metric}, {@link #idx} and {@link #value}
     * @throws ExpositionParseException if the page is not valid
     */
    public int read(byte[] page, int length, ExpositionFormat format) throws ExpositionParseException {
        pageCount = 0;
        firstSeenOnThisPage.clear();
        try {
            ExpositionParser.parse(page, length, format, this::accept);
        } catch (ExpositionParseException e) {
            forgetFirstSeen();
            pageCount = 0;
            throw e;
        }
        for (Series series : firstSeenOnThisPage) {
            int idx = nextIdx.merge(series.metric, 1, Integer::sum) - 1;
            series.idx = Integer.toString(idx);
            published.put(endpoint + "." + series.metric + "." + series.idx, series.labels);
        }
        firstSeenOnThisPage.clear();
        return pageCount;
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

    /** @return the i-th value of the latest page */
    public double value(int i) {
        return pageValues[i];
    }

    /** @return whether new series have been dropped for reaching {@link #MAX_SERIES} */
    boolean isFull() {
        return full;
    }

    private void accept(ExpositionSample sample) {
        Series series = lookUp(sample);
        if (series == DROPPED) {
            return;
        }
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
        if (kept >= MAX_SERIES) {
            full = true;
            return DROPPED;
        }
        series = new Series(metric, labels);
        byCanonicalKey.put(canonicalKey, series);
        firstSeenOnThisPage.add(series);
        kept++;
        return series;
    }

    private void remember(ExpositionSample sample, int hash, Series series) {
        if (cached >= MAX_CACHED_LINES) {
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
        int nameLength = sample.nameEnd - sample.nameStart;
        byte[] key = new byte[nameLength + 1 + sample.labelsEnd - sample.labelsStart];
        System.arraycopy(sample.page, sample.nameStart, key, 0, nameLength);
        key[nameLength] = '{';
        System.arraycopy(sample.page, sample.labelsStart, key, nameLength + 1, sample.labelsEnd - sample.labelsStart);
        insert(new CachedLine(key, hash, series));
        cached++;
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
    }

    /** A page that fails to parse leaves no series behind: they get their number from a page read whole. */
    private void forgetFirstSeen() {
        if (firstSeenOnThisPage.isEmpty()) {
            return;
        }
        for (Series series : firstSeenOnThisPage) {
            byCanonicalKey.remove(new CanonicalKey(series.metric, series.labels));
        }
        kept -= firstSeenOnThisPage.size();
        firstSeenOnThisPage.clear();
        // Cached lines may point at the forgotten series; the cache is only a cache.
        clearCache();
    }
}
