package io.sysgauge.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MetricDescriptorTest {

    @Test
    void expandsPlaceholdersInOrder() {
        MetricDescriptor metric = MetricDescriptor.of("gpu.{gpu}.mig.{instance}.memoryAllocated", Unit.PERCENT, "MIG memory");

        assertThat(metric.labelNames()).containsExactly("gpu", "instance");
        assertThat(metric.key("3", "1")).isEqualTo("gpu.3.mig.1.memoryAllocated");
    }

    @Test
    void keepsLabelValuesVerbatim() {
        MetricDescriptor metric = MetricDescriptor.of("disk.{path}.usagePercent", Unit.PERCENT, "disk use");

        assertThat(metric.key("/")).isEqualTo("disk./.usagePercent");
        assertThat(metric.key("/data/x y")).isEqualTo("disk./data/x y.usagePercent");
    }

    @Test
    void templateWithoutPlaceholdersIsItsOwnKey() {
        MetricDescriptor metric = MetricDescriptor.of("memory_percent", Unit.PERCENT, "memory in use");

        assertThat(metric.labelNames()).isEmpty();
        assertThat(metric.key()).isEqualTo("memory_percent");
    }

    @Test
    void placeholderAtEitherEnd() {
        MetricDescriptor metric = MetricDescriptor.of("{a}.x.{b}", Unit.NONE, "ends");

        assertThat(metric.key("1", "2")).isEqualTo("1.x.2");
    }

    @Test
    void rejectsWrongNumberOfLabelValues() {
        MetricDescriptor metric = MetricDescriptor.of("gpu.{gpu}.temp", Unit.CELSIUS, "temperature");

        assertThatThrownBy(() -> metric.key()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("takes 1 label value(s), got 0");
        assertThatThrownBy(() -> metric.key("0", "1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsMalformedTemplates() {
        assertThatThrownBy(() -> MetricDescriptor.of("gpu.{gpu.temp", Unit.NONE, "x"))
                .hasMessageContaining("unclosed");
        assertThatThrownBy(() -> MetricDescriptor.of("gpu.gpu}.temp", Unit.NONE, "x"))
                .hasMessageContaining("unbalanced");
        assertThatThrownBy(() -> MetricDescriptor.of("gpu.{1x}.temp", Unit.NONE, "x"))
                .hasMessageContaining("not a valid label name");
        assertThatThrownBy(() -> MetricDescriptor.of("{a}.{a}", Unit.NONE, "x"))
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> MetricDescriptor.of(" ", Unit.NONE, "x"))
                .hasMessageContaining("blank");
    }

    @Test
    void equalityFollowsTemplateUnitAndHelp() {
        assertThat(MetricDescriptor.of("a.{b}", Unit.WATTS, "h"))
                .isEqualTo(MetricDescriptor.of("a.{b}", Unit.WATTS, "h"))
                .isNotEqualTo(MetricDescriptor.of("a.{b}", Unit.PERCENT, "h"));
    }

    @Test
    void aFixedFactIsTheSameMetricRecordedOnChange() {
        MetricDescriptor speed = MetricDescriptor.of("ipu.{ipu}.{metric}", Unit.GIGATRANSFERS_PER_SECOND, "link speed");

        MetricDescriptor fixed = speed.recordedOnChange();

        assertThat(speed.isRecordedOnChange()).isFalse();
        assertThat(fixed.isRecordedOnChange()).isTrue();
        assertThat(fixed.key("0", "link speed (GT/s)")).isEqualTo(speed.key("0", "link speed (GT/s)"));
        assertThat(fixed.labelNames()).isEqualTo(speed.labelNames());
        assertThat(fixed).isNotEqualTo(speed).isEqualTo(speed.recordedOnChange());
        assertThat(fixed.recordedOnChange()).isSameAs(fixed);
    }

    @Test
    void existingFactoriesMakeGaugesAndCounterMakesACounter() {
        MetricDescriptor temperature = MetricDescriptor.of("gpu.{gpu}.temp", Unit.CELSIUS, "temperature");
        MetricDescriptor sent = MetricDescriptor.counter("network.{interface}.sent", Unit.BYTES, "bytes sent");

        assertThat(temperature.kind()).isEqualTo(MetricKind.GAUGE);
        assertThat(sent.kind()).isEqualTo(MetricKind.COUNTER);
        assertThat(sent.key("eth0")).isEqualTo("network.eth0.sent");
        assertThat(sent.recordedOnChange().kind()).isEqualTo(MetricKind.COUNTER);
        assertThat(temperature.recordedOnChange().kind()).isEqualTo(MetricKind.GAUGE);
        assertThat(sent).hasToString("network.{interface}.sent [BYTES, counter]");
        assertThat(temperature).hasToString("gpu.{gpu}.temp [CELSIUS]");
    }

    @Test
    void aCounterIsNotTheGaugeWithTheSameTemplate() {
        MetricDescriptor energy = MetricDescriptor.counter("gpu.{gpu}.energy", Unit.JOULES, "energy");

        assertThat(energy).isEqualTo(MetricDescriptor.counter("gpu.{gpu}.energy", Unit.JOULES, "energy"))
                .hasSameHashCodeAs(MetricDescriptor.counter("gpu.{gpu}.energy", Unit.JOULES, "energy"))
                .isNotEqualTo(MetricDescriptor.of("gpu.{gpu}.energy", Unit.JOULES, "energy"));
    }

    @Test
    void counterChecksItsTemplateAsOfDoes() {
        assertThatThrownBy(() -> MetricDescriptor.counter("x.{a", Unit.BYTES, "h")).hasMessageContaining("unclosed");
        assertThatThrownBy(() -> MetricDescriptor.counter("x", null, "h")).isInstanceOf(NullPointerException.class);
    }

    @Test
    void equalityHoldsForAUnitAPluginNamedTwice() {
        assertThat(MetricDescriptor.of("fan.{fan}", Unit.of("rev", "revolutions"), "h"))
                .isEqualTo(MetricDescriptor.of("fan.{fan}", Unit.of("rev", "revolutions"), "h"));
    }
}
