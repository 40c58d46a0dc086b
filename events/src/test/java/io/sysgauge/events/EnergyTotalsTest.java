package io.sysgauge.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysgauge.core.sampling.Record;
import io.sysgauge.spi.ExportedValue;
import io.sysgauge.spi.MetricDescriptor;
import io.sysgauge.spi.Unit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnergyTotalsTest {

    private static final MetricDescriptor ENERGY = MetricDescriptor.counter("gpu.{gpu}.energyJoules", Unit.JOULES,
            "energy since the first sample");
    private static final MetricDescriptor TEMP = MetricDescriptor.of("gpu.{gpu}.temp", Unit.CELSIUS, "temperature");

    private final EnergyTotals totals = new EnergyTotals();

    @Test
    void eachGpusLastLessFirstInJoulesAndWattHoursAndTheirSum() {
        tick(0, energy("0", 0), energy("1", 0), energy("10", 0));
        tick(1, energy("0", 1800), energy("1", 3600), energy("10", 0.5), temp("0", 61));
        tick(2, energy("0", 5400.75), energy("1", 7200), energy("10", 0.5));

        assertThat(totals.describe()).hasValue(Map.of(
                "gpu.0", Map.of("joules", 5400.75, "wattHours", 5400.75 / 3600),
                "gpu.1", Map.of("joules", 7200.0, "wattHours", 2.0),
                "gpu.10", Map.of("joules", 0.5, "wattHours", 0.5 / 3600),
                "total", Map.of("joules", 12601.25, "wattHours", 12601.25 / 3600)));
        assertThat(totals.describe().orElseThrow().keySet()).containsExactly("gpu.0", "gpu.1", "gpu.10", "total");
    }

    @Test
    void aGpuThatJoinedLateCountsFromItsFirstValueAndMissingTicksDoNotCount() {
        tick(0, energy("0", 0));
        tick(1, energy("0", 10), energy("1", 250));
        tick(2, energy("0", 30));
        tick(3, energy("0", Double.NaN), energy("1", 400));

        assertThat(totals.describe().orElseThrow())
                .containsEntry("gpu.0", Map.of("joules", 30.0, "wattHours", 30.0 / 3600))
                .containsEntry("gpu.1", Map.of("joules", 150.0, "wattHours", 150.0 / 3600))
                .containsEntry("total", Map.of("joules", 180.0, "wattHours", 180.0 / 3600));
    }

    @Test
    void nothingWithoutEnergyValues() {
        tick(0, temp("0", 40));
        MetricDescriptor migLike = MetricDescriptor.of("gpu.{gpu}.mig.{mig}.energyJoules", Unit.JOULES, "not a GPU's");
        tick(1, new ExportedValue(migLike, List.of("0", "1"), "gpu.0.mig.1.energyJoules", 5));

        assertThat(totals.describe()).isEmpty();
    }

    private void tick(double runtime, ExportedValue... values) {
        totals.accept(new Record(1_795_830_608 + runtime, runtime, new ArrayList<>(List.of(values))));
    }

    private static ExportedValue energy(String gpu, double joules) {
        return new ExportedValue(ENERGY, List.of(gpu), "gpu." + gpu + ".energyJoules", joules);
    }

    private static ExportedValue temp(String gpu, double celsius) {
        return new ExportedValue(TEMP, List.of(gpu), "gpu." + gpu + ".temp", celsius);
    }
}
