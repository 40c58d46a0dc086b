package io.sysgauge.plugin.openmetrics;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One sample line, as a view into the page the parser is reading. The parser reuses one instance
 * for every line, so a consumer reads what it needs during the call and keeps nothing: the
 * name and labels are decoded to strings only when asked for, which a consumer caching by the raw
 * bytes does once per series rather than once per line.
 */
public final class ExpositionSample {

    byte[] page;
    int nameStart;
    int nameEnd;
    // Between the braces, exclusive; empty when the sample has no labels.
    int labelsStart;
    int labelsEnd;
    MetricKind kind;
    double value;
    int lineNumber;

    ExpositionSample() {}

    /** @return the sample name as exposed, such as {@code rpc_requests_total} */
    public String name() {
        return new String(page, nameStart, nameEnd - nameStart, StandardCharsets.US_ASCII);
    }

    /** @return the type of the family the sample belongs to */
    public MetricKind kind() {
        return kind;
    }

    /** @return the value; NaN and infinities as written */
    public double value() {
        return value;
    }

    /** @return the line the sample is on, 1-based */
    public int lineNumber() {
        return lineNumber;
    }

    /** @return the page being read; the name and raw labels are ranges of it */
    public byte[] page() {
        return page;
    }

    /** @return where the name starts in {@link #page()} */
    public int nameStart() {
        return nameStart;
    }

    /** @return where the name ends, exclusive */
    public int nameEnd() {
        return nameEnd;
    }

    /** @return where the label text between the braces starts */
    public int labelsStart() {
        return labelsStart;
    }

    /** @return where the label text ends, exclusive; equal to the start without labels */
    public int labelsEnd() {
        return labelsEnd;
    }

    /**
     * Decodes the labels; the parser has checked their syntax already.
     *
     * @return label name to unescaped value, sorted by name
     */
    public Map<String, String> labels() {
        Map<String, String> labels = new TreeMap<>();
        ByteArrayOutputStream value = new ByteArrayOutputStream();
        int p = labelsStart;
        while (true) {
            p = skipBlanks(p);
            if (p >= labelsEnd) {
                return Collections.unmodifiableMap(labels);
            }
            int nameFrom = p;
            while (ExpositionParser.isLabelNameChar(page[p])) {
                p++;
            }
            String name = new String(page, nameFrom, p - nameFrom, StandardCharsets.US_ASCII);
            p = skipBlanks(p);
            p = skipBlanks(p + 1) + 1; // '=' and the opening quote
            value.reset();
            while (page[p] != '"') {
                byte b = page[p];
                if (b == '\\') {
                    byte escaped = page[p + 1];
                    switch (escaped) {
                        case '\\', '"' -> value.write(escaped);
                        case 'n' -> value.write('\n');
                        default -> {
                            // An unknown escape is kept as written, as Prometheus does.
                            value.write('\\');
                            value.write(escaped);
                        }
                    }
                    p += 2;
                } else {
                    value.write(b);
                    p++;
                }
            }
            labels.put(name, value.toString(StandardCharsets.UTF_8));
            p = skipBlanks(p + 1);
            if (p < labelsEnd && page[p] == ',') {
                p++;
            }
        }
    }

    private int skipBlanks(int p) {
        while (p < labelsEnd && (page[p] == ' ' || page[p] == '\t')) {
            p++;
        }
        return p;
    }

    @Override
    public String toString() {
        return name() + labels() + " " + value;
    }
}
