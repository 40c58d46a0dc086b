package io.sysgauge.exporter.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** The JDK's reader checks the header, the CRC-32 and the size of each member the encoder makes. */
class GzipEncoderTest {

    private final GzipEncoder encoder = new GzipEncoder();

    @Test
    void aPageComesBackWhole() throws IOException {
        byte[] page = "# TYPE sysgauge_cpu_percent gauge\nsysgauge_cpu_percent 12.5\n# EOF\n".getBytes(StandardCharsets.UTF_8);

        assertThat(gunzip(encoder.encode(page))).isEqualTo(page);
    }

    @Test
    void theKeptStateLeavesNothingOfOnePageInTheNext() throws IOException {
        Random random = new Random(15);
        byte[] incompressible = new byte[100_000]; // many chunks of output, and a size past 16 bits
        random.nextBytes(incompressible);
        byte[] repetitive = "sysgauge_disk_in_bytes_total{device=\"sda\"} 1.0\n".repeat(2_000).getBytes(StandardCharsets.UTF_8);

        for (byte[] page : new byte[][] {incompressible, new byte[0], repetitive, incompressible}) {
            assertThat(gunzip(encoder.encode(page))).isEqualTo(page);
        }
    }

    @Test
    void theMemberIsSmallerThanARepetitivePage() {
        byte[] repetitive = "sysgauge_memory_percent 42.0\n".repeat(1_000).getBytes(StandardCharsets.UTF_8);

        assertThat(encoder.encode(repetitive).length).isLessThan(repetitive.length / 10);
    }

    private static byte[] gunzip(byte[] member) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(member))) {
            return in.readAllBytes();
        }
    }
}
