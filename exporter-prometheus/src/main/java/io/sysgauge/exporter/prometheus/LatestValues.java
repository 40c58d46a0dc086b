package io.sysgauge.exporter.prometheus;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot.InfoDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.PrometheusNaming;
import io.prometheus.metrics.model.snapshots.Unit;
import io.sysgauge.spi.ExportedRecord;
import io.sysgauge.spi.ExportedValue;
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
 * counter's descriptor, a counter) of the family its descriptor names ({@link PrometheusNames}),
 * labelled by the descriptor's placeholders. A scraped series goes out under its own family name,
 * labelled by its endpoint, its number and its own labels.
 * Two collectors that write the same series (an NVIDIA and an AMD GPU 0, say) give Prometheus the
 * first one's value only: a page must not repeat a series.
 * Once the run is described, the page also has {@code sysgauge_run_info}, the only series with the
 * run's labels ({@link RunInfo}).
 */
final class LatestValues implements MultiCollector {

    private final Map<MetricDescriptor, PrometheusNames> names = new ConcurrentHashMap<>();
    private volatile Labels hostLabel = Labels.EMPTY;
    private volatile Labels runLabels;
    private volatile ExportedRecord latest;

    /** @param hostName the value of a {@code host} label on every series from now on */
    void labelHost(String hostName) {
        hostLabel = Labels.of("host", hostName);
    }

    /** @param labels the labels of {@code sysgauge_run_info} from now on; the host label is added unless they name a host */
    void describeRun(Labels labels) {
        runLabels = labels;
    }

    /** @param record the newest record, which replaces the one before */
    void accept(ExportedRecord record) {
        latest = record;
    }

    /** @return what changes whenever the values do: the newest record itself (null before the first) */
    Object generation() {
        return latest;
    }

    @Override
    public MetricSnapshots collect() {
        ExportedRecord record = latest;
        if (record == null) {
            return new MetricSnapshots();
        }
        Labels host = hostLabel;
        Map<String, Family> families = new LinkedHashMap<>();
        List<MetricSnapshot> snapshots = new ArrayList<>(record.values().size() + 1);
        Labels run = runLabels;
        if (run != null) {
            snapshots.add(new InfoSnapshot(new MetricMetadata(RunInfo.NAME, "The run's labels, for PromQL joins; value 1"),
                    List.of(new InfoDataPointSnapshot(run.contains("host") ? run : run.merge(host)))));
        }
        for (ExportedValue sample : record.values()) {
            PrometheusNames name = names.computeIfAbsent(sample.metric(), PrometheusNames::of);
            Family family;
            Labels labels;
            if (name.scrapedNameLabel() < 0) {
                family = families.computeIfAbsent(name.name(), n -> new Family(sample.metric(), name, n));
                labels = Labels.of(sample.metric().labelNames(), sample.labelValues()).merge(host);
            } else {
                String own = name.scrapedFamily(sample.labelValues().get(name.scrapedNameLabel()));
                if (own == null) {
                    continue;
                }
                family = families.computeIfAbsent(own, n -> new Family(sample.metric(), name, n));
                labels = withoutScrapedName(sample, name.scrapedNameLabel()).merge(host);
            }
            if (!sample.seriesLabels().isEmpty()) {
                labels = withSeriesLabels(labels, sample.seriesLabels());
            }
            if (family.seen.add(labels)) {
                family.add(sample.value() * name.scale(), labels);
            }
        }
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

    /** @return the placeholders' labels but the one that names the family */
    private static Labels withoutScrapedName(ExportedValue sample, int nameLabel) {
        List<String> names = new ArrayList<>(sample.metric().labelNames());
        List<String> values = new ArrayList<>(sample.labelValues());
        names.remove(nameLabel);
        values.remove(nameLabel);
        return Labels.of(names, values);
    }

    /** One family's data points so far, with the help of the first descriptor that named it. */
    private static final class Family {
        final MetricMetadata metadata;
        final boolean counter;
        final List<GaugeDataPointSnapshot> gauges = new ArrayList<>();
        final List<CounterDataPointSnapshot> counters = new ArrayList<>();
        final Set<Labels> seen = new HashSet<>();

        Family(MetricDescriptor first, PrometheusNames name, String familyName) {
            // The unit is in the name (and in OpenMetrics' # UNIT), and MB and GB keys go out in bytes.
            this.metadata = name.unit().isEmpty() ? new MetricMetadata(familyName, first.help())
                    : new MetricMetadata(familyName, first.help(), new Unit(name.unit()));
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
