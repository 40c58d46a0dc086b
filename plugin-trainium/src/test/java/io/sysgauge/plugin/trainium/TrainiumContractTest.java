package io.sysgauge.plugin.trainium;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sysgauge.spi.MetricCollector;
import io.sysgauge.testkit.CollectorContractTest;
import io.sysgauge.testkit.TestContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * The SPI contract, with a fake neuron-monitor (a real child process) printing a trn1.2xlarge
 * report every 200 ms from a file the test can replace.
 */
class TrainiumContractTest extends CollectorContractTest {

    private static final String REPORT = "report.json";

    @Override
    protected MetricCollector newCollector() {
        return new TrainiumCollector();
    }

    @Override
    protected TestContext presentContext(Path dir) throws Exception {
        Path dev = Files.createDirectories(dir.resolve("dev"));
        Files.createFile(dev.resolve("neuron0"));
        Path report = FakeNeuronMonitor.reports(dir, REPORT,
                List.of(Fixtures.lines("neuron-monitor-trn1.2xlarge-3reports.json").get(2)));
        Path tool = FakeNeuronMonitor.script(dir, "while :; do cat %s; sleep 0.2; done\n".formatted(report));
        return new TestContext(TrainiumCollector.ID).devRoot(dev).commands(NO_TOOLS).set("neuronMonitor", tool)
                .interval(Duration.ofMillis(200));
    }

    @Override
    protected Predicate<String> failPartOfSource(TestContext context, Path dir) throws IOException {
        // The runtime's NeuronCore counters fail to read; its memory figures are still reported.
        ObjectNode report = (ObjectNode) Fixtures.json(Files.readString(dir.resolve(REPORT)));
        ObjectNode counters = (ObjectNode) report.at("/neuron_runtime_data/0/report/neuroncore_counters");
        counters.put("error", "nrt_get_counters: failed to read NeuronCore counters");
        Path replacement = FakeNeuronMonitor.reports(dir, REPORT + ".new", List.of(report.toString()));
        Files.move(replacement, dir.resolve(REPORT), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return key -> key.endsWith(".neuroncore_utilization");
    }
}
