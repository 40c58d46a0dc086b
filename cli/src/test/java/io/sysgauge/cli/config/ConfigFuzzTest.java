package io.sysgauge.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysgauge.core.config.Config;
import io.sysgauge.spi.ConfigException;
import io.sysgauge.spi.ConfigSection;
import io.sysgauge.testkit.Fuzz;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A configuration file is whatever an operator typed: any mistake in it is a ConfigException (one line, exit 2). */
class ConfigFuzzTest {

    private static final Map<String, Set<String>> PLUGINS = Map.of("amd", Set.of("smi", "rocmSmi"),
            "openmetrics", Set.of("endpoints", "filters", "headers", "interval"));

    @TempDir
    Path tmp;

    @Test
    void mutatedConfigurationFilesLoadOrFailWithAConfigException() throws IOException {
        // The shipped file with every key uncommented, and one with plugin sections as the README shows them.
        String shipped = Files.readString(Path.of("../distribution/src/main/dist/conf/sysgauge.yaml"));
        String uncommented = shipped.lines().filter(line -> line.matches("# ?\\s*[a-zA-Z]+:.*"))
                .map(line -> line.replaceFirst("^# ?", "").replaceFirst("\\s+#.*", "").replace("<install>/plugins", "plugins"))
                .reduce("", (text, line) -> text + line + "\n");
        String plugins = """
                sampling:
                  interval: 1s
                disk:
                  paths: [/, /data]
                gpu:
                  devices: [0, 1]
                plugins:
                  disabled: [tpu]
                amd:
                  detect: force
                  smi: /opt/rocm/bin/amd-smi
                  rocmSmi: 30s
                openmetrics:
                  endpoints:
                    dcgm: http://127.0.0.1:9400/metrics
                  filters: ["DCGM_FI_DEV_.*"]
                  headers: {Authorization: "Bearer x"}
                """;
        Path file = tmp.resolve("sysgauge.yaml");
        // Whole files, and each top-level section alone: small cases keep 100,000 of them quick.
        List<byte[]> fixtures = new ArrayList<>();
        for (String text : List.of(uncommented, plugins)) {
            fixtures.add(text.getBytes(StandardCharsets.UTF_8));
            for (String section : text.split("\n(?=\\S)")) {
                fixtures.add((section + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        Fuzz.Outcome outcome = Fuzz.cases(100_000, 0xc0f, fixtures)
                .check(mutated -> {
                    Files.write(file, mutated);
                    Config config = new ConfigLoader(null, Map.of(), file).load(PLUGINS);
                    for (String id : PLUGINS.keySet()) {
                        ConfigSection section = config.section(id);
                        answers(section::detect);
                        for (String key : PLUGINS.get(id)) {
                            answers(() -> section.string(key));
                            answers(() -> section.strings(key));
                            answers(() -> section.bool(key, false));
                            answers(() -> section.duration(key));
                            answers(() -> section.stringMap(key));
                        }
                    }
                }, ConfigException.class);
        // Both ends reached: configurations loaded and asked, and broken ones refused with the one-line error.
        assertThat(outcome.answered()).isPositive();
        assertThat(outcome.refused()).isPositive();
    }

    // Each getter on its own: a ConfigException from one must not hide a crash in the next.
    private static void answers(Runnable getter) {
        try {
            getter.run();
        } catch (ConfigException e) {
            // a documented answer
        }
    }
}
