package io.sysgauge.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmallTypesTest {

    @Test
    void deviceSelectionAllIncludesEverything() {
        assertThat(DeviceSelection.all().includes(7)).isTrue();
        assertThat(DeviceSelection.all().isAll()).isTrue();
    }

    @Test
    void deviceSelectionOfIncludesOnlyItsIndices() {
        DeviceSelection selection = DeviceSelection.of(List.of(2, 0));

        assertThat(selection.includes(0)).isTrue();
        assertThat(selection.includes(1)).isFalse();
        assertThat(selection.indices()).containsExactly(0, 2);
        assertThat(selection).hasToString("[0, 2]");
    }

    @Test
    void detectParsesAnyCaseAndNamesTheChoicesOnError() {
        assertThat(Detect.parse(" Force ")).isEqualTo(Detect.FORCE);
        assertThatThrownBy(() -> Detect.parse("maybe")).hasMessage("expected auto, force or off, got 'maybe'");
    }

    @Test
    void commandResultDescribesFailures() {
        CommandResult timedOut = new CommandResult(-1, "", "", true, Duration.ofSeconds(5));
        CommandResult failed = new CommandResult(3, "", "\nbad flag\nusage...", false, Duration.ofMillis(4));

        assertThat(timedOut.succeeded()).isFalse();
        assertThat(timedOut.describeFailure()).isEqualTo("timed out after 5000 ms");
        assertThat(failed.describeFailure()).isEqualTo("exited with 3: bad flag");
    }

    @Test
    void spiVersionComesFromTheBuild() {
        assertThat(SpiVersion.current()).matches("\\d+\\.\\d+\\.\\d+");
    }
}
