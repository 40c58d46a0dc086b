package io.sysgauge.spi;

import com.sun.net.httpserver.HttpHandler;

/**
 * An exporter that is read rather than pushed: {@code serve} and {@code run --listen} mount its
 * {@link #handler} at {@link #path} on the server of {@code serve.listen}, beside the live page,
 * and hand it records as any exporter. Without a server (a plain {@code run}, {@code once}) it is
 * not started at all.
 *
 * <p>The handler is asked for before {@link #start}, so that the address is bound before the
 * command of a run starts; until the first record it answers with what it has (an empty page).
 * It runs on the server's threads, at the same time as {@link #export} on the exporter's own.
 * The server applies its connection limits; the handler closes each exchange it is given.
 *
 * @since 1.2.0
 */
public interface ScrapedExporter extends MetricExporter {

    /**
     * @return the path it answers, such as {@code "/metrics"}; a path another installed
     *     exporter or the live page already answers is refused at start-up
     */
    String path();

    /** @return what answers requests for {@link #path}; the same object on every call */
    HttpHandler handler();
}
