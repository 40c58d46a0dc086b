package io.sysgauge.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysgauge.core.sampling.Record;
import io.sysgauge.spi.ExportedValue;
import io.sysgauge.spi.MetricDescriptor;
import io.sysgauge.spi.Unit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricDescriptionsTest {

    private static final MetricDescriptor POWER = MetricDescriptor.of("gpu.{gpu}.powerWatts", Unit.WATTS, "GPU power draw");
    private static final MetricDescriptor ENERGY = MetricDescriptor.counter("gpu.{gpu}.energyJoules", Unit.JOULES,
            "Energy the GPU used since the first sample");

    @Test
    void eachTemplateRecordedIsDescribedOnceWithItsUnitKindAndHelp() {
        MetricDescriptions descriptions = new MetricDescriptions();

        descriptions.accept(new Record(1, 0, List.of(value(POWER, "0", 300), value(POWER, "1", 280))));
        descriptions.accept(new Record(2, 1, List.of(value(POWER, "0", 301), value(ENERGY, "0", 12.5))));

        assertThat(descriptions.describe()).containsExactly(
                Map.entry("gpu.{gpu}.energyJoules",
                        Map.of("unit", "J", "kind", "counter", "help", "Energy the GPU used since the first sample")),
                Map.entry("gpu.{gpu}.powerWatts", Map.of("unit", "W", "kind", "gauge", "help", "GPU power draw")));
    }

    @Test
    void noRecordsNoDescriptions() {
        assertThat(new MetricDescriptions().describe()).isEmpty();
    }

    private static ExportedValue value(MetricDescriptor metric, String gpu, double value) {
        return new ExportedValue(metric, List.of(gpu), metric.key(gpu), value);
    }
}
