package io.sysgauge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysgauge.host.HostMetrics;
import io.sysgauge.spi.GpuMetrics;
import io.sysgauge.spi.MetricDescriptor;
import io.sysgauge.views.report.ChartLayout;
import io.sysgauge.views.report.MetricCatalog;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Run folders carry no descriptors, so the report titles charts from its own catalogue: it must
 * know every template the host and the shared GPU descriptors write, with their unit.
 */
class ReportCatalogTest {

    private static final Map<String, String> LABEL_VALUES = Map.of("gpu", "0", "cpu", "0", "path", "/", "device", "sda");

    @Test
    void theCatalogueKnowsEveryHostAndGpuDescriptorWithItsUnit() throws IllegalAccessException {
        List<MetricDescriptor> descriptors = new ArrayList<>();
        for (Class<?> owner : List.of(HostMetrics.class, GpuMetrics.class)) {
            for (Field field : owner.getFields()) {
                if (Modifier.isStatic(field.getModifiers()) && field.getType() == MetricDescriptor.class) {
                    descriptors.add((MetricDescriptor) field.get(null));
                }
            }
        }
        assertThat(descriptors).hasSizeGreaterThanOrEqualTo(20);

        for (MetricDescriptor descriptor : descriptors) {
            String key = descriptor.key(descriptor.labelNames().stream().map(LABEL_VALUES::get).toArray(String[]::new));
            String template = ChartLayout.KeyTemplate.of(key).template();
            assertThat(MetricCatalog.BUILT_IN.describe(template)).as(descriptor.keyTemplate()).hasValueSatisfying(
                    // A count has no symbol; the catalogue names it, so the page knows not to print one.
                    description -> assertThat(description.unit())
                            .isEqualTo(descriptor.unit().symbol().isEmpty() ? "count" : descriptor.unit().symbol()));
        }
    }
}
