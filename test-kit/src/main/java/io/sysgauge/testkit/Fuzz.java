package io.sysgauge.testkit;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded mutation fuzzer for the parsers that read outside input (tool output, /proc files,
 * configuration, scraped pages): each case is a real fixture with one to four small edits, the
 * kind a truncated write, a new tool version or a hostile endpoint makes. The same seed gives the
 * same cases, so a failure names its seed and case and is replayed by running the test again.
 *
 * <pre>{@code
 * Fuzz.cases(100_000, 0x5eed, fixtures).check(input -> parser.parse(input), ExpositionParseException.class);
 * }</pre>
 */
public final class Fuzz {

    /** What to run on each input. */
    @FunctionalInterface
    public interface Body {
        /**
         * @param input the mutated fixture
         * @throws Exception what the parser throws; only the allowed ones pass
         */
        void accept(byte[] input) throws Exception;
    }

    // Tokens that break parsers most often: number edges, structure, separators, encodings.
    private static final List<String> TOKENS = List.of("-1", "0", "-0", "NaN", "+Inf", "-Inf", "1e309", "0x1F",
            "18446744073709551616", "9223372036854775808", "-9223372036854775809", "99999999999999999999999", ".",
            "\n", "\r\n", "\t", " ", ":", ",", "=", "#", "{", "}", "[", "]", "\"", "'", "\\", "(", ")", "null",
            "N/A", "\u0000", "\u00e9", "\uffff", "\ud83d\ude00", "- ", "!!", "&a", "*a", "---");

    /**
     * @param answered cases the parser read without an exception
     * @param refused cases it refused with a documented exception
     */
    public record Outcome(int answered, int refused) {}

    private final int cases;
    private final long seed;
    private final List<byte[]> fixtures;

    private Fuzz(int cases, long seed, List<byte[]> fixtures) {
        if (fixtures.isEmpty()) {
            throw new IllegalArgumentException("no fixtures to mutate");
        }
        this.cases = cases;
        this.seed = seed;
        this.fixtures = List.copyOf(fixtures);
    }

    /**
     * @param cases how many inputs to try
     * @param seed the seed of the mutations
     * @param fixtures real inputs to mutate
     * @return the fuzzer
     */
    public static Fuzz cases(int cases, long seed, List<byte[]> fixtures) {
        return new Fuzz(cases, seed, fixtures);
    }

    /**
     * Runs every case; an exception of an allowed class (or a subclass) is an answer, anything else
     * fails the test naming the case and its input.
     *
     * @param body runs the parser on one input
     * @param allowed the exceptions the parser documents
     * @return how many cases the parser read and how many it refused, so a test can show the
     *     mutations reached past its first check
     */
    public Outcome check(Body body, Class<?>... allowed) {
        SplittableRandom random = new SplittableRandom(seed);
        int refused = 0;
        for (int i = 0; i < cases; i++) {
            byte[] input = mutate(random);
            try {
                body.accept(input);
            } catch (Throwable e) {
                refused++;
                if (Arrays.stream(allowed).noneMatch(type -> type.isInstance(e))) {
                    throw new AssertionError("case " + i + " of seed " + seed + " threw " + e + " on input:\n"
                            + excerpt(input), e);
                }
            }
        }
        return new Outcome(cases - refused, refused);
    }

    private byte[] mutate(SplittableRandom random) {
        byte[] input = fixtures.get(random.nextInt(fixtures.size()));
        int edits = 1 + random.nextInt(4);
        for (int edit = 0; edit < edits; edit++) {
            input = edit(input, random);
        }
        return input;
    }

    private byte[] edit(byte[] input, SplittableRandom random) {
        int length = input.length;
        int at = length == 0 ? 0 : random.nextInt(length + 1);
        switch (random.nextInt(7)) {
            case 0 -> { // one byte changed
                if (length == 0) {
                    return input;
                }
                byte[] copy = input.clone();
                copy[Math.min(at, length - 1)] = (byte) random.nextInt(256);
                return copy;
            }
            case 1 -> { // a token inserted
                return splice(input, at, at, TOKENS.get(random.nextInt(TOKENS.size())).getBytes(StandardCharsets.UTF_8));
            }
            case 2 -> { // a token in place of a run of characters
                int end = Math.min(length, at + 1 + random.nextInt(8));
                return splice(input, at, end, TOKENS.get(random.nextInt(TOKENS.size())).getBytes(StandardCharsets.UTF_8));
            }
            case 3 -> { // a range deleted
                int end = Math.min(length, at + 1 + random.nextInt(Math.max(1, length / 8)));
                return splice(input, at, end, new byte[0]);
            }
            case 4 -> { // a range repeated
                int end = Math.min(length, at + 1 + random.nextInt(64));
                byte[] range = Arrays.copyOfRange(input, at, end);
                return splice(input, end, end, range);
            }
            case 5 -> { // truncated, as a write cut short
                return Arrays.copyOf(input, at);
            }
            default -> { // a piece of another fixture spliced in
                byte[] other = fixtures.get(random.nextInt(fixtures.size()));
                int from = other.length == 0 ? 0 : random.nextInt(other.length);
                int to = Math.min(other.length, from + 1 + random.nextInt(128));
                return splice(input, at, at, Arrays.copyOfRange(other, from, to));
            }
        }
    }

    private static byte[] splice(byte[] input, int from, int to, byte[] insert) {
        byte[] result = new byte[input.length - (to - from) + insert.length];
        System.arraycopy(input, 0, result, 0, from);
        System.arraycopy(insert, 0, result, from, insert.length);
        System.arraycopy(input, to, result, from + insert.length, input.length - to);
        return result;
    }

    private static String excerpt(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        return text.length() > 2_000 ? text.substring(0, 2_000) + "\n... (" + input.length + " bytes)" : text;
    }
}
