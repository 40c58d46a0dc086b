package io.sysgauge.exporter.otlp;

import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.exporter.internal.FailedExportException;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.sysgauge.spi.ExportContext;
import io.sysgauge.spi.ExportedRecord;
import io.sysgauge.spi.MetricExporter;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes every record over OTLP/HTTP protobuf to an OpenTelemetry Collector or any OTLP backend.
 *
 * <p>{@link #export} never waits for the network: it appends the record to a bounded buffer and,
 * when a push is due (every {@code otlp.interval} of record time) and none is in flight, hands the
 * buffered records to the SDK's exporter, which sends them on its own thread within
 * {@code otlp.timeout}. A failed batch goes back into the buffer and is sent again with back-off
 * (the interval, doubled on each failure, at most {@link #MAX_BACKOFF} or the interval); when the
 * buffer is full the oldest record is dropped and counted in {@link #droppedInside}. While the last
 * push failed, {@link #export} keeps the record and then throws, so that core shows the exporter as
 * down ({@code sysgauge.exporter.otlp.up} 0) and logs it once a streak. The events file is written
 * by core whatever happens here.
 */
@Extension
public final class OtlpExporter implements MetricExporter {

    /** The exporter's id and its configuration section, {@code otlp}. */
    public static final String ID = "otlp";
    /** At most this many records go in one request: a buffer kept through an outage leaves in parts. */
    static final int MAX_RECORDS_PER_REQUEST = 60;
    /** The longest wait between tries while the receiver fails, unless the interval is longer. */
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    /** What is left at the end of a run is sent within this many request timeouts (20 s by default). */
    static final int FLUSH_TIMEOUTS = 2;

    private static final Logger logger = LoggerFactory.getLogger(OtlpExporter.class);
    // The SDK logs each failed request through java.util.logging, with the receiver's answer; this exporter
    // logs once a streak instead. A strong reference: java.util.logging forgets a level set on a collected logger.
    private static final java.util.logging.Logger SDK_EXPORTER_LOG =
            java.util.logging.Logger.getLogger("io.opentelemetry.exporter");

    private final Map<String, String> environment;
    private final Path machineIdFile;
    private final AtomicLong droppedInside = new AtomicLong();

    // Set by start, read by the worker thread only.
    private OtlpSettings settings;
    private OtlpHttpMetricExporter sender;
    private Map<String, Object> runMetadata;
    private MetricBatch batch;

    // Guarded by this: shared with the SDK's thread that completes a request.
    private final ArrayDeque<ExportedRecord> pending = new ArrayDeque<>();
    private CompletableResultCode inFlight;
    private double nextPushAt = Double.NEGATIVE_INFINITY;
    private int failures;
    private String failure; // why the last push failed; null after a success
    private boolean dropping;

    /** As PF4J creates it: the process's environment, {@code /etc/machine-id}. */
    public OtlpExporter() {
        this(System.getenv(), Path.of("/etc/machine-id"));
    }

    /**
     * @param environment where {@code OTEL_EXPORTER_OTLP_*} are read
     * @param machineIdFile where {@code host.id} is read
     */
    OtlpExporter(Map<String, String> environment, Path machineIdFile) {
        this.environment = Map.copyOf(environment);
        this.machineIdFile = machineIdFile;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Set<String> configKeys() {
        return Set.of(OtlpSettings.ENDPOINT, OtlpSettings.HEADERS, OtlpSettings.COMPRESSION, OtlpSettings.INTERVAL,
                OtlpSettings.TIMEOUT, OtlpSettings.BUFFER);
    }

    /** Only with an endpoint ({@code otlp.endpoint} or {@code OTEL_EXPORTER_OTLP_ENDPOINT}): else nowhere to push. */
    @Override
    public boolean active(ExportContext context) {
        return OtlpSettings.endpoint(context.config(), environment).isPresent();
    }

    @Override
    public void start(ExportContext context) {
        settings = OtlpSettings.of(context.config(), environment, context.interval());
        runMetadata = context.runMetadata();
        SDK_EXPORTER_LOG.setLevel(Level.OFF);
        var builder = OtlpHttpMetricExporter.builder()
                .setEndpoint(settings.endpoint())
                .setCompression(settings.compression())
                .setTimeout(settings.timeout())
                .setConnectTimeout(settings.timeout())
                // Retried here, from a bounded buffer, rather than inside one export call that holds a thread.
                .setRetryPolicy(null)
                .setMeterProvider(MeterProvider::noop)
                // The JDK sender is found through ServiceLoader in this plugin's jar, not the application's class path.
                .setServiceClassLoader(OtlpExporter.class.getClassLoader());
        settings.headers().forEach(builder::addHeader);
        sender = builder.build();
        logger.debug("otlp: pushing to {} every {} ({} header{}, {}), keeping up to {} records while it does not answer",
                settings.shownEndpoint(), format(settings.interval()), settings.headers().size(),
                settings.headers().size() == 1 ? "" : "s", settings.compression(), settings.buffer());
    }

    @Override
    public void export(ExportedRecord record) throws IOException {
        if (batch == null) {
            batch = new MetricBatch(RunResource.of(runMetadata, machineIdFile), scope(), runStartNanos(record));
        }
        synchronized (this) {
            pending.addLast(record);
            trimToBound();
        }
        pushIfDue(record.timestamp());
        String failing;
        synchronized (this) {
            failing = failure;
        }
        if (failing != null) {
            // Core logs this once a streak and shows it as sysgauge.exporter.otlp.up 0; the record itself is kept.
            throw new IOException(settings.shownEndpoint() + " does not take records (" + failing + "); they are kept, up to "
                    + settings.buffer() + ", and sent again with back-off");
        }
    }

    /**
     * Waits for the request in flight, then sends what the buffer holds, each request within the
     * timeout and all of it within {@link #FLUSH_TIMEOUTS} timeouts, so a slow receiver cannot hold
     * the end of the run; what cannot be sent is counted as dropped.
     */
    @Override
    public void end(double runtime, long dropped) {
        if (sender == null) {
            return;
        }
        long deadline = System.nanoTime() + settings.timeout().multipliedBy(FLUSH_TIMEOUTS).toNanos();
        awaitInFlight();
        while (true) {
            List<ExportedRecord> records;
            synchronized (this) {
                if (pending.isEmpty()) {
                    return;
                }
                records = take();
            }
            CompletableResultCode result = sender.export(batch.of(records));
            result.join(settings.timeout().toMillis() + 1_000, TimeUnit.MILLISECONDS);
            if (!result.isSuccess() || System.nanoTime() > deadline) {
                long lost;
                synchronized (this) {
                    lost = (result.isSuccess() ? 0 : records.size()) + pending.size();
                    pending.clear();
                }
                if (lost > 0) {
                    droppedInside.addAndGet(lost);
                    logger.warn("otlp: {} record{} not delivered to {} at the end of the run: {}", lost,
                            lost == 1 ? "" : "s", settings.shownEndpoint(),
                            result.isSuccess() ? "it took too long" : reason(result));
                }
                return;
            }
        }
    }

    /** @return records dropped because the receiver did not take them before the buffer filled up */
    @Override
    public long droppedInside() {
        return droppedInside.get();
    }

    @Override
    public void close() {
        OtlpHttpMetricExporter closing = sender;
        sender = null;
        if (closing != null) {
            closing.shutdown().join(1, TimeUnit.SECONDS);
        }
    }

    /** @return whether a request is in flight (tests wait for it to be answered before the next record) */
    synchronized boolean pushing() {
        return inFlight != null;
    }

    private void pushIfDue(double now) {
        List<ExportedRecord> records;
        synchronized (this) {
            if (inFlight != null || pending.isEmpty() || now < nextPushAt) {
                return;
            }
            records = take();
            inFlight = new CompletableResultCode(); // taken: no second push until this one is done
        }
        CompletableResultCode result;
        try {
            Collection<MetricData> metrics = batch.of(records);
            result = sender.export(metrics);
        } catch (RuntimeException e) {
            result = CompletableResultCode.ofExceptionalFailure(e); // kept and tried again, as a refused request
        }
        synchronized (this) {
            inFlight = result;
        }
        CompletableResultCode sent = result;
        sent.whenComplete(() -> completed(sent, records, now));
    }

    private synchronized void completed(CompletableResultCode result, List<ExportedRecord> records, double sentAt) {
        inFlight = null;
        notifyAll();
        if (result.isSuccess()) {
            failures = 0;
            failure = null;
            dropping = false;
            // A buffer kept through an outage leaves with the next records, a part per record.
            nextPushAt = pending.size() >= MAX_RECORDS_PER_REQUEST ? sentAt : sentAt + seconds(settings.interval());
            return;
        }
        failure = reason(result);
        failures++;
        for (int i = records.size() - 1; i >= 0; i--) {
            pending.addFirst(records.get(i));
        }
        trimToBound();
        nextPushAt = sentAt + seconds(backoff(settings.interval(), failures));
    }

    /** The interval, doubled on each failure in a row, at most {@link #MAX_BACKOFF} (or the interval, if longer). */
    static Duration backoff(Duration interval, int failures) {
        Duration cap = interval.compareTo(MAX_BACKOFF) > 0 ? interval : MAX_BACKOFF;
        Duration wait = interval;
        for (int i = 1; i < failures && wait.compareTo(cap) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(cap) > 0 ? cap : wait;
    }

    // Guarded by this.
    private void trimToBound() {
        while (pending.size() > settings.buffer()) {
            pending.removeFirst();
            droppedInside.incrementAndGet();
            if (!dropping) {
                dropping = true;
                logger.warn("otlp: {} has not taken records for longer than the buffer holds ({} records):"
                        + " dropping the oldest, counted in sysgauge.exporter.otlp.dropped", settings.shownEndpoint(), settings.buffer());
            }
        }
    }

    // Guarded by this.
    private List<ExportedRecord> take() {
        List<ExportedRecord> records = new ArrayList<>(Math.min(pending.size(), MAX_RECORDS_PER_REQUEST));
        while (!pending.isEmpty() && records.size() < MAX_RECORDS_PER_REQUEST) {
            records.add(pending.removeFirst());
        }
        return records;
    }

    private void awaitInFlight() {
        CompletableResultCode waiting;
        synchronized (this) {
            waiting = inFlight;
        }
        if (waiting != null) {
            waiting.join(settings.timeout().toMillis() + 1_000, TimeUnit.MILLISECONDS);
        }
        synchronized (this) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            // The completion callback may still be running on the SDK's thread.
            while (inFlight != null && System.nanoTime() < deadline) {
                try {
                    wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private long runStartNanos(ExportedRecord first) {
        if (runMetadata.get("startedAt") instanceof String startedAt) {
            try {
                Instant started = Instant.parse(startedAt);
                return started.getEpochSecond() * 1_000_000_000L + started.getNano();
            } catch (DateTimeParseException e) {
                // below
            }
        }
        return Math.round((first.timestamp() - first.runtime()) * 1e9);
    }

    private InstrumentationScopeInfo scope() {
        var builder = InstrumentationScopeInfo.builder("io.sysgauge");
        if (runMetadata.get("sysgauge") instanceof Map<?, ?> sysgauge && sysgauge.get("version") != null) {
            builder.setVersion(String.valueOf(sysgauge.get("version")));
        }
        return builder.build();
    }

    // The SDK's failure says what the receiver answered (a status code) or why it could not be reached.
    private static String reason(CompletableResultCode result) {
        Throwable failure = result.getFailureThrowable();
        if (failure == null) {
            return "no answer within the timeout";
        }
        if (failure instanceof FailedExportException.HttpExportException http && http.failedWithResponse()) {
            return "it answered HTTP " + http.getResponse().getStatusCode();
        }
        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
        String message = cause.getMessage() == null ? "" : " (" + cause.getMessage().lines().findFirst().orElse("") + ")";
        return cause.getClass().getSimpleName() + message;
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }

    private static String format(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }
}
