package io.sysgauge.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sysgauge.testkit.TestContext;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The kit's stand-in for core reads settings as core does, and its defaults are a bare machine's. */
class TestContextTest {

    @Test
    void durationsAndBooleansAreSpelledAsInSysgaugeYaml() {
        ConfigSection section = new TestContext("psi").set("timeout", "250ms").set("window", "1.5s")
                .set("period", "2m").set("perCore", "yes").set("tree", false).config();

        assertThat(section.duration("timeout")).hasValue(Duration.ofMillis(250));
        assertThat(section.duration("window")).hasValue(Duration.ofMillis(1500));
        assertThat(section.duration("period")).hasValue(Duration.ofMinutes(2));
        assertThat(section.bool("perCore", false)).isTrue();
        assertThat(section.bool("tree", true)).isFalse();
        assertThat(section.bool("unset", true)).isTrue();
    }

    @Test
    void malformedValuesAreConfigExceptionsNamingTheKey() {
        ConfigSection section = new TestContext("psi").set("timeout", "PT5S").set("perCore", "ture").config();

        assertThatThrownBy(() -> section.duration("timeout")).isInstanceOf(ConfigException.class)
                .hasMessage("psi.timeout: expected a duration like 250ms, 5s or 1m, got 'PT5S'");
        assertThatThrownBy(() -> section.bool("perCore", false)).isInstanceOf(ConfigException.class)
                .hasMessage("psi.perCore: expected true or false, got 'ture'");
    }

    @Test
    void withoutARunnerNoToolIsFoundOrStarted() {
        CommandRunner commands = new TestContext("psi").commands();

        assertThat(commands.locate("rocm-smi", List.of())).isEmpty();
        assertThatThrownBy(() -> commands.run(List.of("rocm-smi"), Duration.ofSeconds(1)))
                .isInstanceOf(IOException.class).hasMessageContaining("No such file or directory");
    }
}
