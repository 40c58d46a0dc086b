package io.sysgauge.views.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MetricStatsTest {

    @Test
    void minMeanMaxAreExactAndP95IsWithinTwoPercentOfTheNearestRank() {
        MetricStats stats = new MetricStats();
        // 1..1000 shuffled by a fixed stride, so order cannot help.
        for (int i = 0; i < 1000; i++) {
            stats.add((i * 379) % 1000 + 1, i);
        }

        assertThat(stats.count()).isEqualTo(1000);
        assertThat(stats.min()).isEqualTo(1);
        assertThat(stats.max()).isEqualTo(1000);
        assertThat(stats.mean()).isEqualTo(500.5);
        assertThat(stats.quantile(0.95)).isCloseTo(950, within(950 * 0.02));
        assertThat(stats.quantile(0.5)).isCloseTo(500, within(500 * 0.02));
        assertThat(stats.quantile(1.0)).isEqualTo(1000);
    }

    @Test
    void zerosAndNegativesRankBelowPositives() {
        MetricStats stats = new MetricStats();
        double[] values = {-50, -10, 0, 0, 0, 0, 0, 0, 0, 100};
        for (int i = 0; i < values.length; i++) {
            stats.add(values[i], i);
        }

        assertThat(stats.quantile(0.1)).isCloseTo(-50, within(1.0));
        assertThat(stats.quantile(0.2)).isCloseTo(-10, within(0.2));
        assertThat(stats.quantile(0.9)).isZero();
        assertThat(stats.quantile(0.95)).isEqualTo(100);
        assertThat(stats.maxAt()).isEqualTo(9);
    }

    @Test
    void noValuesGiveNaNAndNaNIsSkipped() {
        MetricStats stats = new MetricStats();
        stats.add(Double.NaN, 0);

        assertThat(stats.count()).isZero();
        assertThat(stats.mean()).isNaN();
        assertThat(stats.quantile(0.95)).isNaN();
    }
}
