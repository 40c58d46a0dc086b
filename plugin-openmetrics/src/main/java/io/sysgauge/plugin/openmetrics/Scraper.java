package io.sysgauge.plugin.openmetrics;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The HTTP edge: fetches pages with the JDK's client, asynchronously, so that every endpoint's
 * request is in flight at once and a slow one costs only its own time. It asks for OpenMetrics
 * first and Prometheus text next, and for gzip, as Prometheus does, and sends the configured
 * headers on every request. A page is never held whole: each chunk is decoded (gzip) and handed to
 * a {@link PageReader} as it comes off the socket, and the next is asked for only once it is read.
 */
final class Scraper implements AutoCloseable {

    /** The largest page read, decoded: an 8-GPU dcgm-exporter page is about 1 MB. A larger one fails its endpoint. */
    static final int MAX_PAGE_BYTES = 16 << 20;

    // Decoded gzip goes to the reader in pieces this large; a chunk that is not an array is copied through one too.
    private static final int SCRATCH_BYTES = 32 << 10;

    private final ExecutorService executor;
    private final HttpClient client;
    private final Map<String, String> headers;

    /**
     * @param headers sent on every request; values are secrets and are never logged
     * @param connectTimeout how long to wait for a connection
     */
    Scraper(Map<String, String> headers, Duration connectTimeout) {
        this.headers = Map.copyOf(headers);
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "openmetrics-http-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.client = HttpClient.newBuilder()
                .executor(executor)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                // HTTP/1.1: exporters speak it, and there is no h2c upgrade attempt on plain http.
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /**
     * Builds the request an endpoint gets, which is also how headers are checked at probe time.
     *
     * @throws IllegalArgumentException for a header the JDK refuses (restricted or malformed)
     */
    static HttpRequest request(URI uri, Map<String, String> headers, Duration timeout) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).GET().timeout(timeout)
                .header("Accept", ExpositionFormat.ACCEPT)
                .header("Accept-Encoding", "gzip")
                .header("User-Agent", "sysgauge-openmetrics");
        headers.forEach(builder::setHeader);
        return builder.build();
    }

    /**
     * Starts fetching a page, which is read as it arrives.
     *
     * @param uri the endpoint
     * @param timeout for the response's headers; the caller bounds the whole exchange
     * @param open gives the reader of a page in the format its Content-Type names, once the headers are in
     * @return how many values the page gave, or a failure: an {@link IOException} for a refused
     *     connection, a timeout, a status other than 2xx, an unknown Content-Encoding, damaged gzip
     *     or a page over {@link #MAX_PAGE_BYTES} ({@link PageTooLargeException}), what the reader
     *     threw ({@link ExpositionParseException}, {@link PageBudget.OverBudgetException}).
     *     Cancelling it abandons the page's reader.
     */
    CompletableFuture<Integer> fetch(URI uri, Duration timeout, Function<ExpositionFormat, PageReader> open) {
        AtomicReference<StreamingBody> body = new AtomicReference<>();
        CompletableFuture<HttpResponse<Integer>> sent = client.sendAsync(request(uri, headers, timeout), info -> {
            if (info.statusCode() / 100 != 2) {
                return HttpResponse.BodySubscribers.replacing(null); // read past and dropped
            }
            ExpositionFormat format = ExpositionFormat.fromContentType(info.headers().firstValue("Content-Type").orElse(null));
            String encoding = info.headers().firstValue("Content-Encoding").orElse("identity").strip().toLowerCase(Locale.ROOT);
            StreamingBody subscriber = new StreamingBody(info.headers().firstValueAsLong("Content-Length").orElse(-1),
                    encoding, () -> open.apply(format));
            body.set(subscriber);
            return subscriber;
        });
        CompletableFuture<Integer> page = sent.thenApply(response -> {
            if (response.statusCode() / 100 != 2) {
                throw new CompletionException(new IOException("HTTP status " + response.statusCode()));
            }
            return response.body();
        });
        // Whoever gave up on the page (a timeout) cancels it: the reader is abandoned whether the body is still
        // arriving (checked when the page is cancelled) or arrives after (checked when the exchange ends).
        Runnable abandonIfCancelled = () -> {
            StreamingBody subscriber = body.get();
            if (page.isCancelled() && subscriber != null) {
                subscriber.abandon();
            }
        };
        page.whenComplete((result, failure) -> abandonIfCancelled.run());
        sent.whenComplete((response, failure) -> abandonIfCancelled.run());
        return page;
    }

    /** A page larger than {@link #MAX_PAGE_BYTES}, on the wire or decoded. */
    static final class PageTooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        PageTooLargeException() {
            super("page larger than " + (MAX_PAGE_BYTES >> 20) + " MB");
        }
    }

    /**
     * A body handed to its reader chunk by chunk, one chunk asked for at a time, so the socket
     * waits while a chunk is parsed and nothing piles up: the page's bytes are held only as long as
     * the client's own buffer. Counts the bytes on the wire and decoded against {@link #MAX_PAGE_BYTES}.
     */
    private static final class StreamingBody implements HttpResponse.BodySubscriber<Integer> {
        private final CompletableFuture<Integer> result = new CompletableFuture<>();
        private final long declaredLength;
        private final String encoding;
        private final Supplier<PageReader> open;
        private Flow.Subscription subscription;
        private PageReader reader;
        private GzipDecoder gzip;
        private byte[] copied;
        private byte[] inflated;
        private long wireBytes;
        private long decodedBytes;
        private boolean done;

        StreamingBody(long declaredLength, String encoding, Supplier<PageReader> open) {
            this.declaredLength = declaredLength;
            this.encoding = encoding;
            this.open = open;
        }

        @Override
        public CompletionStage<Integer> getBody() {
            return result;
        }

        @Override
        public synchronized void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            if (done) {
                subscription.cancel(); // abandoned before the body began
                return;
            }
            if (declaredLength > MAX_PAGE_BYTES) {
                fail(new PageTooLargeException());
                return;
            }
            switch (encoding) {
                case "identity" -> { }
                case "gzip", "x-gzip" -> gzip = new GzipDecoder();
                default -> {
                    fail(new IOException("the page's Content-Encoding '" + encoding + "' is not gzip"));
                    return;
                }
            }
            reader = open.get();
            subscription.request(1);
        }

        @Override
        public synchronized void onNext(List<ByteBuffer> buffers) {
            if (done) {
                return;
            }
            try {
                for (ByteBuffer chunk : buffers) {
                    wireBytes += chunk.remaining();
                    if (wireBytes > MAX_PAGE_BYTES) {
                        throw new PageTooLargeException();
                    }
                    if (chunk.hasArray()) {
                        decode(chunk.array(), chunk.arrayOffset() + chunk.position(), chunk.remaining());
                    } else {
                        if (copied == null) {
                            copied = new byte[SCRATCH_BYTES];
                        }
                        byte[] copy = copied;
                        while (chunk.hasRemaining()) {
                            int length = Math.min(copy.length, chunk.remaining());
                            chunk.get(copy, 0, length);
                            decode(copy, 0, length);
                        }
                    }
                }
            } catch (Exception e) {
                // The page's own fault (syntax, size, encoding) or a bug: either way this page only.
                fail(e);
                return;
            }
            subscription.request(1);
        }

        /** Hands bytes off the wire to the reader, through gzip when the page is compressed. */
        private void decode(byte[] bytes, int offset, int length) throws ExpositionParseException, IOException {
            if (gzip == null) {
                emit(bytes, offset, length);
                return;
            }
            if (inflated == null) {
                inflated = new byte[SCRATCH_BYTES];
            }
            gzip.input(bytes, offset, length);
            for (int count = gzip.read(inflated); count > 0; count = gzip.read(inflated)) {
                emit(inflated, 0, count);
            }
        }

        private void emit(byte[] bytes, int offset, int length) throws ExpositionParseException, IOException {
            decodedBytes += length;
            if (decodedBytes > MAX_PAGE_BYTES) {
                throw new PageTooLargeException();
            }
            reader.feed(bytes, offset, length);
        }

        @Override
        public void onError(Throwable failure) {
            fail(failure);
        }

        @Override
        public synchronized void onComplete() {
            if (done) {
                return;
            }
            try {
                if (gzip != null) {
                    gzip.finish();
                }
                int values = reader.finish();
                done = true;
                closeGzip();
                result.complete(values);
            } catch (Exception e) {
                fail(e);
            }
        }

        /** The page is no longer wanted: stop reading it and forget what it gave. */
        void abandon() {
            fail(new IOException("abandoned"));
        }

        private synchronized void fail(Throwable failure) {
            if (done) {
                return;
            }
            done = true;
            if (subscription != null) {
                subscription.cancel();
            }
            if (reader != null) {
                reader.abandon();
            }
            closeGzip();
            result.completeExceptionally(failure);
        }

        private void closeGzip() {
            if (gzip != null) {
                gzip.close();
                gzip = null;
            }
        }
    }

    /**
     * @param failure what a fetch failed with
     * @return one line for the log, without headers
     */
    static String describe(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof HttpConnectTimeoutException) {
            return "connection timed out";
        }
        if (cause instanceof HttpTimeoutException) {
            return "no answer in time";
        }
        if (cause instanceof ConnectException) {
            return "connection refused";
        }
        if (cause instanceof ExpositionParseException) {
            return "the page is not Prometheus or OpenMetrics text: " + cause.getMessage();
        }
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
