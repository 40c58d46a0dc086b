package io.sysgauge.plugin.openmetrics;

/**
 * The bytes that all endpoints' pages may hold at once, shared first come, first served: a page
 * reserves its room before it is read into memory (the whole Content-Length at once, or each
 * doubling of its buffer when the length is not given) and gives it back once parsed. A page that
 * finds no room fails for that tick, so six large exporters cannot take the agent's heap between them.
 */
final class PageBudget {

    private final long limit;
    private long reserved;

    /** @param limit the most bytes reserved at once */
    PageBudget(long limit) {
        this.limit = limit;
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
