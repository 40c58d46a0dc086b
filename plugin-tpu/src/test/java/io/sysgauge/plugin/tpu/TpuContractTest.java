package io.sysgauge.plugin.tpu;

import io.sysgauge.plugin.tpu.testing.LoopbackTpuService;
import io.sysgauge.spi.MetricCollector;
import io.sysgauge.testkit.CollectorContractTest;
import io.sysgauge.testkit.TestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;

/** The SPI contract, with four v5e chips on the PCI bus and libtpu's metrics service on a loopback port. */
class TpuContractTest extends CollectorContractTest {

    private final Map<Path, LoopbackTpuService> services = new HashMap<>();

    @AfterEach
    void stopServices() {
        services.values().forEach(LoopbackTpuService::close);
    }

    @Override
    protected MetricCollector newCollector() {
        return new TpuCollector();
    }

    @Override
    protected TestContext presentContext(Path dir) throws Exception {
        Path sys = Files.createDirectories(dir.resolve("sys"));
        TpuCollectorTest.chips(sys, 4, "0x0063");
        LoopbackTpuService service = TpuCollectorTest.fourV5eChips();
        services.put(dir, service);
        return new TestContext(TpuCollector.ID).sysRoot(sys).set("address", service.address())
                .interval(Duration.ofMillis(200));
    }

    @Override
    protected Predicate<String> failPartOfSource(TestContext context, Path dir) {
        // Chip 1 drops out of the duty-cycle report; its memory figures keep coming.
        services.get(dir).metric(TpuMetrics.DUTY_CYCLE, 0, 97.5, 2, 100.0, 3, 0.0);
        return key -> key.equals("tpu.1.dutyCycle");
    }
}
