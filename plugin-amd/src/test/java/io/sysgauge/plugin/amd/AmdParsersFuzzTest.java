package io.sysgauge.plugin.amd;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysgauge.testkit.Fuzz;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** amd-smi and rocm-smi print what their version prints: an odd document is an IOException, never a crash. */
class AmdParsersFuzzTest {

    private static final String[] FIXTURES = {"amd-smi-metric-bare-numbers.json", "amd-smi-metric-rx7900xtx-rocm6.2.json",
        "amd-smi-metric-mi300x-rocm7.json", "amd-smi-static-mi300x-rocm7.json", "amd-smi-static-mi210.json",
        "rocm-smi-mi250-rocm6-driver6.2.4.json", "rocm-smi-rx6700xt-rocm4.3.0.json", "rocm-smi-rx6700xt-rocm6.1.2.json",
        "rocm-smi-mi100-rocm5.7.1.json"};

    @Test
    void mutatedToolOutputIsReadOrRefusedAsIoException() throws IOException {
        List<byte[]> outputs = new ArrayList<>();
        for (String name : FIXTURES) {
            try (InputStream in = getClass().getResourceAsStream("fixtures/" + name)) {
                outputs.add(in.readAllBytes());
            }
        }
        // The collector reads the tool's output as text, then the document; both parsers see every document.
        Fuzz.Outcome outcome = Fuzz.cases(100_000, 0xa3d, outputs).check(output -> {
            var json = ToolValues.json(new String(output, StandardCharsets.UTF_8));
            AmdSmiParser.readings(json);
            AmdSmiParser.staticInfo(json);
            RocmSmiParser.readings(json);
            RocmSmiParser.facts(json);
            RocmSmiParser.driverVersion(json);
        }, IOException.class);
        // Both ends reached: documents read whole, and broken ones refused as the tool errors they are.
        assertThat(outcome.answered()).isPositive();
        assertThat(outcome.refused()).isPositive();
    }
}
