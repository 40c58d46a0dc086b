package io.sysgauge.plugin.trainium;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sysgauge.testkit.Fuzz;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A neuron-monitor line that is not a report is skipped as JSON that does not parse; a report never crashes. */
class NeuronReportsFuzzTest {

    private static final String[] FIXTURES = {"neuron-monitor-trn1.2xlarge-3reports.json",
        "neuron-monitor-trn2.3xlarge-errors.json", "neuron-monitor-trn1.32xlarge-2runtimes.json"};
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void mutatedReportsAreReadOrSkipped() throws IOException {
        List<byte[]> lines = new ArrayList<>();
        for (String name : FIXTURES) {
            try (InputStream in = getClass().getResourceAsStream("fixtures/" + name)) {
                // neuron-monitor prints one report per line, and the reader parses line by line
                new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(line -> !line.isBlank())
                        .forEach(line -> lines.add(line.getBytes(StandardCharsets.UTF_8)));
            }
        }
        Fuzz.Outcome outcome = Fuzz.cases(100_000, 0x7a1, lines).check(line -> {
            JsonNode report = JSON.readTree(line);
            NeuronReports.usage(report, pid -> pid % 2 == 0);
            NeuronReports.usage(report, pid -> true);
            NeuronReports.hardwareFacts(report);
            NeuronReports.healthy(report);
        }, JsonProcessingException.class);
        // Both ends reached: reports read whole, and broken lines skipped as JSON that does not parse.
        assertThat(outcome.answered()).isPositive();
        assertThat(outcome.refused()).isPositive();
    }
}
