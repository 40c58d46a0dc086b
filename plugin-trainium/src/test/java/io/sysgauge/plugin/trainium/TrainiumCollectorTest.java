package io.sysgauge.plugin.trainium;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysgauge.spi.Probe;
import org.junit.jupiter.api.Test;

class TrainiumCollectorTest {

    @Test
    void identifiesItselfByItsPluginId() {
        assertThat(new TrainiumCollector().id()).isEqualTo("trainium");
    }

    @Test
    void probesAbsentWithAReasonNamingThePlugin() {
        Probe probe = new TrainiumCollector().probe(null);

        assertThat(probe.isPresent()).isFalse();
        assertThat(probe.reason()).hasValueSatisfying(reason -> assertThat(reason).contains("trainium plugin"));
    }
}
