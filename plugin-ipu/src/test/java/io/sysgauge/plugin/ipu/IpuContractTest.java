package io.sysgauge.plugin.ipu;

import io.sysgauge.spi.MetricCollector;
import io.sysgauge.testkit.CollectorContractTest;
import io.sysgauge.testkit.ScriptedTools;
import io.sysgauge.testkit.TestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/** The SPI contract, with gc-info answering as on an IPU-POD4 where the watched job holds IPUs 0 and 1. */
class IpuContractTest extends CollectorContractTest {

    private final Map<Path, ScriptedTools> tools = new HashMap<>();

    @Override
    protected MetricCollector newCollector() {
        return new IpuCollector();
    }

    @Override
    protected TestContext presentContext(Path dir) throws Exception {
        Path dev = Files.createDirectories(dir.resolve("dev"));
        Files.createFile(dev.resolve("ipu0"));
        ScriptedTools gcInfo = FakeGcInfo.pod4(new ScriptedTools(FakeGcInfo.ON_PATH.getParent()).install("gc-info"));
        tools.put(dir, gcInfo);
        return new TestContext(IpuCollector.ID).devRoot(dev).commands(gcInfo).tree(4242, 4242L, 4243L)
                .interval(Duration.ofMillis(100));
    }

    @Override
    protected Predicate<String> failPartOfSource(TestContext context, Path dir) {
        tools.get(dir).answer("gc-info --device-id 1 --device-info", 2, "", FakeGcInfo.NOT_FOUND);
        return key -> key.startsWith("ipu.1.");
    }
}
