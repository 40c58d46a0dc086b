package io.sysgauge.plugin.openmetrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sysgauge.testkit.Fuzz;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipException;
import org.junit.jupiter.api.Test;

class GzipDecoderTest {

    @Test
    void decodesEveryFixtureFedInChunksOfAnySize() throws Exception {
        for (String name : List.of(Fixtures.DCGM, Fixtures.GOLANG_EXEMPLARS, "dcgm-exporter-a100-mig.prom")) {
            byte[] page = Fixtures.bytes(name);
            byte[] compressed = ScraperTest.gzip(page);
            for (int largest : new int[] {1, 2, 7, 100, 1 << 16}) {
                assertThat(decode(compressed, new SplittableRandom(largest), largest, 64)).as("%s by %d", name, largest)
                        .isEqualTo(page);
            }
        }
    }

    @Test
    void readsConcatenatedMembersAndEveryOptionalHeaderField() throws Exception {
        byte[] first = "# TYPE a gauge\na 1\n".getBytes(StandardCharsets.US_ASCII);
        byte[] second = "b 2\n".getBytes(StandardCharsets.US_ASCII);
        byte[] body = concat(ScraperTest.gzip(first), member(second, true));

        for (int largest : new int[] {1, 3, 1 << 10}) {
            assertThat(decode(body, new SplittableRandom(largest), largest, 5)).isEqualTo(concat(first, second));
        }
    }

    @Test
    void refusesWhatIsNotWholeGzip() throws Exception {
        byte[] page = Fixtures.bytes(Fixtures.DCGM);
        byte[] compressed = ScraperTest.gzip(page);
        byte[] badCrc = compressed.clone();
        badCrc[badCrc.length - 8] ^= 1;
        byte[] badLength = compressed.clone();
        badLength[badLength.length - 1] ^= 1;

        assertThatThrownBy(() -> decode(page, new SplittableRandom(1), 100, 64)).isInstanceOf(ZipException.class)
                .hasMessageContaining("no gzip header");
        assertThatThrownBy(() -> decode(Arrays.copyOf(compressed, compressed.length - 1), new SplittableRandom(1), 100, 64))
                .isInstanceOf(ZipException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> decode(Arrays.copyOf(compressed, 20), new SplittableRandom(1), 100, 64))
                .isInstanceOf(ZipException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> decode(new byte[0], new SplittableRandom(1), 100, 64))
                .isInstanceOf(ZipException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> decode(badCrc, new SplittableRandom(1), 100, 64)).isInstanceOf(ZipException.class)
                .hasMessageContaining("CRC or length");
        assertThatThrownBy(() -> decode(badLength, new SplittableRandom(1), 100, 64)).isInstanceOf(ZipException.class)
                .hasMessageContaining("CRC or length");
        assertThatThrownBy(() -> decode(concat(compressed, new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0}),
                new SplittableRandom(1), 100, 64)).isInstanceOf(ZipException.class).hasMessageContaining("no gzip header");
    }

    /** A gzip body from an endpoint sysgauge does not control: damaged, it is a ZipException, never a crash or a hang. */
    @Test
    void mutatedGzipBodiesDecodeOrFailWithAZipException() throws IOException {
        List<byte[]> bodies = new ArrayList<>();
        for (String name : List.of(Fixtures.DCGM, Fixtures.GOLANG_EXEMPLARS, "openmetrics-conformance-roundtrip.om.txt")) {
            bodies.add(ScraperTest.gzip(Fixtures.bytes(name)));
        }
        bodies.add(member("x 1\n".getBytes(StandardCharsets.US_ASCII), true));
        Fuzz.Outcome outcome = Fuzz.cases(20_000, 0x9e1f, bodies).check(
                body -> decode(body, new SplittableRandom(Arrays.hashCode(body)), 64, 256), ZipException.class);
        assertThat(outcome.answered()).isPositive();
        assertThat(outcome.refused()).isPositive();
    }

    /** Decodes a body fed in chunks of random sizes, reading into an output array of {@code outSize} bytes. */
    private static byte[] decode(byte[] body, SplittableRandom random, int largestChunk, int outSize) throws ZipException {
        ByteArrayOutputStream decoded = new ByteArrayOutputStream();
        byte[] out = new byte[outSize];
        try (GzipDecoder decoder = new GzipDecoder()) {
            for (int position = 0; position < body.length; ) {
                int length = Math.min(body.length - position, 1 + random.nextInt(largestChunk));
                decoder.input(Arrays.copyOfRange(body, position, position + length), 0, length);
                for (int count = decoder.read(out); count > 0; count = decoder.read(out)) {
                    decoded.write(out, 0, count);
                }
                position += length;
            }
            decoder.finish();
        }
        return decoded.toByteArray();
    }

    /** A gzip member with FEXTRA, FNAME, FCOMMENT and FHCRC set, as GZIPOutputStream never writes. */
    private static byte[] member(byte[] content, boolean allFields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, (byte) (allFields ? 2 | 4 | 8 | 16 : 0), 0, 0, 0, 0, 0, (byte) 255});
        if (allFields) {
            out.writeBytes(new byte[] {3, 0, 'a', 'b', 'c'});
            out.writeBytes("metrics.txt\0".getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes("a comment\0".getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes(new byte[] {0x12, 0x34}); // the header CRC, not checked
        }
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        deflater.setInput(content);
        deflater.finish();
        byte[] buffer = new byte[1024];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        CRC32 crc = new CRC32();
        crc.update(content);
        int value = (int) crc.getValue();
        out.writeBytes(new byte[] {(byte) value, (byte) (value >> 8), (byte) (value >> 16), (byte) (value >> 24),
            (byte) content.length, (byte) (content.length >> 8), (byte) (content.length >> 16), (byte) (content.length >> 24)});
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
