package io.sysgauge.plugin.nvidia;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysgauge.spi.Probe;
import org.junit.jupiter.api.Test;

class NvidiaCollectorTest {

    @Test
    void identifiesItselfByItsPluginId() {
        assertThat(new NvidiaCollector().id()).isEqualTo("nvidia");
    }

    @Test
    void probesAbsentWithAReasonNamingThePlugin() {
        Probe probe = new NvidiaCollector().probe(null);

        assertThat(probe.isPresent()).isFalse();
        assertThat(probe.reason()).hasValueSatisfying(reason -> assertThat(reason).contains("nvidia plugin"));
    }
}
