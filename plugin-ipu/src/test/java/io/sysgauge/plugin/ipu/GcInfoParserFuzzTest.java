package io.sysgauge.plugin.ipu;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysgauge.testkit.Fuzz;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** gc-info's text changes between SDKs: whatever it prints is read without an exception. */
class GcInfoParserFuzzTest {

    private static final String[] FIXTURES = {"gc-info-device-info-m2000.txt", "gc-info-device-info-pod4-ipu0.txt",
        "gc-info-device-info-pod4-ipu1.txt", "gc-info-device-info-pod4-ipu2.txt", "gc-info-device-info-pod4-ipu3.txt",
        "gc-info-device-info-c2.txt", "gc-info-device-info-c600.txt", "gc-info-list-devices-pod.txt"};

    @Test
    void mutatedOutputIsReadWithoutExceptions() throws IOException {
        List<byte[]> outputs = new ArrayList<>();
        for (String name : FIXTURES) {
            try (InputStream in = getClass().getResourceAsStream("fixtures/" + name)) {
                outputs.add(in.readAllBytes());
            }
        }
        // No exception is documented: the collector hands the text straight to these.
        Fuzz.Outcome outcome = Fuzz.cases(100_000, 0x1b0, outputs).check(output -> {
            String text = new String(output, StandardCharsets.UTF_8);
            GcInfoParser.singleIpuIds(text);
            for (DeviceAttributes device : GcInfoParser.deviceInfo(text)) {
                device.userProcessId();
                SeedNaming.metrics(device);
            }
        });
        assertThat(outcome.answered()).isEqualTo(100_000);
    }
}
