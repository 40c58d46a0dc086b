package io.sysgauge.plugin.openmetrics;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A streaming parser of Prometheus text 0.0.4 and OpenMetrics 1.0 text pages, over the page's
 * UTF-8 bytes as they came off the wire: one pass, line by line, no regular expressions, no
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

    private final byte[] page;
    private final int length;
    private final ExpositionFormat format;
    private final Consumer consumer;
    private final ExpositionSample sample = new ExpositionSample();
    private final Map<String, MetricKind> families = new HashMap<>();
    private int lineNumber;
    private boolean sawEof;
    // The family of the latest # TYPE line: samples follow it, so most resolve by one comparison.
    private byte[] currentFamily = new byte[0];
    private MetricKind currentKind = MetricKind.UNTYPED;
    // The latest name resolved by lookup, for a run of samples with no # TYPE line before them.
    private byte[] lastLookedUp = new byte[0];
    private MetricKind lastLookedUpKind;

    private ExpositionParser(byte[] page, int length, ExpositionFormat format, Consumer consumer) {
        this.page = page;
        this.length = length;
        this.format = format;
        this.consumer = consumer;
        sample.page = page;
    }

    /**
     * Parses a page.
     *
     * @param page the page's bytes, UTF-8
     * @param length how many of them are the page
     * @param format the format the response's Content-Type named
     * @param consumer receives every sample but {@code _created} ones
     * @throws ExpositionParseException at the first line that is not valid, with its number
     */
    public static void parse(byte[] page, int length, ExpositionFormat format, Consumer consumer)
            throws ExpositionParseException {
        new ExpositionParser(page, length, format, consumer).parse();
    }

    private void parse() throws ExpositionParseException {
        int position = 0;
        while (position < length) {
            lineNumber++;
            int newline = position;
            while (newline < length && page[newline] != '\n') {
                newline++;
            }
            int end = newline > position && page[newline - 1] == '\r' ? newline - 1 : newline;
            if (sawEof) {
                throw error("text after '# EOF'");
            }
            line(position, end);
            position = newline + 1;
        }
        if (format == ExpositionFormat.OPENMETRICS && !sawEof) {
            lineNumber = Math.max(lineNumber, 1);
            throw error("the page does not end with '# EOF' (truncated?)");
        }
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
        String keyword = p < end && p > start ? ascii(p, wordEnd) : "";
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
