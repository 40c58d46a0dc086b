package io.sysgauge.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void readsTheUnitsPeopleWrite() {
        assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.parse("5s")).isEqualTo(Duration.ofSeconds(5));
        assertThat(Durations.parse("1m")).isEqualTo(Duration.ofMinutes(1));
        assertThat(Durations.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(Durations.parse(" 1.5s ")).isEqualTo(Duration.ofMillis(1500));
        assertThat(Durations.parse("15")).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void rejectsAnythingElseWithTheAcceptedShapes() {
        assertThatThrownBy(() -> Durations.parse("fast"))
                .hasMessage("expected a duration like 250ms, 5s or 1m, got 'fast'");
        assertThatThrownBy(() -> Durations.parse("-5s")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Durations.parse("5 days")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesDurationsBeyondAYearInsteadOfWrappingRound() {
        assertThat(Durations.parse("8760h")).isEqualTo(Durations.MAXIMUM);
        assertThat(Durations.parse("365.0000h").toHours()).isEqualTo(365);
        for (String huge : new String[] {"8760.001h", "99999999999999999999s", "9223372036854775807ms", "1e400"}) {
            assertThatThrownBy(() -> Durations.parse(huge)).as(huge).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> Durations.parse("9223372036854775807ms"))
                .hasMessage("expected a duration of at most 8760h (365 days), got '9223372036854775807ms'");
    }

    @Test
    void formatsTheShortestExactSpelling() {
        assertThat(Durations.format(Duration.ofMillis(250))).isEqualTo("250ms");
        assertThat(Durations.format(Duration.ofSeconds(15))).isEqualTo("15s");
        assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(Durations.format(Duration.ofMinutes(2))).isEqualTo("2m");
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
    }
}
