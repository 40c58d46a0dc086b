package io.sysgauge.distribution;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** A real Prometheus (the Debian package .ci/run installs) scraping sysgauge on loopback every second. */
final class RealPrometheus {

    static final Path BINARY = Path.of("/usr/bin/prometheus");

    private RealPrometheus() {}

    /**
     * @param work where its configuration, data and log ({@code prometheus.log}) go
     * @param listenPort the loopback port of its HTTP API
     * @param targetPorts the loopback ports of the sysgauge targets, all in the scrape job {@code sysgauge}
     * @param flags more command-line flags
     * @return the started server
     */
    static Process start(Path work, int listenPort, List<Integer> targetPorts, List<String> flags) throws IOException {
        String targets = targetPorts.stream().map(port -> "\"127.0.0.1:" + port + "\"").collect(Collectors.joining(", "));
        Path config = Files.writeString(work.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                scrape_configs:
                  - job_name: sysgauge
                    static_configs:
                      - targets: [%s]
                """.formatted(targets));
        List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + work.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + listenPort));
        command.addAll(flags);
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("prometheus.log").toFile()).start();
    }
}
