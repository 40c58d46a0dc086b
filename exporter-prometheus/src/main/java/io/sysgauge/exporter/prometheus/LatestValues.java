package io.sysgauge.exporter.prometheus;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.PrometheusNaming;
import io.prometheus.metrics.model.snapshots.Unit;
import io.sysgauge.core.sampling.Record;
import io.sysgauge.core.sampling.RecordSink;
import io.sysgauge.core.sampling.Sample;
import io.sysgauge.spi.MetricDescriptor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The newest record, as Prometheus scrapes it: every value of the last tick is a gauge (or, for a
 * counter's descriptor, a counter) of the family its descriptor names ({@link PrometheusNames}), labelled by the descriptor's placeholders
 * and, for scraped series, by the series' own labels.
 * Two collectors that write the same series (an NVIDIA and an AMD GPU 0, say) give Prometheus the
 * first one's value only: a page must not repeat a series.
 */
public final class LatestValues implements RecordSink, MultiCollector {

    private final Map<MetricDescriptor, PrometheusNames> names = new ConcurrentHashMap<>();
    private final Labels hostLabel;
    private volatile Record latest;

    /** @param hostName the value of a {@code host} label on every series; null for none */
    public LatestValues(String hostName) {
        this.hostLabel = hostName == null ? Labels.EMPTY : Labels.of("host", hostName);
    }

    @Override
    public void accept(Record record) {
        latest = record;
    }

    /** @return what changes whenever the values do: the newest record itself (null before the first) */
    Object generation() {
        return latest;
    }

    @Override
    public MetricSnapshots collect() {
        Record record = latest;
        if (record == null) {
            return new MetricSnapshots();
        }
        Map<String, Family> families = new LinkedHashMap<>();
        for (Sample sample : record.samples()) {
            PrometheusNames name = names.computeIfAbsent(sample.metric(), PrometheusNames::of);
            Family family = families.computeIfAbsent(name.name(), n -> new Family(sample.metric(), name));
            Labels labels = Labels.of(sample.metric().labelNames(), sample.labelValues()).merge(hostLabel);
            if (!sample.seriesLabels().isEmpty()) {
                labels = withSeriesLabels(labels, sample.seriesLabels());
            }
            if (family.seen.add(labels)) {
                family.add(sample.value() * name.scale(), labels);
            }
        }
        List<MetricSnapshot> snapshots = new ArrayList<>(families.size());
        families.values().forEach(family -> snapshots.add(family.snapshot()));
        return new MetricSnapshots(snapshots);
    }

    /**
     * Adds a scraped series' own labels, leaving out those whose names the descriptor or the host
     * label already use (ours win: {@code idx} must keep pointing at the run files' key) and those
     * that are not valid label names.
     */
    private static Labels withSeriesLabels(Labels own, Map<String, String> seriesLabels) {
        List<String> names = new ArrayList<>(seriesLabels.size());
        List<String> values = new ArrayList<>(seriesLabels.size());
        seriesLabels.forEach((name, value) -> {
            if (!own.contains(name) && PrometheusNaming.isValidLegacyLabelName(name) && !name.startsWith("__")
                    && value != null) {
                names.add(name);
                values.add(value);
            }
        });
        return names.isEmpty() ? own : own.merge(Labels.of(names, values));
    }

    /** One family's data points so far, with the help of the first descriptor that named it. */
    private static final class Family {
        final MetricMetadata metadata;
        final boolean counter;
        final List<GaugeDataPointSnapshot> gauges = new ArrayList<>();
        final List<CounterDataPointSnapshot> counters = new ArrayList<>();
        final Set<Labels> seen = new HashSet<>();

        Family(MetricDescriptor first, PrometheusNames name) {
            // The unit is in the name (and in OpenMetrics' # UNIT), and MB and GB keys go out in bytes.
            this.metadata = name.unit().isEmpty() ? new MetricMetadata(name.name(), first.help())
                    : new MetricMetadata(name.name(), first.help(), new Unit(name.unit()));
            this.counter = name.counter();
        }

        void add(double value, Labels labels) {
            if (counter) {
                counters.add(new CounterDataPointSnapshot(value, labels, null, 0));
            } else {
                gauges.add(new GaugeDataPointSnapshot(value, labels, null));
            }
        }

        MetricSnapshot snapshot() {
            return counter ? new CounterSnapshot(metadata, counters) : new GaugeSnapshot(metadata, gauges);
        }
    }
}
