package io.sysgauge.events;

import io.sysgauge.core.sampling.Record;
import io.sysgauge.core.sampling.RecordSink;
import io.sysgauge.spi.ExportedValue;
import io.sysgauge.spi.MetricDescriptor;
import io.sysgauge.spi.MetricKind;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What each recorded metric is, for {@code metadata.json}'s {@code metrics}: the descriptors of
 * the values the records carried, by key template, so that a report can title and label a
 * plugin's keys it has never heard of. Descriptors are mostly constants: one identity check per
 * value per tick. Fed on the sampling thread; read once sampling has stopped.
 */
public final class MetricDescriptions implements RecordSink {

    private final Set<MetricDescriptor> seen = Collections.newSetFromMap(new IdentityHashMap<>());

    @Override
    public synchronized void accept(Record record) {
        for (ExportedValue value : record.samples()) {
            seen.add(value.metric());
        }
    }

    /**
     * @return {@code {"gpu.{gpu}.energyJoules": {"unit": "J", "kind": "counter", "help": "..."}, ...}},
     *     sorted by template; a template written with two descriptors keeps the one seen last
     */
    public synchronized Map<String, Object> describe() {
        Map<String, Object> metrics = new TreeMap<>();
        for (MetricDescriptor descriptor : seen) {
            Map<String, Object> description = new LinkedHashMap<>();
            description.put("unit", descriptor.unit().symbol());
            description.put("kind", descriptor.kind() == MetricKind.COUNTER ? "counter" : "gauge");
            description.put("help", descriptor.help());
            metrics.put(descriptor.keyTemplate(), description);
        }
        return metrics;
    }
}
