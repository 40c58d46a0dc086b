package io.sysgauge.core.sampling;

import io.sysgauge.spi.ExportedValue;
import io.sysgauge.spi.MetricDescriptor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One tick's values as the collectors hand them in, in their order. A key is written by one
 * collector only: a second writer's value is refused, so no record holds a key twice (a JSON
 * object with a repeated name is invalid for most readers, and last-wins in the others).
 */
final class TickValues {

    private static final Logger logger = LoggerFactory.getLogger(TickValues.class);

    /** The collector pairs whose collision was logged already; kept by the loop across ticks. */
    static final class Collisions {
        private final Set<String> logged = new HashSet<>();

        private synchronized void report(String firstWriter, String secondWriter, String key) {
            if (logged.add(firstWriter + '\n' + secondWriter)) {
                logger.warn("collectors {} and {} both write {} (and maybe more keys): {}'s values of such keys are left out",
                        firstWriter, secondWriter, key, secondWriter);
            }
        }
    }

    private final Collisions collisions;
    private final List<ExportedValue> samples = new ArrayList<>();
    private final Map<String, String> writers = new HashMap<>();

    TickValues(Collisions collisions) {
        this.collisions = collisions;
    }

    void add(String collectorId, Collection<ExportedValue> values) {
        for (ExportedValue sample : values) {
            String first = writers.putIfAbsent(sample.key(), collectorId);
            if (first == null) {
                samples.add(sample);
            } else {
                collisions.report(first, collectorId, sample.key());
            }
        }
    }

    void health(String collectorId, MetricDescriptor metric, double value) {
        add(collectorId, List.of(new ExportedValue(metric, List.of(collectorId), metric.key(collectorId), value)));
    }

    List<ExportedValue> samples() {
        return samples;
    }
}
