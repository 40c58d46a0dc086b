package io.sysgauge.plugin.tpu;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysgauge.spi.Probe;
import org.junit.jupiter.api.Test;

class TpuCollectorTest {

    @Test
    void identifiesItselfByItsPluginId() {
        assertThat(new TpuCollector().id()).isEqualTo("tpu");
    }

    @Test
    void probesAbsentWithAReasonNamingThePlugin() {
        Probe probe = new TpuCollector().probe(null);

        assertThat(probe.isPresent()).isFalse();
        assertThat(probe.reason()).hasValueSatisfying(reason -> assertThat(reason).contains("tpu plugin"));
    }
}
