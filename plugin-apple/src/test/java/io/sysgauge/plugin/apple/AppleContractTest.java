package io.sysgauge.plugin.apple;

import io.sysgauge.spi.DeviceSelection;
import io.sysgauge.spi.MetricCollector;
import io.sysgauge.testkit.CollectorContractTest;
import io.sysgauge.testkit.TestContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * The SPI contract, on an arm64 Mac whose M2 Pro answers through a fake OSHI stats session. The
 * Apple GPU is found by the operating system, not through the context's roots, so the context with
 * nothing to read is one whose {@code gpu.devices} leaves the only GPU out.
 */
class AppleContractTest extends CollectorContractTest {

    private FakeGpuStats stats;

    @Override
    protected MetricCollector newCollector() {
        FakeGpuStats session = new FakeGpuStats();
        session.utilization = 47.0;
        session.vramUsed = 6L << 30;
        session.temperature = 49.5;
        session.powerDraw = 7.25;
        stats = session;
        OshiAppleGpu gpu = new OshiAppleGpu(FakeGraphicsCard.m2Pro(session), session, AppleCollectorTest.TOTAL_MEMORY);
        return new AppleCollector("Mac OS X", "aarch64", () -> gpu);
    }

    @Override
    protected TestContext presentContext(Path dir) {
        return new TestContext(AppleCollector.ID).interval(Duration.ofMillis(50));
    }

    @Override
    protected TestContext absentContext(Path dir) throws Exception {
        return super.absentContext(dir).devices(DeviceSelection.of(List.of(1)));
    }

    @Override
    protected Predicate<String> failPartOfSource(TestContext context, Path dir) {
        stats.temperature = FakeGpuStats.FAILS;
        return key -> key.equals("gpu.0.temp");
    }
}
