package io.sysgauge.plugin.openmetrics;

/** A scraped page is not valid exposition text; it costs that endpoint's tick. */
public final class ExpositionParseException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int lineNumber;

    /**
     * @param lineNumber the 1-based line the problem is on
     * @param reason what is wrong there
     */
    public ExpositionParseException(int lineNumber, String reason) {
        super("line " + lineNumber + ": " + reason);
        this.lineNumber = lineNumber;
    }

    /** @return the 1-based line the problem is on */
    public int lineNumber() {
        return lineNumber;
    }
}
