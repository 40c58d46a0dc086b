package io.sysgauge.plugin.openmetrics;

import io.sysgauge.spi.ConfigException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which scraped series to keep: {@code openmetrics.filters}, in either of W&amp;B's two forms.
 *
 * <ul>
 *   <li>a list of regexes, each matched against {@code <endpoint>.<metric>};
 *   <li>a map of such regexes to a map of label name to regex, all of whose labels must be
 *       present with a matching value.
 * </ul>
 *
 * Regexes match anywhere in the text (Java's {@code find}), entries are OR'ed, and without any
 * filter gauges, counters and untyped series are kept while histograms, summaries and the other
 * OpenMetrics types are dropped, as W&amp;B does. A filter that names a histogram's or summary's
 * series keeps them as plain values.
 */
public final class SeriesFilter {

    private static final String KEY = "openmetrics.filters";

    private record Entry(Pattern metric, Map<String, Pattern> labels) {}

    private final List<Entry> entries;

    private SeriesFilter(List<Entry> entries) {
        this.entries = entries;
    }

    /** @return the filter of an unset {@code openmetrics.filters}: gauges, counters and untyped series */
    public static SeriesFilter keepDefaultKinds() {
        return new SeriesFilter(List.of());
    }

    /**
     * Compiles {@code openmetrics.filters}.
     *
     * @param raw the YAML value: a list of regexes, a map of regex to a map of label to regex, a
     *     single regex, or null when unset
     * @return the compiled filter
     * @throws ConfigException for another shape or a regex that does not compile
     */
    public static SeriesFilter parse(Object raw) {
        if (raw == null) {
            return keepDefaultKinds();
        }
        List<Entry> entries = new ArrayList<>();
        if (raw instanceof String single) {
            entries.add(new Entry(compile(single), Map.of()));
        } else if (raw instanceof List<?> list) {
            for (Object item : list) {
                if (!(item instanceof String regex)) {
                    throw new ConfigException(KEY, "expected a list of regexes, got the item " + item);
                }
                entries.add(new Entry(compile(regex), Map.of()));
            }
        } else if (raw instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                Map<String, Pattern> labels = new LinkedHashMap<>();
                if (entry.getValue() instanceof Map<?, ?> labelMap) {
                    for (Map.Entry<?, ?> label : labelMap.entrySet()) {
                        if (label.getValue() == null || label.getValue() instanceof Map || label.getValue() instanceof List) {
                            throw new ConfigException(KEY, "expected label name: regex under '" + entry.getKey()
                                    + "', got " + label.getKey() + ": " + label.getValue());
                        }
                        labels.put(label.getKey().toString(), compile(label.getValue().toString()));
                    }
                } else if (entry.getValue() != null) {
                    throw new ConfigException(KEY, "expected a map of label name to regex under '" + entry.getKey()
                            + "', got " + entry.getValue());
                }
                entries.add(new Entry(compile(entry.getKey().toString()), Map.copyOf(labels)));
            }
        } else {
            throw new ConfigException(KEY, "expected a list of regexes or a map of regex to label regexes, got " + raw);
        }
        return new SeriesFilter(List.copyOf(entries));
    }

    private static Pattern compile(String regex) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new ConfigException(KEY, "'" + regex + "' is not a valid regex: " + e.getDescription()
                    + " near index " + e.getIndex());
        }
    }

    /** @return whether filters are configured, so that only what they match is kept */
    public boolean isConfigured() {
        return !entries.isEmpty();
    }

    /**
     * @param endpoint the endpoint's name
     * @param metric the sample name as exposed
     * @param kind its family's type
     * @param labels its labels
     * @return whether the series is kept
     */
    public boolean keeps(String endpoint, String metric, MetricKind kind, Map<String, String> labels) {
        if (entries.isEmpty()) {
            return kind.keptByDefault();
        }
        String subject = endpoint + "." + metric;
        for (Entry entry : entries) {
            if (entry.metric().matcher(subject).find() && labelsMatch(entry.labels(), labels)) {
                return true;
            }
        }
        return false;
    }

    private static boolean labelsMatch(Map<String, Pattern> wanted, Map<String, String> labels) {
        for (Map.Entry<String, Pattern> label : wanted.entrySet()) {
            String value = labels.get(label.getKey());
            if (value == null || !label.getValue().matcher(value).find()) {
                return false;
            }
        }
        return true;
    }
}
