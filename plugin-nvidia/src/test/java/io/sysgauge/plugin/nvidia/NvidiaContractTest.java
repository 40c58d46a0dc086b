package io.sysgauge.plugin.nvidia;

import io.sysgauge.plugin.nvidia.stub.NvmlStub;
import io.sysgauge.spi.MetricCollector;
import io.sysgauge.testkit.CollectorContractTest;
import io.sysgauge.testkit.TestContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/** The SPI contract, over the real JNA binding and the NVML stub with an H100 and an A100. */
class NvidiaContractTest extends CollectorContractTest {

    private final Map<Path, NvmlStub> stubs = new HashMap<>();
    // gpm, links, energy (issue 17): GPM and energy on GPU 0, PCIe and energy on GPU 1
    private static final String GPUS = NvidiaCollectorTest.TWO_GPUS + GpmCollectorTest.GPM_ON_GPU_0
            + "energy 5000000\ndevice 1\nenergy 7000\npcie 100 200\n";

    @Override
    protected MetricCollector newCollector() {
        return new NvidiaCollector();
    }

    @Override
    protected TestContext presentContext(Path dir) {
        NvmlStub stub = NvmlStub.install(dir, GPUS);
        stubs.put(dir, stub);
        return new TestContext(NvidiaCollector.ID).set("library", stub.library()).interval(Duration.ofMillis(100));
    }

    @Override
    protected TestContext absentContext(Path dir) throws Exception {
        // Without a setting the plugin would find a real driver on a GPU machine.
        return super.absentContext(dir).set("library", dir.resolve("libnvidia-ml.so.1"));
    }

    @Override
    protected Predicate<String> failPartOfSource(TestContext context, Path dir) {
        stubs.get(dir).configure(GPUS + "device 0\nlost\n");
        return key -> key.startsWith("gpu.0.");
    }
}
