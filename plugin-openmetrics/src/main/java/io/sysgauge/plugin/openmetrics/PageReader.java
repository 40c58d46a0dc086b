package io.sysgauge.plugin.openmetrics;

import java.io.IOException;

/**
 * What the HTTP edge hands a page's decoded bytes to as they arrive: one reader per fetch, fed in
 * order, then finished or abandoned, never both.
 */
interface PageReader {

    /**
     * @param bytes the next bytes of the page; not kept after the call
     * @param offset where they start
     * @param length how many there are
     * @throws ExpositionParseException if the page is not valid so far
     * @throws IOException if the page cannot be held (no room in the shared budget)
     */
    void feed(byte[] bytes, int offset, int length) throws ExpositionParseException, IOException;

    /**
     * The page has ended.
     *
     * @return how many values it gave
     * @throws ExpositionParseException if its end is not valid (an OpenMetrics page without {@code # EOF})
     */
    int finish() throws ExpositionParseException;

    /** The page was given up on (a timeout, a network error, too large): nothing of it is kept. */
    void abandon();
}
