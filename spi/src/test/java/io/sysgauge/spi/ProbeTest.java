package io.sysgauge.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProbeTest {

    @Test
    void presentKeepsMetadataInOrderAndHasNoReason() {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("driver", "550.54");
        facts.put("count", 8);
        Probe probe = Probe.present(facts);
        facts.put("late", true);

        assertThat(probe.isPresent()).isTrue();
        assertThat(probe.reason()).isEmpty();
        assertThat(probe.metadata()).containsExactly(Map.entry("driver", "550.54"), Map.entry("count", 8));
    }

    @Test
    void absentCarriesItsReason() {
        Probe probe = Probe.absent("  libnvidia-ml.so.1 not found\n");

        assertThat(probe.isPresent()).isFalse();
        assertThat(probe.reason()).contains("libnvidia-ml.so.1 not found");
        assertThat(probe.metadata()).isEmpty();
    }

    @Test
    void absentNeedsAReason() {
        assertThatThrownBy(() -> Probe.absent(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
