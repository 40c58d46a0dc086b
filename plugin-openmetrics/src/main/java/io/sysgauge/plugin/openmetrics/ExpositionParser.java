package io.sysgauge.plugin.openmetrics;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A streaming parser of Prometheus text 0.0.4 and OpenMetrics 1.0 text pages, over the page's
 * UTF-8 bytes in the chunks they come off the wire in: one pass, line by line, holding only the
 * line cut at a chunk's end (so memory does not grow with the page), no regular expressions, no
 * allocation per sample line in the common case (a sample that follows its family's
 * {@code # TYPE} line). It checks the syntax of every line, exemplars and timestamps included,
 * and hands each sample to a {@link Consumer} with the type of its family; {@code _created}
 * samples are left out.
 *
 * <p>Lenient where Prometheus is lenient (blank lines, runs of blanks, a trailing comma in a
 * label set, any {@code #} comment in Prometheus text); strict where a mistake would give wrong
 * values (an OpenMetrics page must end with {@code # EOF}, so a truncated one is an error).
 */
public final class ExpositionParser {

    /** Receives the samples of a page, in page order. */
    @FunctionalInterface
    public interface Consumer {
        /**
         * @param sample a view valid only during this call
         * @throws ExpositionParseException to stop the parse
         */
        void accept(ExpositionSample sample) throws ExpositionParseException;
    }

    private static final String[] SUFFIXES = {"_total", "_created", "_bucket", "_count", "_sum", "_gsum", "_gcount",
        "_info"};
    private static final byte[] CREATED = "_created".getBytes(StandardCharsets.US_ASCII);
    // Powers of ten exactly representable as doubles: m * 10^e is then one correctly rounded operation.
    private static final double[] POWERS_OF_TEN = new double[23];
    private static final long MAX_EXACT_MANTISSA = 1L << 53;

    static {
        double power = 1;
        for (int i = 0; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = power;
            power *= 10;
        }
    }

    /** The longest line read: a dcgm-exporter line is about 500 bytes; a longer one fails the page. */
    public static final int MAX_LINE_BYTES = 1 << 20;
    /** The most families ({@code # TYPE} lines) a page may name, so their map cannot grow with the page. */
    public static final int MAX_FAMILIES = 20_000;
    // A line cut at a chunk's end is carried in a buffer this large for free; more is reserved in the budget.
    private static final int FREE_LINE_BYTES = 8 << 10;

    private final ExpositionFormat format;
    private final Consumer consumer;
    private final PageBudget budget;
    private final ExpositionSample sample = new ExpositionSample();
    private final Map<String, MetricKind> families = new HashMap<>();
    // The array the line being read is in: the chunk fed, or lineBuffer for a line that spans chunks.
    private byte[] page;
    private byte[] lineBuffer = new byte[0];
    private int carried;
    private long reserved;
    private int lineNumber;
    private boolean sawEof;
    // The family of the latest # TYPE line: samples follow it, so most resolve by one comparison.
    private byte[] currentFamily = new byte[0];
    private MetricKind currentKind = MetricKind.UNTYPED;
    // The latest name resolved by lookup, for a run of samples with no # TYPE line before them.
    private byte[] lastLookedUp = new byte[0];
    private MetricKind lastLookedUpKind;

    /**
     * A parser of one page that arrives in chunks: {@link #feed} each as it comes, then
     * {@link #finish}. It holds only the line cut at a chunk's end, never the page.
     *
     * @param format the format the response's Content-Type named
     * @param consumer receives every sample but {@code _created} ones
     * @param budget where a line longer than a few KB reserves the room to be carried from one
     *     chunk to the next; given back by {@link #finish} or {@link #release}
     */
    ExpositionParser(ExpositionFormat format, Consumer consumer, PageBudget budget) {
        this.format = format;
        this.consumer = consumer;
        this.budget = budget;
    }

    /**
     * Parses a whole page.
     *
     * @param page the page's bytes, UTF-8
     * @param length how many of them are the page
     * @param format the format the response's Content-Type named
     * @param consumer receives every sample but {@code _created} ones
     * @throws ExpositionParseException at the first line that is not valid, with its number
     */
    public static void parse(byte[] page, int length, ExpositionFormat format, Consumer consumer)
            throws ExpositionParseException {
        ExpositionParser parser = new ExpositionParser(format, consumer, PageBudget.unlimited());
        try {
            parser.feed(page, 0, length);
            parser.finish();
        } catch (PageBudget.OverBudgetException e) {
            throw new IllegalStateException("an unlimited budget refused room", e);
        }
    }

    /**
     * Parses the complete lines of the next chunk of the page and carries the rest to the next
     * call. Chunks may be cut anywhere, in a line or in a UTF-8 character: the samples and errors
     * are the same as for the whole page at once.
     *
     * @param chunk the bytes; not kept after the call
     * @param offset where the chunk starts in them
     * @param length how many bytes it has
     * @throws ExpositionParseException at the first line that is not valid, or longer than
     *     {@link #MAX_LINE_BYTES}
     * @throws PageBudget.OverBudgetException if a long line finds no room in the budget
     */
    void feed(byte[] chunk, int offset, int length)
            throws ExpositionParseException, PageBudget.OverBudgetException {
        int position = offset;
        int end = offset + length;
        while (position < end) {
            int newline = position;
            while (newline < end && chunk[newline] != '\n') {
                newline++;
            }
            if (newline == end) {
                carry(chunk, position, end);
                return;
            }
            if (carried == 0) {
                if (newline - position > MAX_LINE_BYTES) {
                    throw tooLong();
                }
                line(chunk, position, newline); // the common case: the whole line is in this chunk, read in place
            } else {
                carry(chunk, position, newline);
                int lineLength = carried;
                carried = 0;
                line(lineBuffer, 0, lineLength);
            }
            position = newline + 1;
        }
    }

    /**
     * Reads the last line, if it has no newline, and checks the page's end; gives back the room
     * reserved in the budget.
     *
     * @throws ExpositionParseException if the last line is not valid, or an OpenMetrics page does
     *     not end with {@code # EOF}
     */
    void finish() throws ExpositionParseException {
        try {
            if (carried > 0) {
                int lineLength = carried;
                carried = 0;
                line(lineBuffer, 0, lineLength);
            }
            if (format == ExpositionFormat.OPENMETRICS && !sawEof) {
                lineNumber = Math.max(lineNumber, 1);
                throw error("the page does not end with '# EOF' (truncated?)");
            }
        } finally {
            release();
        }
    }

    /** Gives back the room reserved in the budget, for a page given up on; safe to call twice. */
    void release() {
        budget.release(reserved);
        reserved = 0;
        lineBuffer = new byte[0];
    }

    /** Appends part of a line to the carried bytes, growing the buffer within the line limit and the budget. */
    private void carry(byte[] chunk, int from, int to) throws ExpositionParseException, PageBudget.OverBudgetException {
        int needed = carried + (to - from);
        if (needed > MAX_LINE_BYTES) {
            throw tooLong();
        }
        if (needed > lineBuffer.length) {
            int capacity = Math.min(MAX_LINE_BYTES, Math.max(needed, Math.max(FREE_LINE_BYTES, 2 * lineBuffer.length)));
            long toReserve = Math.max(0, capacity - FREE_LINE_BYTES) - reserved;
            if (toReserve > 0 && !budget.tryReserve(toReserve)) {
                throw new PageBudget.OverBudgetException("no room to carry a line of " + (needed >> 10) + " KB in the "
                        + (budget.limit() >> 20) + " MB that all endpoints' long lines share");
            }
            reserved += Math.max(0, toReserve);
            lineBuffer = Arrays.copyOf(lineBuffer, capacity);
        }
        System.arraycopy(chunk, from, lineBuffer, carried, to - from);
        carried = needed;
    }

    private ExpositionParseException tooLong() {
        lineNumber++;
        return error("a line longer than " + (MAX_LINE_BYTES >> 10) + " KB");
    }

    /** Reads one line of {@code array} without its newline. */
    private void line(byte[] array, int start, int newline) throws ExpositionParseException {
        lineNumber++;
        page = array;
        sample.page = array;
        int end = newline > start && array[newline - 1] == '\r' ? newline - 1 : newline;
        if (sawEof) {
            throw error("text after '# EOF'");
        }
        line(start, end);
    }

    private void line(int start, int end) throws ExpositionParseException {
        int p = skipBlanks(start, end);
        if (p == end) {
            return;
        }
        if (page[p] == '#') {
            comment(p + 1, end);
        } else {
            sampleLine(p, end);
        }
    }

    private void comment(int start, int end) throws ExpositionParseException {
        int p = skipBlanks(start, end);
        int wordEnd = tokenEnd(p, end);
        // Only the four keywords are decoded: a long comment (a verbose exporter's padding) costs no String.
        String keyword = p < end && p > start && wordEnd - p <= 4 ? ascii(p, wordEnd) : "";
        switch (keyword) {
            case "TYPE" -> typeLine(wordEnd, end);
            case "HELP", "UNIT" -> {
                int nameStart = skipBlanks(wordEnd, end);
                if (nameStart == wordEnd || metricNameEnd(nameStart, end) == nameStart) {
                    throw error("expected a metric name after # " + keyword);
                }
            }
            case "EOF" -> {
                if (format == ExpositionFormat.OPENMETRICS) {
                    if (skipBlanks(wordEnd, end) != end) {
                        throw error("text after '# EOF'");
                    }
                    sawEof = true;
                }
            }
            default -> {
                if (format == ExpositionFormat.OPENMETRICS) {
                    throw error("OpenMetrics allows no comment but # HELP, # TYPE, # UNIT and # EOF");
                }
            }
        }
    }

    private void typeLine(int start, int end) throws ExpositionParseException {
        int nameStart = skipBlanks(start, end);
        int nameEnd = metricNameEnd(nameStart, end);
        if (nameStart == start || nameEnd == nameStart) {
            throw error("expected a metric name after # TYPE");
        }
        int wordStart = skipBlanks(nameEnd, end);
        int wordEnd = tokenEnd(wordStart, end);
        if (wordStart == nameEnd || skipBlanks(wordEnd, end) != end) {
            throw error("expected '# TYPE <name> <type>'");
        }
        MetricKind kind = MetricKind.fromTypeWord(ascii(wordStart, wordEnd));
        if (kind == null) {
            throw error("unknown metric type '" + ascii(wordStart, wordEnd) + "'");
        }
        byte[] name = Arrays.copyOfRange(page, nameStart, nameEnd);
        families.put(new String(name, StandardCharsets.US_ASCII), kind);
        if (families.size() > MAX_FAMILIES) {
            throw error("more than " + MAX_FAMILIES + " metric families on one page");
        }
        currentFamily = name;
        currentKind = kind;
        lastLookedUpKind = null;
    }

    private void sampleLine(int start, int end) throws ExpositionParseException {
        int nameEnd = metricNameEnd(start, end);
        if (nameEnd == start) {
            throw error("expected a metric name");
        }
        int p = skipBlanks(nameEnd, end);
        int labelsStart = p;
        int labelsEnd = p;
        if (p < end && page[p] == '{') {
            labelsStart = p + 1;
            p = labels(labelsStart, end);
            labelsEnd = p - 1;
            int afterLabels = p;
            p = skipBlanks(p, end);
            if (p == afterLabels && p < end) {
                throw error("expected a space after '}'");
            }
        } else if (p == nameEnd && p < end) {
            throw error("unexpected character '" + printable(page[p]) + "' in a metric name");
        }
        if (p == end) {
            throw error("no value after the metric name");
        }
        int valueEnd = tokenEnd(p, end);
        double value = number(p, valueEnd, "value");
        p = skipBlanks(valueEnd, end);
        if (p < end && page[p] != '#') {
            int timestampEnd = tokenEnd(p, end);
            number(p, timestampEnd, "timestamp");
            p = skipBlanks(timestampEnd, end);
        }
        if (p < end) {
            if (page[p] != '#') {
                throw error("unexpected text after the timestamp");
            }
            exemplar(p + 1, end);
        }
        MetricKind kind = kindOf(start, nameEnd);
        if (kind == null) {
            return;
        }
        sample.nameStart = start;
        sample.nameEnd = nameEnd;
        sample.labelsStart = labelsStart;
        sample.labelsEnd = labelsEnd;
        sample.kind = kind;
        sample.value = value;
        sample.lineNumber = lineNumber;
        consumer.accept(sample);
    }

    /** Checks a label set; {@code p} is just after the '{'. @return the position after the '}' */
    private int labels(int p, int end) throws ExpositionParseException {
        while (true) {
            p = skipBlanks(p, end);
            if (p >= end) {
                throw error("unclosed '{'");
            }
            if (page[p] == '}') {
                return p + 1;
            }
            if (!isLabelNameStart(page[p])) {
                throw error("expected a label name, got '" + printable(page[p]) + "'");
            }
            p++;
            while (p < end && isLabelNameChar(page[p])) {
                p++;
            }
            p = skipBlanks(p, end);
            if (p >= end || page[p] != '=') {
                throw error("expected '=' after a label name");
            }
            p = skipBlanks(p + 1, end);
            if (p >= end || page[p] != '"') {
                throw error("expected '\"' to open a label value");
            }
            p++;
            while (true) {
                if (p >= end) {
                    throw error("unclosed label value");
                }
                byte b = page[p];
                if (b == '"') {
                    break;
                }
                p += b == '\\' ? 2 : 1;
            }
            p = skipBlanks(p + 1, end);
            if (p < end && page[p] == ',') {
                p++;
            } else if (p < end && page[p] == '}') {
                return p + 1;
            } else {
                throw error("expected ',' or '}' after a label value");
            }
        }
    }

    /** Checks {@code # {labels} value [timestamp]}; {@code p} is just after the '#'. */
    private void exemplar(int p, int end) throws ExpositionParseException {
        if (format != ExpositionFormat.OPENMETRICS) {
            throw error("exemplars are OpenMetrics only; this page is Prometheus text");
        }
        int labelsStart = skipBlanks(p, end);
        if (labelsStart == p || labelsStart >= end || page[labelsStart] != '{') {
            throw error("expected ' # {' to start an exemplar");
        }
        int afterLabels = labels(labelsStart + 1, end);
        int valueStart = skipBlanks(afterLabels, end);
        if (valueStart == afterLabels || valueStart == end) {
            throw error("expected a value after the exemplar's labels");
        }
        int valueEnd = tokenEnd(valueStart, end);
        number(valueStart, valueEnd, "exemplar value");
        int timestampStart = skipBlanks(valueEnd, end);
        if (timestampStart < end) {
            int timestampEnd = tokenEnd(timestampStart, end);
            number(timestampStart, timestampEnd, "exemplar timestamp");
            if (skipBlanks(timestampEnd, end) != end) {
                throw error("unexpected text after the exemplar");
            }
        }
    }

    /**
     * The family type of a sample name; null for a {@code _created} sample, which is left out.
     * Most samples follow their family's # TYPE line and resolve without a lookup.
     */
    private MetricKind kindOf(int start, int end) {
        int length = end - start;
        int familyLength = currentFamily.length;
        if (length >= familyLength && regionEquals(start, currentFamily, familyLength)) {
            if (length == familyLength) {
                return currentKind;
            }
            if (currentKind != MetricKind.GAUGE && currentKind != MetricKind.UNTYPED
                    && currentKind != MetricKind.STATESET) {
                if (length - familyLength == CREATED.length && regionEquals(end - CREATED.length, CREATED, CREATED.length)) {
                    return currentKind.allowsSuffix("_created") ? null : lookUp(start, end);
                }
                String suffix = ascii(start + familyLength, end);
                if (currentKind.allowsSuffix(suffix)) {
                    return currentKind;
                }
            }
        }
        if (lastLookedUpKind != null && length == lastLookedUp.length && regionEquals(start, lastLookedUp, length)) {
            return lastLookedUpKind;
        }
        return lookUp(start, end);
    }

    private MetricKind lookUp(int start, int end) {
        String name = ascii(start, end);
        MetricKind kind = families.get(name);
        if (kind == null) {
            kind = MetricKind.UNTYPED;
            for (String suffix : SUFFIXES) {
                if (name.endsWith(suffix)) {
                    MetricKind family = families.get(name.substring(0, name.length() - suffix.length()));
                    if (family != null && family.allowsSuffix(suffix)) {
                        if (suffix.equals("_created")) {
                            return null;
                        }
                        kind = family;
                    }
                    break;
                }
            }
        }
        lastLookedUp = Arrays.copyOfRange(page, start, end);
        lastLookedUpKind = kind;
        return kind;
    }

    /**
     * Parses a number as Go's strconv.ParseFloat does for what exporters write: decimal with an
     * optional exponent, NaN and (+/-)Inf in any case. The common short decimals take the exact
     * fast path; the rest go through {@link Double#parseDouble} once checked.
     */
    private double number(int start, int end, String what) throws ExpositionParseException {
        int p = start;
        boolean negative = false;
        if (p < end && (page[p] == '+' || page[p] == '-')) {
            negative = page[p] == '-';
            p++;
        }
        if (p < end && (page[p] | 0x20) >= 'a' && (page[p] | 0x20) <= 'z') {
            String word = ascii(p, end);
            if (word.equalsIgnoreCase("inf") || word.equalsIgnoreCase("infinity")) {
                return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            }
            if (word.equalsIgnoreCase("nan")) {
                return Double.NaN;
            }
            throw error("invalid " + what + " '" + ascii(start, end) + "'");
        }
        long mantissa = 0;
        int significantDigits = 0;
        int exponent = 0;
        boolean digits = false;
        boolean point = false;
        boolean exact = true;
        for (; p < end; p++) {
            byte b = page[p];
            if (b >= '0' && b <= '9') {
                digits = true;
                if (significantDigits < 18) {
                    mantissa = mantissa * 10 + (b - '0');
                    if (mantissa != 0) {
                        significantDigits++;
                    }
                    if (point) {
                        exponent--;
                    }
                } else {
                    exact = false;
                }
            } else if (b == '.' && !point) {
                point = true;
            } else {
                break;
            }
        }
        if (!digits) {
            throw error("invalid " + what + " '" + ascii(start, end) + "'");
        }
        if (p < end && (page[p] == 'e' || page[p] == 'E')) {
            p++;
            boolean negativeExponent = false;
            if (p < end && (page[p] == '+' || page[p] == '-')) {
                negativeExponent = page[p] == '-';
                p++;
            }
            if (p == end) {
                throw error("invalid " + what + " '" + ascii(start, end) + "'");
            }
            int written = 0;
            for (; p < end && page[p] >= '0' && page[p] <= '9'; p++) {
                if (written < 100_000) {
                    written = written * 10 + (page[p] - '0');
                }
            }
            exponent += negativeExponent ? -written : written;
        }
        if (p != end) {
            throw error("invalid " + what + " '" + ascii(start, end) + "'");
        }
        if (exact && mantissa < MAX_EXACT_MANTISSA && exponent >= -22 && exponent <= 22) {
            double magnitude = exponent < 0 ? mantissa / POWERS_OF_TEN[-exponent] : mantissa * POWERS_OF_TEN[exponent];
            return negative ? -magnitude : magnitude;
        }
        // The text is checked: digits, at most one point, an optional exponent. Java reads that grammar alike.
        return Double.parseDouble(ascii(start, end));
    }

    private boolean regionEquals(int start, byte[] expected, int count) {
        for (int i = 0; i < count; i++) {
            if (page[start + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private int metricNameEnd(int p, int end) {
        if (p >= end || !isMetricNameStart(page[p])) {
            return p;
        }
        p++;
        while (p < end && (isLabelNameChar(page[p]) || page[p] == ':')) {
            p++;
        }
        return p;
    }

    private int skipBlanks(int p, int end) {
        while (p < end && (page[p] == ' ' || page[p] == '\t')) {
            p++;
        }
        return p;
    }

    private int tokenEnd(int p, int end) {
        while (p < end && page[p] != ' ' && page[p] != '\t') {
            p++;
        }
        return p;
    }

    private String ascii(int start, int end) {
        return new String(page, start, end - start, StandardCharsets.ISO_8859_1);
    }

    private ExpositionParseException error(String reason) {
        return new ExpositionParseException(lineNumber, reason);
    }

    private static String printable(byte b) {
        return b >= 0x20 && b < 0x7f ? Character.toString((char) b) : String.format("\\x%02x", b & 0xff);
    }

    private static boolean isMetricNameStart(byte b) {
        return isLabelNameStart(b) || b == ':';
    }

    private static boolean isLabelNameStart(byte b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || b == '_';
    }

    static boolean isLabelNameChar(byte b) {
        return isLabelNameStart(b) || (b >= '0' && b <= '9');
    }
}
