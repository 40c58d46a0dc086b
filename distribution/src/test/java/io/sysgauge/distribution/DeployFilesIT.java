package io.sysgauge.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sysgauge.distribution.Distribution.Launched;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fleet files in deploy/: they say what the launcher accepts, and Prometheus accepts them. */
class DeployFilesIT {

    private static final Path DEPLOY = Distribution.home().resolve("deploy");

    @TempDir
    Path work;

    /** Both listen beyond loopback, sysgauge's default: each says so where an operator reads it. */
    @Test
    void theFilesThatListenOnEveryInterfaceSayWhatThatExposes() throws Exception {
        for (String file : List.of("sysgauge.service", "sysgauge-daemonset.yaml")) {
            String text = Files.readString(DEPLOY.resolve(file));
            String comments = String.join("\n", text.lines().filter(line -> line.startsWith("#")).toList());

            assertThat(text).as(file).contains("0.0.0.0:9464");
            assertThat(comments).as(file).contains("Bind address:").contains("0.0.0.0:9464").contains("Risk:")
                    .contains("without authentication").contains("default is 127.0.0.1:9464").contains("docs/security.md");
        }
    }

    @Test
    void theSystemdUnitAndTheDaemonSetStartTheSameServeThatAnswersWithTheHostLabel() throws Exception {
        JsonNode daemonSet = new ObjectMapper(new YAMLFactory()).readTree(DEPLOY.resolve("sysgauge-daemonset.yaml").toFile());
        JsonNode pod = daemonSet.get("spec").get("template");
        JsonNode container = pod.get("spec").get("containers").get(0);
        List<String> arguments = new ArrayList<>();
        container.get("args").forEach(argument -> arguments.add(argument.asText()));
        String execStart = Files.readAllLines(DEPLOY.resolve("sysgauge.service")).stream()
                .filter(line -> line.startsWith("ExecStart=")).findFirst().orElseThrow();

        assertThat(daemonSet.get("kind").asText()).isEqualTo("DaemonSet");
        assertThat(pod.get("spec").get("hostPID").asBoolean()).isTrue();
        assertThat(pod.get("metadata").get("annotations").get("prometheus.io/port").asText())
                .isEqualTo(container.get("ports").get(0).get("containerPort").asText());
        assertThat(Arrays.asList(execStart.substring("ExecStart=".length()).split(" ")))
                .isEqualTo(concat(List.of("/opt/sysgauge/bin/sysgauge"), arguments));

        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        List<String> here = new ArrayList<>(arguments);
        here.set(here.indexOf("--listen") + 1, "127.0.0.1:" + port);
        here.set(here.indexOf("--interval") + 1, "500ms");
        Launched serve = Distribution.start(work, Map.of(), here.toArray(String[]::new));
        try {
            String page = "";
            for (int attempt = 0; attempt < 100 && !page.contains("sysgauge_memory_percent"); attempt++) {
                Thread.sleep(100);
                try {
                    page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                            HttpResponse.BodyHandlers.ofString()).body();
                } catch (java.io.IOException e) {
                    // not listening yet
                }
            }
            assertThat(page).containsPattern("sysgauge_memory_percent\\{host=\"[^\"]+\"\\} ");
        } finally {
            serve.process().destroy();
        }
        assertThat(serve.await().exitCode()).isZero();
    }

    @Test
    void prometheusAcceptsTheScrapeConfiguration() throws Exception {
        Path promtool = Path.of("/usr/bin/promtool");
        Assumptions.assumeTrue(Files.isExecutable(promtool), ".ci/run installs the Debian package prometheus");

        Process check = new ProcessBuilder(promtool.toString(), "check", "config",
                DEPLOY.resolve("prometheus-scrape.yml").toString()).redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes());

        assertThat(check.waitFor()).as(output).isZero();
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
