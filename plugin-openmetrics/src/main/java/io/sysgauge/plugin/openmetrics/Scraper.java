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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The HTTP edge: fetches pages with the JDK's client, asynchronously, so that every endpoint's
 * request is in flight at once and a slow one costs only its own time. It asks for OpenMetrics
 * first and Prometheus text next, as Prometheus does, and sends the configured headers on every
 * request.
 */
final class Scraper implements AutoCloseable {

    /**
     * A fetched page: its first {@code length} bytes of {@code body}, and the format its
     * Content-Type named. Its room in the shared budget is held until {@link #release}.
     */
    static final class Page {
        private final byte[] body;
        private final int length;
        private final ExpositionFormat format;
        private final Runnable release;

        Page(byte[] body, int length, ExpositionFormat format, Runnable release) {
            this.body = body;
            this.length = length;
            this.format = format;
            this.release = release;
        }

        byte[] body() {
            return body;
        }

        int length() {
            return length;
        }

        ExpositionFormat format() {
            return format;
        }

        /** Gives the page's room back to the budget; call once the page is read. Safe to call twice. */
        void release() {
            release.run();
        }
    }

    /** The largest page read: an 8-GPU dcgm-exporter page is about 1 MB, and the agent's heap is small. */
    static final int MAX_PAGE_BYTES = 16 << 20;

    /**
     * The bytes all endpoints' pages may hold at once: two of the largest pages. With the parse's own
     * working set this stays well inside the launcher's 96 MB heap however many endpoints there are.
     */
    static final long PAGE_BUDGET_BYTES = 32L << 20;

    // A page without Content-Length starts this small and doubles.
    private static final int FIRST_BUFFER_BYTES = 64 << 10;

    private final ExecutorService executor;
    private final HttpClient client;
    private final Map<String, String> headers;
    private final PageBudget budget;

    /**
     * @param headers sent on every request; values are secrets and are never logged
     * @param connectTimeout how long to wait for a connection
     * @param budget the bytes all pages may hold at once
     */
    Scraper(Map<String, String> headers, Duration connectTimeout, PageBudget budget) {
        this.headers = Map.copyOf(headers);
        this.budget = budget;
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
     *     timeout, a status other than 2xx, a page over {@link #MAX_PAGE_BYTES} or one that
     *     finds no room in the shared budget ({@link OverBudgetException}). Cancelling it gives
     *     back the room of a page still arriving or arrived.
     */
    CompletableFuture<Page> fetch(URI uri, Duration timeout) {
        AtomicReference<BudgetedBody> body = new AtomicReference<>();
        CompletableFuture<HttpResponse<Page>> sent = client.sendAsync(request(uri, headers, timeout), info -> {
            if (info.statusCode() / 100 != 2) {
                return HttpResponse.BodySubscribers.replacing(null); // read past and dropped, nothing reserved
            }
            String contentType = info.headers().firstValue("Content-Type").orElse(null);
            BudgetedBody subscriber = new BudgetedBody(budget, info.headers().firstValueAsLong("Content-Length").orElse(-1),
                    ExpositionFormat.fromContentType(contentType));
            body.set(subscriber);
            return subscriber;
        });
        CompletableFuture<Page> page = sent.thenApply(response -> {
            if (response.statusCode() / 100 != 2) {
                throw new CompletionException(new IOException("HTTP status " + response.statusCode()));
            }
            return response.body();
        });
        // Whoever gave up on the page (a timeout) cancels it: the room goes back whether the body is still
        // arriving (checked when the page is cancelled) or arrives after (checked when the exchange ends).
        Runnable abandonIfCancelled = () -> {
            BudgetedBody subscriber = body.get();
            if (page.isCancelled() && subscriber != null) {
                subscriber.abandon();
            }
        };
        page.whenComplete((result, failure) -> abandonIfCancelled.run());
        sent.whenComplete((response, failure) -> abandonIfCancelled.run());
        return page;
    }

    /** A page that found no room in the budget shared by all endpoints. */
    static final class OverBudgetException extends IOException {
        private static final long serialVersionUID = 1L;

        OverBudgetException(String message) {
            super(message);
        }
    }

    /**
     * A body read into one array whose room is reserved in the shared budget before it is
     * allocated: the whole Content-Length at once, else each doubling. No room, or a page past
     * {@link #MAX_PAGE_BYTES}, fails the fetch and gives back what was reserved.
     */
    private static final class BudgetedBody implements HttpResponse.BodySubscriber<Page> {
        private final CompletableFuture<Page> result = new CompletableFuture<>();
        private final PageBudget budget;
        private final long declaredLength;
        private final ExpositionFormat format;
        private final AtomicBoolean released = new AtomicBoolean();
        private Flow.Subscription subscription;
        private byte[] buffer = new byte[0];
        private long reserved;
        private int length;
        private volatile boolean done;

        BudgetedBody(PageBudget budget, long declaredLength, ExpositionFormat format) {
            this.budget = budget;
            this.declaredLength = declaredLength;
            this.format = format;
        }

        @Override
        public CompletionStage<Page> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            if (declaredLength > MAX_PAGE_BYTES) {
                fail(new IOException("page larger than " + (MAX_PAGE_BYTES >> 20) + " MB"));
                return;
            }
            if (declaredLength >= 0 && !grow((int) declaredLength)) {
                return;
            }
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public synchronized void onNext(List<ByteBuffer> buffers) {
            if (done) {
                return;
            }
            for (ByteBuffer chunk : buffers) {
                int size = chunk.remaining();
                if ((long) length + size > MAX_PAGE_BYTES) {
                    fail(new IOException("page larger than " + (MAX_PAGE_BYTES >> 20) + " MB"));
                    return;
                }
                if (length + size > buffer.length
                        && !grow((int) Math.min(MAX_PAGE_BYTES, Math.max((long) length + size, Math.max(FIRST_BUFFER_BYTES,
                                2L * buffer.length))))) {
                    return;
                }
                chunk.get(buffer, length, size);
                length += size;
            }
        }

        /** Reserves room for a buffer of {@code capacity} bytes, then moves the page into it; fails the fetch if there is none. */
        private synchronized boolean grow(int capacity) {
            if (released.get()) {
                return false; // abandoned while arriving
            }
            if (!budget.tryReserve(capacity)) {
                fail(new OverBudgetException("no room for a page of " + (capacity >> 10) + " KB in the "
                        + (budget.limit() >> 20) + " MB that all endpoints' pages share"));
                return false;
            }
            byte[] larger = Arrays.copyOf(buffer, capacity);
            budget.release(buffer.length);
            reserved += capacity - buffer.length;
            buffer = larger;
            return true;
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
            done = true;
            result.complete(new Page(buffer, length, format, this::release));
        }

        /** The page is no longer wanted: stop reading it and give its room back. */
        void abandon() {
            fail(new IOException("abandoned"));
            release();
        }

        private synchronized void fail(Throwable failure) {
            if (done) {
                return;
            }
            done = true;
            if (subscription != null) {
                subscription.cancel();
            }
            release();
            buffer = new byte[0];
            result.completeExceptionally(failure);
        }

        private synchronized void release() {
            if (released.compareAndSet(false, true)) {
                budget.release(reserved);
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
