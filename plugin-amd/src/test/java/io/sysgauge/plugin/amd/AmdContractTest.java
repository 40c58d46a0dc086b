package io.sysgauge.plugin.amd;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sysgauge.spi.MetricCollector;
import io.sysgauge.testkit.CollectorContractTest;
import io.sysgauge.testkit.ScriptedTools;
import io.sysgauge.testkit.TestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** The SPI contract, with rocm-smi answering as it did on a host with six MI100s. */
class AmdContractTest extends CollectorContractTest {

    private static final String ROCM_SMI = "rocm-smi -a --json";

    private final Map<Path, ScriptedTools> tools = new HashMap<>();

    @Override
    protected MetricCollector newCollector() {
        return new AmdCollector();
    }

    @Override
    protected TestContext presentContext(Path dir) throws Exception {
        Path sys = Files.createDirectories(dir.resolve("sys/module/amdgpu")).getParent().getParent();
        Files.writeString(sys.resolve("module/amdgpu/initstate"), "live\n");
        ScriptedTools fake = new ScriptedTools(AmdCollectorTest.ROCM_BIN).install("rocm-smi")
                .answer(ROCM_SMI, Fixtures.text("rocm-smi-mi100-rocm5.7.1.json"));
        tools.put(dir, fake);
        return new TestContext(AmdCollector.ID).sysRoot(sys).commands(fake).interval(Duration.ofMillis(100));
    }

    @Override
    protected Predicate<String> failPartOfSource(TestContext context, Path dir) throws Exception {
        // rocm-smi prints N/A for every field of a card it cannot read.
        ObjectNode report = (ObjectNode) Fixtures.json("rocm-smi-mi100-rocm5.7.1.json");
        ObjectNode card2 = (ObjectNode) report.get("card2");
        List<String> fields = new ArrayList<>();
        card2.fieldNames().forEachRemaining(fields::add);
        fields.forEach(field -> card2.put(field, "N/A"));
        tools.get(dir).answer(ROCM_SMI, report.toString());
        return key -> key.startsWith("gpu.2.");
    }
}
