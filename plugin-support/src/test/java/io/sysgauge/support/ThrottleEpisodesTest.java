package io.sysgauge.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysgauge.support.ThrottleEpisodes.Episode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThrottleEpisodesTest {

    private final ThrottleEpisodes episodes = new ThrottleEpisodes();

    @Test
    void oneEpisodePerReasonPerContiguousWindow() {
        assertThat(episodes.update(states(false, false), 10)).isEmpty();
        assertThat(episodes.update(states(true, false), 11)).isEmpty();
        assertThat(episodes.update(states(true, true), 12)).isEmpty();
        assertThat(episodes.update(states(false, true), 13)).containsExactly(new Episode("power", 11, 13));
        assertThat(episodes.update(states(true, false), 14)).containsExactly(new Episode("thermal", 12, 14));
        assertThat(episodes.update(states(false, false), 16)).containsExactly(new Episode("power", 14, 16));
        assertThat(new Episode("power", 14, 16).seconds()).isEqualTo(2.0);
    }

    @Test
    void aReasonNotReadThisTickNeitherEndsNorStarts() {
        episodes.update(states(true, false), 10);

        assertThat(episodes.update(Map.of("thermal", false), 11)).isEmpty();
        assertThat(episodes.update(states(false, false), 12)).containsExactly(new Episode("power", 10, 12));
    }

    @Test
    void endAllEndsWhatIsOpenInTheOrderItOpened() {
        episodes.update(states(false, true), 10);
        episodes.update(states(true, true), 11);

        assertThat(episodes.endAll(20)).containsExactly(new Episode("thermal", 10, 20), new Episode("power", 11, 20));
        assertThat(episodes.endAll(21)).isEmpty();
    }

    private static Map<String, Boolean> states(boolean power, boolean thermal) {
        Map<String, Boolean> states = new LinkedHashMap<>();
        states.put("power", power);
        states.put("thermal", thermal);
        return states;
    }
}
