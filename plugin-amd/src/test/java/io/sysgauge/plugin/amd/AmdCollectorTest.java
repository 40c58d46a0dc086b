package io.sysgauge.plugin.amd;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysgauge.spi.Probe;
import org.junit.jupiter.api.Test;

class AmdCollectorTest {

    @Test
    void identifiesItselfByItsPluginId() {
        assertThat(new AmdCollector().id()).isEqualTo("amd");
    }

    @Test
    void probesAbsentWithAReasonNamingThePlugin() {
        Probe probe = new AmdCollector().probe(null);

        assertThat(probe.isPresent()).isFalse();
        assertThat(probe.reason()).hasValueSatisfying(reason -> assertThat(reason).contains("amd plugin"));
    }
}
