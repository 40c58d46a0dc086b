package com.example.sysgauge.csv;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysgauge.spi.ExportedRecord;
import io.sysgauge.spi.MetricExporter;
import io.sysgauge.testkit.ExporterContractTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

class CsvContractTest extends ExporterContractTest {

    @Override
    protected MetricExporter newExporter() {
        return new CsvExporter();
    }

    @Override
    protected Map<String, Object> config(Path dir) {
        return Map.of("file", dir.resolve("run.csv").toString());
    }

    @Override
    protected void assertExported(Path dir, List<ExportedRecord> records) throws Exception {
        // The second record brings gpu.0.powerWatts, the third drops it: a header before each.
        assertThat(Files.readAllLines(dir.resolve("run.csv"))).containsExactly(
                "_timestamp,_runtime,cpu,network.sent",
                "1796000000,0,12.5,1000",
                "_timestamp,_runtime,cpu,network.sent,gpu.0.powerWatts",
                "1796000001,1,50,4096,212.25",
                "_timestamp,_runtime,cpu,network.sent",
                "1796000002,2,0,8192");
    }
}
