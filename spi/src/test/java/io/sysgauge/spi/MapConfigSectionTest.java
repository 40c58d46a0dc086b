package io.sysgauge.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one map-backed section core and the test kit both read settings with. */
class MapConfigSectionTest {

    @Test
    void typedGettersReadYamlSpellings() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("timeout", "250ms");
        values.put("window", "1.5 s");
        values.put("period", 15);
        values.put("perCore", "yes");
        values.put("tree", false);
        values.put("paths", List.of("/", "/data", 7));
        values.put("path", "/");
        values.put("endpoints", new LinkedHashMap<>(Map.of("dcgm", "http://127.0.0.1:9400/metrics")));
        values.put("count", 3);
        ConfigSection section = MapConfigSection.of("psi", values);

        assertThat(section.name()).isEqualTo("psi");
        assertThat(section.duration("timeout")).hasValue(Duration.ofMillis(250));
        assertThat(section.duration("window")).hasValue(Duration.ofMillis(1500));
        assertThat(section.duration("period")).hasValue(Duration.ofSeconds(15));
        assertThat(section.duration("unset")).isEmpty();
        assertThat(section.bool("perCore", false)).isTrue();
        assertThat(section.bool("tree", true)).isFalse();
        assertThat(section.bool("unset", true)).isTrue();
        assertThat(section.strings("paths")).containsExactly("/", "/data", "7");
        assertThat(section.strings("path")).containsExactly("/");
        assertThat(section.strings("unset")).isEmpty();
        assertThat(section.stringMap("endpoints")).containsExactly(Map.entry("dcgm", "http://127.0.0.1:9400/metrics"));
        assertThat(section.string("count")).hasValue("3");
        assertThat(section.raw("count")).hasValue(3);
        assertThat(section.detect()).isEqualTo(Detect.AUTO);
    }

    @Test
    void dottedKeysReadNestedMappingsAndLiteralDottedKeys() {
        Map<String, Object> values = new HashMap<>();
        values.put("limits", Map.of("memory", "2GB", "cpu", Map.of("share", 0.5)));
        values.put("a.b", "literal");
        ConfigSection section = MapConfigSection.of("x", values);

        assertThat(section.string("limits.memory")).hasValue("2GB");
        assertThat(section.string("limits.cpu.share")).hasValue("0.5");
        assertThat(section.string("limits.disk")).isEmpty();
        assertThat(section.string("limits.memory.more")).isEmpty();
        assertThat(section.string("a.b")).hasValue("literal");
    }

    @Test
    void readsTheMapAsItIsAtEachCall() {
        Map<String, Object> values = new HashMap<>();
        ConfigSection section = MapConfigSection.of("x", values);

        values.put("detect", "force");

        assertThat(section.detect()).isEqualTo(Detect.FORCE);
    }

    @Test
    void errorsNameTheFullKeyAndDescribeTheValueAsTheUserWroteIt() {
        Map<String, Object> values = new HashMap<>();
        values.put("library", List.of("a", "b"));
        values.put("endpoints", "http://127.0.0.1:9400/metrics");
        values.put("perCore", Map.of("a", 1));
        values.put("timeout", "PT5S");
        values.put("detect", "sometimes");
        values.put("labels", Map.of("gpu", List.of(1, 2)));
        ConfigSection section = MapConfigSection.of("om", values);

        assertThatThrownBy(() -> section.string("library")).isInstanceOf(ConfigException.class)
                .hasMessage("om.library: expected a single value, got a list [a, b]");
        assertThatThrownBy(() -> section.stringMap("endpoints"))
                .hasMessage("om.endpoints: expected a mapping of name: value, got 'http://127.0.0.1:9400/metrics'");
        assertThatThrownBy(() -> section.bool("perCore", false))
                .hasMessage("om.perCore: expected true or false, got a mapping of a");
        assertThatThrownBy(() -> section.duration("timeout"))
                .hasMessage("om.timeout: expected a duration like 250ms, 5s or 1m, got 'PT5S'");
        assertThatThrownBy(() -> section.detect()).hasMessage("om.detect: expected auto, force or off, got 'sometimes'");
        assertThatThrownBy(() -> section.stringMap("labels"))
                .hasMessage("om.labels.gpu: expected a single value, got a list [1, 2]");
        assertThat(((ConfigException) catchThrowable(() -> section.string("library"))).key()).isEqualTo("om.library");
    }

    @Test
    void withOriginsErrorsSayWhereTheValueCameFrom() {
        ConfigSection section = MapConfigSection.of("nvidia", Map.of("detect", "sometimes", "timeout", "9999h"),
                key -> key.equals("nvidia.detect") ? "--set" : "/etc/sysgauge.yaml");

        assertThatThrownBy(section::detect)
                .hasMessage("nvidia.detect: expected auto, force or off, got 'sometimes' (from --set)");
        assertThatThrownBy(() -> section.duration("timeout"))
                .hasMessage("nvidia.timeout: expected a duration of at most 8760h (365 days), got '9999h'"
                        + " (from /etc/sysgauge.yaml)");
    }

    @Test
    void yamlsBareOffIsDetectOff() {
        assertThat(MapConfigSection.of("x", Map.of("detect", false)).detect()).isEqualTo(Detect.OFF);
        assertThat(MapConfigSection.of("x", Map.of("detect", " Force")).detect()).isEqualTo(Detect.FORCE);
    }

    @Test
    void describeCutsLongValuesShort() {
        assertThat(ConfigValues.describe(null)).isEqualTo("nothing");
        assertThat(ConfigValues.describe(List.of())).isEqualTo("an empty list");
        assertThat(ConfigValues.describe(Map.of())).isEqualTo("an empty mapping");
        assertThat(ConfigValues.describe(List.of(1, 2, 3, 4, 5, 6))).isEqualTo("a list [1, 2, 3, 4, 5, ...]");
        assertThat(ConfigValues.describe(List.of(List.of(1)))).isEqualTo("a list [[...]]");
        assertThat(ConfigValues.describe("x".repeat(80))).isEqualTo("'" + "x".repeat(57) + "...'");
    }

    @Test
    void booleansAndDurationsAsCoreSpellsThem() {
        assertThat(ConfigValues.bool(" ON ")).hasValue(true);
        assertThat(ConfigValues.bool("no")).hasValue(false);
        assertThat(ConfigValues.bool("ture")).isEmpty();
        assertThat(ConfigValues.duration("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(ConfigValues.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(ConfigValues.format(ConfigValues.MAXIMUM_DURATION)).isEqualTo("8760h");
    }
}
