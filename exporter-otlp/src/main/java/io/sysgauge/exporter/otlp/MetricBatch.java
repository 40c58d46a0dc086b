package io.sysgauge.exporter.otlp;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableDoublePointData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableGaugeData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableMetricData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableSumData;
import io.opentelemetry.sdk.resources.Resource;
import io.sysgauge.spi.ExportedRecord;
import io.sysgauge.spi.ExportedValue;
import io.sysgauge.spi.MetricDescriptor;
import io.sysgauge.spi.MetricKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records made into the SDK's {@link MetricData}: one metric per name, one point per value and
 * record. The SDK's MeterProvider is made for instruments that aggregate measurements; sysgauge's
 * values are finished (a tick's reading, a source's raw total), so they are built here as the data
 * the SDK's {@code OtlpHttpMetricExporter} marshals, with the SDK's own immutable data classes.
 * Gauges are gauges; counters are cumulative monotonic sums that start with the run.
 */
final class MetricBatch {

    private final Resource resource;
    private final InstrumentationScopeInfo scope;
    private final long runStartNanos;
    // Names are made once per descriptor (collectors reuse theirs on every tick); equal descriptors share an entry,
    // so a plugin that makes its descriptors anew each tick does not grow this.
    private final Map<MetricDescriptor, OtlpNames> names = new HashMap<>();

    MetricBatch(Resource resource, InstrumentationScopeInfo scope, long runStartNanos) {
        this.resource = resource;
        this.scope = scope;
        this.runStartNanos = runStartNanos;
    }

    /**
     * @param records finished ticks, oldest first
     * @return their values as metrics; values that are NaN or infinite are left out (no reading)
     */
    List<MetricData> of(List<ExportedRecord> records) {
        Map<String, Metric> metrics = new LinkedHashMap<>();
        for (ExportedRecord record : records) {
            long nanos = Math.round(record.timestamp() * 1e9);
            for (ExportedValue value : record.values()) {
                if (!Double.isFinite(value.value())) {
                    continue;
                }
                MetricDescriptor descriptor = value.metric();
                OtlpNames named = names.computeIfAbsent(descriptor, OtlpNames::of);
                Metric metric = metrics.computeIfAbsent(named.name(), name -> new Metric(descriptor, named));
                boolean counter = descriptor.kind() == MetricKind.COUNTER;
                metric.points.add(ImmutableDoublePointData.create(counter ? runStartNanos : 0, nanos,
                        attributes(value), value.value() * named.scale()));
            }
        }
        List<MetricData> data = new ArrayList<>(metrics.size());
        for (Metric metric : metrics.values()) {
            data.add(metric.data());
        }
        return data;
    }

    static Attributes attributes(ExportedValue value) {
        List<String> labelNames = value.metric().labelNames();
        if (labelNames.isEmpty() && value.seriesLabels().isEmpty()) {
            return Attributes.empty();
        }
        AttributesBuilder attributes = Attributes.builder();
        for (int i = 0; i < labelNames.size() && i < value.labelValues().size(); i++) {
            attributes.put(labelNames.get(i), value.labelValues().get(i));
        }
        value.seriesLabels().forEach(attributes::put);
        return attributes.build();
    }

    private final class Metric {
        private final MetricDescriptor descriptor;
        private final OtlpNames names;
        private final List<DoublePointData> points = new ArrayList<>();

        Metric(MetricDescriptor descriptor, OtlpNames names) {
            this.descriptor = descriptor;
            this.names = names;
        }

        MetricData data() {
            if (descriptor.kind() == MetricKind.COUNTER) {
                return ImmutableMetricData.createDoubleSum(resource, scope, names.name(), descriptor.help(), names.unit(),
                        ImmutableSumData.create(true, AggregationTemporality.CUMULATIVE, points));
            }
            return ImmutableMetricData.createDoubleGauge(resource, scope, names.name(), descriptor.help(), names.unit(),
                    ImmutableGaugeData.create(points));
        }
    }
}
