package io.sysgauge.plugin.openmetrics;

import java.util.Locale;

/** The two text formats a scraped page may be in; the response's Content-Type says which. */
public enum ExpositionFormat {
    /** Prometheus text format 0.0.4 ({@code text/plain; version=0.0.4}). */
    PROMETHEUS_TEXT,
    /** OpenMetrics 1.0 text ({@code application/openmetrics-text}): ends with {@code # EOF}, may carry exemplars. */
    OPENMETRICS;

    /**
     * What Prometheus itself sends: OpenMetrics preferred, then Prometheus text, then anything
     * (which is read as Prometheus text).
     */
    static final String ACCEPT = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
            + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    /**
     * @param contentType the response's Content-Type header, or null
     * @return OpenMetrics for {@code application/openmetrics-text}; Prometheus text otherwise, as
     *     Prometheus falls back for a missing or unknown type
     */
    static ExpositionFormat fromContentType(String contentType) {
        if (contentType == null) {
            return PROMETHEUS_TEXT;
        }
        String mediaType = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return mediaType.equals("application/openmetrics-text") ? OPENMETRICS : PROMETHEUS_TEXT;
    }
}
