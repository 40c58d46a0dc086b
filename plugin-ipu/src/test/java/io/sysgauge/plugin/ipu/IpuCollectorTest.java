package io.sysgauge.plugin.ipu;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysgauge.spi.Probe;
import org.junit.jupiter.api.Test;

class IpuCollectorTest {

    @Test
    void identifiesItselfByItsPluginId() {
        assertThat(new IpuCollector().id()).isEqualTo("ipu");
    }

    @Test
    void probesAbsentWithAReasonNamingThePlugin() {
        Probe probe = new IpuCollector().probe(null);

        assertThat(probe.isPresent()).isFalse();
        assertThat(probe.reason()).hasValueSatisfying(reason -> assertThat(reason).contains("ipu plugin"));
    }
}
