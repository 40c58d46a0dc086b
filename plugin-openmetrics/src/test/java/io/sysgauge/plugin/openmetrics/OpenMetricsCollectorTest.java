package io.sysgauge.plugin.openmetrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysgauge.spi.Probe;
import org.junit.jupiter.api.Test;

class OpenMetricsCollectorTest {

    @Test
    void identifiesItselfByItsPluginId() {
        assertThat(new OpenMetricsCollector().id()).isEqualTo("openmetrics");
    }

    @Test
    void probesAbsentWithAReasonNamingThePlugin() {
        Probe probe = new OpenMetricsCollector().probe(null);

        assertThat(probe.isPresent()).isFalse();
        assertThat(probe.reason()).hasValueSatisfying(reason -> assertThat(reason).contains("openmetrics plugin"));
    }
}
