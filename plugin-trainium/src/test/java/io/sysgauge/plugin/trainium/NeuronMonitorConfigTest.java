package io.sysgauge.plugin.trainium;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class NeuronMonitorConfigTest {

    @Test
    void asksForWandbsMetricGroupsOncePerInterval() {
        assertThat(Fixtures.json(NeuronMonitorConfig.forInterval(Duration.ofSeconds(15)))).isEqualTo(Fixtures.json("""
                {"period": "15s",
                 "neuron_runtimes": [{"tag_filter": ".*", "metrics": [{"type": "neuroncore_counters"},
                     {"type": "memory_used"}, {"type": "neuron_runtime_vcpu_usage"}]}],
                 "system_metrics": [{"type": "vcpu_usage"}, {"type": "memory_info"}, {"type": "neuron_hw_counters"}]}
                """));
    }

    @Test
    void thePeriodIsWholeSecondsAndNeverZero() {
        assertThat(NeuronMonitorConfig.periodSeconds(Duration.ofMillis(200))).isEqualTo(1);
        assertThat(NeuronMonitorConfig.periodSeconds(Duration.ofMillis(999))).isEqualTo(1);
        assertThat(NeuronMonitorConfig.periodSeconds(Duration.ofSeconds(1))).isEqualTo(1);
        assertThat(NeuronMonitorConfig.periodSeconds(Duration.ofMillis(2500))).isEqualTo(2);
        assertThat(NeuronMonitorConfig.forInterval(Duration.ofMillis(500))).contains("\"period\":\"1s\"");
    }
}
