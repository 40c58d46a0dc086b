package io.sysgauge.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sysgauge.distribution.Distribution.Launched;
import io.sysgauge.plugin.nvidia.stub.NvmlStub;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet dashboard in deploy/grafana against a real Prometheus that scrapes two {@code serve}
 * processes (nodes a and b, each with two stub GPUs; a's GPUs idle at 20 %, b's busy at 80 %):
 * every query of every panel and variable answers, and the slowest-node panel names a.
 */
class FleetDashboardIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path PROMETHEUS = RealPrometheus.BINARY;
    private static final Path DASHBOARD = Distribution.home().resolve("deploy/grafana/sysgauge-fleet.json");
    /** Grafana's label_values(metric, label), which a variable's query is and PromQL is not. */
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((\\w+)(?:\\{[^}]*})?,\\s*(\\w+)\\)");
    private static final String GPU_FIXTURE = NvmlStub.fixture("two-gpus.conf");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Process> started = new ArrayList<>();

    @TempDir
    Path work;

    private int prometheusPort;

    @AfterEach
    void stopAll() throws InterruptedException {
        for (Process process : started) {
            process.destroy();
            process.waitFor();
        }
    }

    @Test
    void everyPanelAndVariableQueryAnswersAndTheSlowestNodeIsTheIdleOne() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(PROMETHEUS), ".ci/run installs the Debian package prometheus");
        JsonNode dashboard = JSON.readTree(DASHBOARD.toFile());
        assertThat(dashboard.at("/templating/list")).anySatisfy(variable -> assertThat(variable.get("type").asText()
                + " " + variable.get("name").asText() + " " + variable.get("query").asText())
                .isEqualTo("datasource datasource prometheus"));
        int portA = freePort();
        int portB = freePort();
        Launched nodeA = serve("a", portA, 20);
        Launched nodeB = serve("b", portB, 80);
        startPrometheus(portA, portB);

        // Both targets scraped, with their GPUs, before the panels are asked.
        assertThat(awaitResult("count(sysgauge_run_info) == 2")).hasSize(1);
        assertThat(awaitResult("count(sysgauge_gpu_gpu_percent) == 4")).hasSize(1);

        for (JsonNode variable : dashboard.at("/templating/list")) {
            if (variable.get("type").asText().equals("query")) {
                Matcher query = LABEL_VALUES.matcher(variable.at("/query/query").asText());
                assertThat(query.matches()).as(variable.toString()).isTrue();
                assertThat(labelValues(query.group(1), query.group(2))).as(variable.get("name").asText())
                        .containsAll(variable.get("name").asText().equals("node") ? List.of("a", "b") : List.of("0", "1"));
            }
        }

        Map<String, String> expressions = expressions(dashboard);
        assertThat(expressions).hasSizeGreaterThanOrEqualTo(8);
        Map<String, JsonNode> answers = new LinkedHashMap<>();
        for (Map.Entry<String, String> panel : expressions.entrySet()) {
            answers.put(panel.getKey(), awaitResult(substitute(panel.getValue())));
        }
        JsonNode utilization = answers.get("GPU utilization");
        assertThat(utilization).as("two nodes times two GPUs, each with its node").hasSize(4)
                .allMatch(series -> series.at("/metric/node").asText().matches("[ab]"));
        String slowestTitle = expressions.keySet().stream().filter(title -> title.startsWith("Slowest node"))
                .findFirst().orElseThrow();
        // Node b's GPUs are busier; until b's first scrape the lone a would be "slowest" too, so wait for both.
        awaitResult("count(count by (node) (avg_over_time(sysgauge_gpu_gpu_percent[1m])"
                + " * on(job, instance) group_left(node) sysgauge_run_info)) == 2");
        JsonNode slowest = awaitResult(substitute(expressions.get(slowestTitle)));
        assertThat(slowest).hasSize(1);
        assertThat(slowest.get(0).at("/metric/node").asText()).isEqualTo("a");
        assertThat(slowest.get(0).at("/value/1").asDouble()).isEqualTo(20.0);

        for (Launched serve : List.of(nodeA, nodeB)) {
            serve.process().destroy();
            assertThat(serve.await().exitCode()).isZero();
            assertThat(serve.stderr()).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    /** The dashboard's variables as Grafana would fill them in with both nodes and all GPUs selected. */
    private static String substitute(String expression) {
        return expression.replace("$node", "a|b").replace("$gpu", "0|1").replace("$__range", "1m")
                .replace("$__rate_interval", "1m").replace("$__interval", "15s");
    }

    /** @return every panel's title with its query, rows' panels included; a panel has one query */
    private static Map<String, String> expressions(JsonNode dashboard) {
        Map<String, String> expressions = new LinkedHashMap<>();
        List<JsonNode> panels = new ArrayList<>();
        dashboard.get("panels").forEach(panels::add);
        for (int i = 0; i < panels.size(); i++) {
            JsonNode panel = panels.get(i);
            panel.path("panels").forEach(panels::add);
            JsonNode targets = panel.path("targets");
            // Imported anywhere: the data source is the dashboard's variable, never a uid of one Grafana.
            assertThat(panel.at("/datasource/uid").asText()).as(panel.path("title").asText()).isEqualTo("${datasource}");
            assertThat(targets.size()).as(panel.path("title").asText()).isLessThanOrEqualTo(1);
            targets.forEach(target -> expressions.put(panel.get("title").asText(), target.get("expr").asText()));
        }
        return expressions;
    }

    private Launched serve(String node, int port, int gpuPercent) throws Exception {
        Path folder = Files.createDirectory(work.resolve("node-" + node));
        NvmlStub stub = NvmlStub.install(folder.resolve("driver"), GPU_FIXTURE
                + "device 0\nutilization " + gpuPercent + " 10\ndevice 1\nutilization " + gpuPercent + " 10\n");
        Launched serve = Distribution.start(folder, Map.of(), "serve", "--interval", "500ms",
                "--listen", "127.0.0.1:" + port, "--label", "node=" + node, "--set", "nvidia.library=" + stub.library());
        started.add(serve.process());
        return serve;
    }

    private void startPrometheus(int portA, int portB) throws IOException {
        prometheusPort = freePort();
        started.add(RealPrometheus.start(work, prometheusPort, List.of(portA, portB), List.of()));
    }

    private List<String> labelValues(String metric, String label) throws Exception {
        JsonNode values = awaitData("/api/v1/label/" + label + "/values?match[]="
                + URLEncoder.encode(metric, StandardCharsets.UTF_8), data -> data.size() > 0);
        List<String> texts = new ArrayList<>();
        values.forEach(value -> texts.add(value.asText()));
        return texts;
    }

    /** Asks until the result is not empty; a query Prometheus rejects fails at once, with its error. */
    private JsonNode awaitResult(String promql) throws Exception {
        return awaitData("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8),
                data -> data.path("result").size() > 0).path("result");
    }

    private JsonNode awaitData(String path, Predicate<JsonNode> ready) throws Exception {
        // Generous: two JVMs and a Prometheus start on a loaded machine.
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + prometheusPort + path)).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
                last = response.body();
                JsonNode body = JSON.readTree(last);
                assertThat(body.path("status").asText()).as(path + " -> " + last).isNotEqualTo("error");
                if (ready.test(body.path("data"))) {
                    return body.path("data");
                }
            } catch (IOException e) {
                // Prometheus is still starting
            }
            Thread.sleep(250);
        }
        throw new AssertionError("Prometheus had nothing for " + path + "; last answer " + last + "; its log: "
                + Files.readString(work.resolve("prometheus.log")));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
