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
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP edge: fetches pages with the JDK's client, asynchronously, so that every endpoint's
 * request is in flight at once and a slow one costs only its own time. It asks for OpenMetrics
 * first and Prometheus text next, as Prometheus does, and sends the configured headers on every
 * request.
 */
final class Scraper implements AutoCloseable {

    /** A fetched page and the format its Content-Type named. */
    record Page(byte[] body, ExpositionFormat format) {}

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
                .header("User-Agent", "sysgauge-openmetrics");
        headers.forEach(builder::setHeader);
        return builder.build();
    }

    /**
     * Starts fetching a page.
     *
     * @param uri the endpoint
     * @param timeout for the whole exchange
     * @return the page, or a failure: an {@link IOException} for a refused connection, a
     *     timeout or a status other than 2xx
     */
    CompletableFuture<Page> fetch(URI uri, Duration timeout) {
        return client.sendAsync(request(uri, headers, timeout), info -> new LimitedBody(MAX_PAGE_BYTES))
                .thenApply(response -> {
                    if (response.statusCode() / 100 != 2) {
                        throw new CompletionException(new IOException("HTTP status " + response.statusCode()));
                    }
                    String contentType = response.headers().firstValue("Content-Type").orElse(null);
                    return new Page(response.body(), ExpositionFormat.fromContentType(contentType));
                });
    }

    /** The largest page read: an 8-GPU dcgm-exporter page is about 1 MB, and the agent's heap is small. */
    static final int MAX_PAGE_BYTES = 16 << 20;

    /** A body read whole into memory, unless it grows past a limit: then the fetch fails. */
    private static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final HttpResponse.BodySubscriber<byte[]> bytes = HttpResponse.BodySubscribers.ofByteArray();
        private final long limit;
        private Flow.Subscription subscription;
        private long received;
        private boolean failed;

        LimitedBody(long limit) {
            this.limit = limit;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return bytes.getBody();
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            bytes.onSubscribe(subscription);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (failed) {
                return;
            }
            for (ByteBuffer buffer : buffers) {
                received += buffer.remaining();
            }
            if (received > limit) {
                failed = true;
                subscription.cancel();
                bytes.onError(new IOException("page larger than " + (limit >> 20) + " MB"));
                return;
            }
            bytes.onNext(buffers);
        }

        @Override
        public void onError(Throwable failure) {
            if (!failed) {
                bytes.onError(failure);
            }
        }

        @Override
        public void onComplete() {
            if (!failed) {
                bytes.onComplete();
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
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
