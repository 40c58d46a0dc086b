package io.sysgauge.plugin.openmetrics;

import java.io.IOException;

/**
 * The bytes that all endpoints' pages may hold at once while they stream in, shared first come,
 * first served. A page is parsed chunk by chunk and holds only the line cut at a chunk's end; a
 * line longer than a few KB reserves room here before its buffer grows, and gives it back when
 * the page is read or given up on. A line that finds no room fails its page for that tick, so many
 * endpoints serving very long lines at once cannot take the agent's heap between them.
 */
final class PageBudget {

    /** A line that found no room in the budget shared by all endpoints. */
    static final class OverBudgetException extends IOException {
        private static final long serialVersionUID = 1L;

        OverBudgetException(String message) {
            super(message);
        }
    }

    private final long limit;
    private long reserved;

    /** @param limit the most bytes reserved at once */
    PageBudget(long limit) {
        this.limit = limit;
    }

    /** @return a budget that never refuses, for a page parsed whole from an array it already is in */
    static PageBudget unlimited() {
        return new PageBudget(Long.MAX_VALUE);
    }

    /** @return the most bytes reserved at once */
    long limit() {
        return limit;
    }

    /** @return whether {@code bytes} more fit; if so they are reserved */
    synchronized boolean tryReserve(long bytes) {
        if (bytes > limit - reserved) {
            return false;
        }
        reserved += bytes;
        return true;
    }

    /** @param bytes given back, as reserved */
    synchronized void release(long bytes) {
        reserved -= bytes;
    }

    /** @return the bytes reserved now */
    synchronized long reserved() {
        return reserved;
    }
}
