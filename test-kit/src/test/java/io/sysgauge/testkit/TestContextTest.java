package io.sysgauge.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sysgauge.spi.CommandResult;
import io.sysgauge.spi.CommandRunner;
import io.sysgauge.spi.ConfigException;
import io.sysgauge.spi.ConfigSection;
import io.sysgauge.spi.Detect;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The kit's stand-in for core reads settings as core does, and its defaults are a bare machine's. */
class TestContextTest {

    @Test
    void durationsAndBooleansAreSpelledAsInSysgaugeYaml() {
        ConfigSection section = new TestContext("psi").set("timeout", "250ms").set("window", "1.5 s")
                .set("period", "2m").set("perCore", "yes").set("tree", false).config();

        assertThat(section.duration("timeout")).hasValue(Duration.ofMillis(250));
        assertThat(section.duration("window")).hasValue(Duration.ofMillis(1500));
        assertThat(section.duration("period")).hasValue(Duration.ofMinutes(2));
        assertThat(section.bool("perCore", false)).isTrue();
        assertThat(section.bool("tree", true)).isFalse();
        assertThat(section.bool("unset", true)).isTrue();
    }

    @Test
    void detectIsReadAsCoreReadsItYamlsBareOffIncluded() {
        assertThat(new TestContext("psi").set("detect", false).config().detect()).isEqualTo(Detect.OFF);
        assertThat(new TestContext("psi").set("detect", " Force").config().detect()).isEqualTo(Detect.FORCE);
        assertThat(new TestContext("psi").config().detect()).isEqualTo(Detect.AUTO);
        assertThatThrownBy(() -> new TestContext("psi").set("detect", "sometimes").config().detect())
                .isInstanceOf(ConfigException.class).hasMessage("psi.detect: expected auto, force or off, got 'sometimes'");
    }

    @Test
    void aValueOfTheWrongShapeIsAConfigException() {
        ConfigSection section = new TestContext("om").set("endpoints", "http://127.0.0.1:9400/metrics")
                .set("library", List.of("a", "b")).config();

        assertThatThrownBy(() -> section.stringMap("endpoints")).isInstanceOf(ConfigException.class)
                .hasMessage("om.endpoints: expected a mapping of name: value, got 'http://127.0.0.1:9400/metrics'");
        assertThatThrownBy(() -> section.string("library")).isInstanceOf(ConfigException.class)
                .hasMessage("om.library: expected a single value, got a list [a, b]");
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
    void scriptedToolsAnswerByFileNameAndArgumentsAndRecordTheCalls() throws IOException {
        ScriptedTools tools = new ScriptedTools(Path.of("/opt/rocm/bin")).install("rocm-smi")
                .answer("rocm-smi -a --json", "{\"card0\": {}}")
                .answer("rocm-smi --showpower", 1, "", "ERROR: GPU[0] : power not supported");

        CommandResult json = tools.run(List.of("/opt/rocm/bin/rocm-smi", "-a", "--json"), Duration.ofSeconds(1));
        CommandResult power = tools.run(List.of("rocm-smi", "--showpower"), Duration.ofSeconds(1));
        CommandResult unknown = tools.run(List.of("/usr/bin/amd-smi", "list"), Duration.ofSeconds(1));

        assertThat(tools.locate("rocm-smi", List.of())).hasValue(Path.of("/opt/rocm/bin/rocm-smi"));
        assertThat(tools.locate("amd-smi", List.of())).isEmpty();
        assertThat(json.stdout()).isEqualTo("{\"card0\": {}}");
        assertThat(power.exitCode()).isEqualTo(1);
        assertThat(power.stderr()).isEqualTo("ERROR: GPU[0] : power not supported");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(tools.calls()).containsExactly("rocm-smi -a --json", "rocm-smi --showpower", "amd-smi list");
    }

    @Test
    void hangingToolsTimeOutUntilReleased() throws IOException {
        ScriptedTools tools = new ScriptedTools(Path.of("/opt/poplar/bin")).install("gc-info")
                .answer("gc-info --list-devices", "-+- Id: [0]").hang();

        CommandResult hung = tools.run(List.of("gc-info", "--list-devices"), Duration.ofMillis(50));
        tools.release();
        CommandResult answered = tools.run(List.of("gc-info", "--list-devices"), Duration.ofMillis(50));
        tools.hang();
        CommandResult hungAgain = tools.run(List.of("gc-info", "--list-devices"), Duration.ofMillis(50));

        assertThat(hung.timedOut()).isTrue();
        assertThat(answered.stdout()).isEqualTo("-+- Id: [0]");
        assertThat(hungAgain.timedOut()).as("a second hang").isTrue();
    }

    @Test
    void withoutARunnerNoToolIsFoundOrStarted() {
        CommandRunner commands = new TestContext("psi").commands();

        assertThat(commands.locate("rocm-smi", List.of())).isEmpty();
        assertThatThrownBy(() -> commands.run(List.of("rocm-smi"), Duration.ofSeconds(1)))
                .isInstanceOf(IOException.class).hasMessageContaining("No such file or directory");
    }
}
