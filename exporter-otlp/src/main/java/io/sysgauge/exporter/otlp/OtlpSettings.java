package io.sysgauge.exporter.otlp;

import io.sysgauge.spi.ConfigException;
import io.sysgauge.spi.ConfigSection;
import io.sysgauge.spi.ConfigValues;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where and how the OTLP exporter pushes: its {@code otlp.*} section first, then the standard
 * {@code OTEL_EXPORTER_OTLP_METRICS_*} and {@code OTEL_EXPORTER_OTLP_*} variables, then defaults.
 *
 * @param endpoint the full URL requests go to, such as {@code http://127.0.0.1:4318/v1/metrics}
 * @param headers sent with every request; their values are never logged
 * @param compression {@code gzip} or {@code none}
 * @param interval how often a batch is pushed, in record time
 * @param timeout the longest one request may take, connecting included
 * @param buffer records kept for a receiver that does not answer; older ones are dropped and counted
 */
record OtlpSettings(String endpoint, Map<String, String> headers, String compression, Duration interval,
        Duration timeout, int buffer) {

    static final String ENDPOINT = "endpoint";
    static final String HEADERS = "headers";
    static final String COMPRESSION = "compression";
    static final String INTERVAL = "interval";
    static final String TIMEOUT = "timeout";
    static final String BUFFER = "buffer";

    /** The path the OTLP specification appends to a base endpoint for metrics. */
    static final String METRICS_PATH = "/v1/metrics";
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** How much a receiver outage the buffer holds by default, at most {@link #MAX_DEFAULT_BUFFER} records. */
    static final Duration DEFAULT_BUFFERED_TIME = Duration.ofMinutes(10);
    static final int MAX_DEFAULT_BUFFER = 3_600;

    /**
     * @return the endpoint, when the section or the environment names one: without it the
     *     exporter has nowhere to push and stays out of the run
     */
    static Optional<String> endpoint(ConfigSection config, Map<String, String> environment) {
        Optional<String> configured = config.string(ENDPOINT).map(String::strip).filter(text -> !text.isEmpty());
        if (configured.isPresent()) {
            return Optional.of(withMetricsPath(checkedUrl(config.name() + "." + ENDPOINT, configured.get())));
        }
        String full = environment.get("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT");
        if (full != null && !full.isBlank()) {
            return Optional.of(checkedUrl("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", full.strip())); // used as given
        }
        String base = environment.get("OTEL_EXPORTER_OTLP_ENDPOINT");
        if (base != null && !base.isBlank()) {
            return Optional.of(withMetricsPath(checkedUrl("OTEL_EXPORTER_OTLP_ENDPOINT", base.strip())));
        }
        return Optional.empty();
    }

    static OtlpSettings of(ConfigSection config, Map<String, String> environment, Duration samplingInterval) {
        String section = config.name() + ".";
        String endpoint = endpoint(config, environment).orElseThrow(() -> new ConfigException(section + ENDPOINT,
                "is required (or OTEL_EXPORTER_OTLP_ENDPOINT), such as http://127.0.0.1:4318"));
        Map<String, String> headers = config.stringMap(HEADERS);
        if (headers.isEmpty()) {
            headers = variable(environment, "HEADERS").map(OtlpSettings::parseHeaders).orElse(Map.of());
        }
        String compression = config.string(COMPRESSION).or(() -> variable(environment, "COMPRESSION")).orElse("gzip")
                .strip().toLowerCase(Locale.ROOT);
        if (!compression.equals("gzip") && !compression.equals("none")) {
            throw new ConfigException(section + COMPRESSION, "expected gzip or none, got '" + compression + "'");
        }
        Duration interval = config.duration(INTERVAL).orElse(samplingInterval);
        Duration timeout = config.duration(TIMEOUT).or(() -> variable(environment, "TIMEOUT").map(OtlpSettings::millis))
                .orElse(DEFAULT_TIMEOUT);
        if (timeout.isZero() || interval.isZero()) {
            throw new ConfigException(section + (timeout.isZero() ? TIMEOUT : INTERVAL), "must be more than 0");
        }
        int buffer = config.string(BUFFER).map(text -> records(section + BUFFER, text))
                .orElse(defaultBuffer(interval));
        return new OtlpSettings(endpoint, Map.copyOf(headers), compression, interval, timeout, buffer);
    }

    /** @return the endpoint for log lines: without a user and password written into it */
    String shownEndpoint() {
        int scheme = endpoint.indexOf("://");
        int at = endpoint.indexOf('@', scheme + 3);
        int path = endpoint.indexOf('/', scheme + 3);
        return at < 0 || (path >= 0 && at > path) ? endpoint : endpoint.substring(0, scheme + 3) + endpoint.substring(at + 1);
    }

    /** Ten minutes of records at the push interval, at most 3,600 records. */
    static int defaultBuffer(Duration interval) {
        long records = DEFAULT_BUFFERED_TIME.toMillis() / Math.max(1, interval.toMillis());
        return (int) Math.max(1, Math.min(MAX_DEFAULT_BUFFER, records));
    }

    // The metrics-specific variable wins over the generic one, as the specification says.
    private static Optional<String> variable(Map<String, String> environment, String suffix) {
        String specific = environment.get("OTEL_EXPORTER_OTLP_METRICS_" + suffix);
        String value = specific != null && !specific.isBlank() ? specific : environment.get("OTEL_EXPORTER_OTLP_" + suffix);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    private static String withMetricsPath(String base) {
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + METRICS_PATH;
    }

    private static String checkedUrl(String key, String url) {
        try {
            URI uri = new URI(url);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return url;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new ConfigException(key, "expected an http:// or https:// URL such as http://127.0.0.1:4318, got '" + url + "'");
    }

    // The specification's form: key=value pairs joined by ',', values percent-encoded.
    static Map<String, String> parseHeaders(String text) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String pair : text.split(",")) {
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                continue; // the specification says to skip a malformed pair
            }
            headers.put(pair.substring(0, equals).strip(),
                    URLDecoder.decode(pair.substring(equals + 1).strip(), StandardCharsets.UTF_8));
        }
        return headers;
    }

    private static Duration millis(String text) {
        try {
            return Duration.ofMillis(Long.parseLong(text));
        } catch (NumberFormatException e) {
            throw new ConfigException("OTEL_EXPORTER_OTLP_TIMEOUT", "expected milliseconds, got '" + text + "'");
        }
    }

    private static int records(String key, String text) {
        try {
            int records = Integer.parseInt(text.strip());
            if (records >= 1 && records <= 1_000_000) {
                return records;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException(key, "expected a number of records from 1 to 1000000, got " + ConfigValues.describe(text));
    }
}
