package io.sysgauge.plugin.openmetrics;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** The pages in {@code fixtures/} beside this package: see its README. */
final class Fixtures {

    static final String DCGM = "dcgm-exporter-2xT4-driver525-pod-labels.prom";
    static final String GOLANG_EXEMPLARS = "openmetrics-client_golang-example-exemplars.om.txt";
    static final List<String> OPENMETRICS_PAGES = List.of(GOLANG_EXEMPLARS, "openmetrics-conformance-escaping.om.txt",
            "openmetrics-conformance-exemplars_with_hash_in_label_values.om.txt",
            "openmetrics-conformance-label_escaping.om.txt", "openmetrics-conformance-roundtrip.om.txt",
            "openmetrics-conformance-timestamps.om.txt");

    private Fixtures() {}

    static byte[] bytes(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("fixtures/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    /** A parsed sample, copied out of the parser's reused view. */
    record Parsed(String name, MetricKind kind, java.util.Map<String, String> labels, double value) {}

    static List<Parsed> parse(String page, ExpositionFormat format) throws ExpositionParseException {
        return parse(page.getBytes(StandardCharsets.UTF_8), format);
    }

    static List<Parsed> parse(byte[] page, ExpositionFormat format) throws ExpositionParseException {
        List<Parsed> samples = new ArrayList<>();
        ExpositionParser.parse(page, page.length, format,
                sample -> samples.add(new Parsed(sample.name(), sample.kind(), sample.labels(), sample.value())));
        return samples;
    }

    /**
     * Streams a page through the parser in chunks whose sizes the random picks (1 to
     * {@code largestChunk} bytes), each chunk in an array of its own, as the network delivers them.
     */
    static List<Parsed> parseInChunks(byte[] page, ExpositionFormat format, SplittableRandom random, int largestChunk)
            throws ExpositionParseException, PageBudget.OverBudgetException {
        List<Parsed> samples = new ArrayList<>();
        ExpositionParser parser = new ExpositionParser(format,
                sample -> samples.add(new Parsed(sample.name(), sample.kind(), sample.labels(), sample.value())),
                PageBudget.unlimited());
        for (int position = 0; position < page.length; ) {
            int length = Math.min(page.length - position, 1 + random.nextInt(largestChunk));
            // Padding on both sides: the parser must use the offset and length it is given.
            byte[] chunk = new byte[length + 6];
            System.arraycopy(page, position, chunk, 3, length);
            parser.feed(chunk, 3, length);
            position += length;
        }
        parser.finish();
        return samples;
    }

    /** What parsing a page gave: its samples, or the error's message. */
    static Object outcome(Parser parser) {
        try {
            return parser.parse();
        } catch (ExpositionParseException e) {
            return e.getMessage();
        } catch (PageBudget.OverBudgetException e) {
            throw new AssertionError(e);
        }
    }

    /** A way to parse a page. */
    @FunctionalInterface
    interface Parser {
        List<Parsed> parse() throws ExpositionParseException, PageBudget.OverBudgetException;
    }
}
