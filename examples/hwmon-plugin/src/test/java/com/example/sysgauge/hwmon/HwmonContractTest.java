package com.example.sysgauge.hwmon;

import io.sysgauge.spi.MetricCollector;
import io.sysgauge.testkit.CollectorContractTest;
import io.sysgauge.testkit.TestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;

/** What every sysgauge collector owes core, checked by the SPI's contract kit on a desktop's hwmon tree. */
class HwmonContractTest extends CollectorContractTest {

    @Override
    protected MetricCollector newCollector() {
        return new HwmonCollector();
    }

    @Override
    protected TestContext presentContext(Path dir) throws Exception {
        return new TestContext("hwmon").sysRoot(HwmonFixture.desktop(dir.resolve("sys"))).interval(Duration.ofMillis(50));
    }

    @Override
    protected Predicate<String> failPartOfSource(TestContext context, Path dir) throws Exception {
        // An NVMe drive pulled out: its hwmon folder goes away with it.
        Path drive = dir.resolve("sys/class/hwmon/hwmon3");
        try (var files = Files.list(drive)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(drive);
        return key -> key.startsWith("hwmon.nvme_3.");
    }
}
