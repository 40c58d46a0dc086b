package io.sysgauge.exporter.prometheus;

import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.PrometheusNaming;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The labels of {@code sysgauge_run_info}: the run's labels (the launcher's rank, node and job,
 * then the user's {@code labels:} and {@code --label}), and for {@code run} its id and command.
 * They go on this one series only: a run id or a command on every series would make a new set of
 * series per run, and PromQL joins the rest in with {@code * on(job, instance) group_left(node)}.
 */
final class RunInfo {

    /** The info metric's name without the {@code _info} suffix client_java adds. */
    static final String NAME = "sysgauge_run";
    static final String RUN_ID = "run_id";
    static final String COMMAND = "command";

    private RunInfo() {}

    /**
     * @param runMetadata the run's description as {@code metadata.json} starts it
     * @return the info metric's labels; run id and command win over a user label of the same name
     */
    static Labels of(Map<String, Object> runMetadata) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (runMetadata.get("labels") instanceof Map<?, ?> runLabels) {
            runLabels.forEach((name, value) -> {
                String text = String.valueOf(name);
                // core checks the names; a plugin-made context may not have, and "__" is Prometheus's own
                if (value != null && PrometheusNaming.isValidLegacyLabelName(text) && !text.startsWith("__")) {
                    labels.put(text, String.valueOf(value));
                }
            });
        }
        if (runMetadata.get(RUN_ID) != null) {
            labels.put(RUN_ID, String.valueOf(runMetadata.get(RUN_ID)));
        }
        if (runMetadata.get("program") != null) {
            List<String> words = new ArrayList<>(List.of(String.valueOf(runMetadata.get("program"))));
            if (runMetadata.get("args") instanceof List<?> args) {
                args.forEach(arg -> words.add(String.valueOf(arg)));
            }
            labels.put(COMMAND, String.join(" ", words));
        }
        return Labels.of(new ArrayList<>(labels.keySet()), new ArrayList<>(labels.values()));
    }
}
