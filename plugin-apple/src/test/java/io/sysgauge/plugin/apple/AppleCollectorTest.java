package io.sysgauge.plugin.apple;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysgauge.spi.Probe;
import org.junit.jupiter.api.Test;

class AppleCollectorTest {

    @Test
    void identifiesItselfByItsPluginId() {
        assertThat(new AppleCollector().id()).isEqualTo("apple");
    }

    @Test
    void probesAbsentWithAReasonNamingThePlugin() {
        Probe probe = new AppleCollector().probe(null);

        assertThat(probe.isPresent()).isFalse();
        assertThat(probe.reason()).hasValueSatisfying(reason -> assertThat(reason).contains("apple plugin"));
    }
}
