package io.sysgauge.benchmarks;

import io.sysgauge.plugin.openmetrics.EndpointSeries;
import io.sysgauge.plugin.openmetrics.ExpositionFormat;
import io.sysgauge.plugin.openmetrics.ExpositionParseException;
import io.sysgauge.plugin.openmetrics.ExpositionParser;
import io.sysgauge.plugin.openmetrics.SeriesFilter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentSkipListMap;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What reading a scraped page costs the openmetrics collector, on a page of {@link #PAGE_BYTES}
 * or a little more made by repeating the dcgm-exporter fixture (2 GPUs, 19 metrics, 9 labels a
 * line) with other GPU numbers, UUIDs and host names in each copy: about 84 nodes' worth, 3200
 * series. Throughput in MB/s is the page size divided by the time per operation.
 *
 * <p>{@code parse}: the parser alone, with a consumer that only reads the values.
 * {@code readPage}: what a tick does with a page after the first: the parser, the series lookup
 * by each line's raw bytes and this tick's values, with every series already numbered.
 *
 * <p>The fixture is read from plugin-openmetrics' test resources: run from the repository root,
 * or set {@code -Dsysgauge.dcgmPage=<file>}.
 */
@State(Scope.Thread)
public class OpenMetricsParserBenchmark extends AgentJvmBenchmark {

    static final int PAGE_BYTES = 1 << 20;
    private static final String FIXTURE = "plugin-openmetrics/src/test/resources/io/sysgauge/plugin/openmetrics/fixtures/"
            + "dcgm-exporter-2xT4-driver525-pod-labels.prom";

    private byte[] page;
    private EndpointSeries series;

    /** Builds the page and reads it once, so that {@code readPage} measures the steady state. */
    @Setup(Level.Trial)
    public void buildPage() throws ExpositionParseException {
        page = page();
        series = new EndpointSeries("dcgm", SeriesFilter.keepDefaultKinds(), new ConcurrentSkipListMap<>());
        series.read(page, page.length, ExpositionFormat.PROMETHEUS_TEXT);
    }

    /**
     * @return a checksum of the values, so nothing is optimised away
     */
    @Benchmark
    public double parse() throws ExpositionParseException {
        double[] checksum = new double[1];
        ExpositionParser.parse(page, page.length, ExpositionFormat.PROMETHEUS_TEXT,
                sample -> checksum[0] += sample.value() + sample.labelsEnd());
        return checksum[0];
    }

    /**
     * @return the number of values the page gave
     */
    @Benchmark
    public int readPage() throws ExpositionParseException {
        return series.read(page, page.length, ExpositionFormat.PROMETHEUS_TEXT);
    }

    /** @return the benchmark page: copies of the dcgm-exporter fixture, each for other GPUs on another host */
    static byte[] page() {
        String fixture = fixture();
        if (!fixture.endsWith("\n")) {
            fixture += "\n";
        }
        StringBuilder page = new StringBuilder(PAGE_BYTES + fixture.length());
        for (int copy = 0; page.length() < PAGE_BYTES; copy++) {
            page.append(fixture.replace("gpu=\"0\"", "gpu=\"" + (2 * copy) + "\"")
                    .replace("gpu=\"1\"", "gpu=\"" + (2 * copy + 1) + "\"")
                    .replace("UUID=\"GPU-", "UUID=\"GPU-" + copy + "-")
                    .replace("nvidia-dcgm-exporter-s228n", "nvidia-dcgm-exporter-" + copy));
        }
        return page.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String fixture() {
        Path configured = Path.of(System.getProperty("sysgauge.dcgmPage", FIXTURE));
        for (Path directory = Path.of("").toAbsolutePath(); directory != null; directory = directory.getParent()) {
            Path candidate = directory.resolve(configured);
            if (Files.isRegularFile(candidate)) {
                try {
                    return Files.readString(candidate);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        throw new IllegalStateException("no dcgm-exporter fixture " + configured + " here or above: run from the"
                + " repository root or set -Dsysgauge.dcgmPage");
    }
}
