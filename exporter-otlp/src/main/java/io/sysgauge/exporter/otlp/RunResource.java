package io.sysgauge.exporter.otlp;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.resources.Resource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Whose values these are, as OTLP resource attributes: {@code service.name=sysgauge},
 * {@code service.version}, {@code host.name}, {@code host.id} (the machine id, where readable),
 * the run ({@code sysgauge.run.id}, {@code process.command}, {@code process.command_args},
 * {@code process.pid}) and the run's labels under their own names ({@code job=demo},
 * {@code rank=3}). Every series of the run carries them once per request, not per point.
 */
final class RunResource {

    static final String RUN_ID = "sysgauge.run.id";

    private RunResource() {}

    /**
     * @param runMetadata the run's description as {@code metadata.json} starts it
     * @param machineIdFile {@code /etc/machine-id}; unreadable or empty leaves {@code host.id} out
     * @return the resource
     */
    static Resource of(Map<String, Object> runMetadata, Path machineIdFile) {
        AttributesBuilder attributes = Attributes.builder();
        // Labels first: a label may not override what says which host and run these are.
        if (runMetadata.get("labels") instanceof Map<?, ?> labels) {
            labels.forEach((name, value) -> attributes.put(String.valueOf(name), String.valueOf(value)));
        }
        attributes.put("service.name", "sysgauge");
        if (runMetadata.get("sysgauge") instanceof Map<?, ?> sysgauge && sysgauge.get("version") != null) {
            attributes.put("service.version", String.valueOf(sysgauge.get("version")));
        }
        if (runMetadata.get("host") != null) {
            attributes.put("host.name", String.valueOf(runMetadata.get("host")));
        }
        machineId(machineIdFile).ifPresent(id -> attributes.put("host.id", id));
        Object runId = runMetadata.getOrDefault("run_id", runMetadata.get("startedAt"));
        if (runId != null) {
            attributes.put(RUN_ID, String.valueOf(runId));
        }
        if (runMetadata.get("program") != null) {
            attributes.put("process.command", String.valueOf(runMetadata.get("program")));
        }
        if (runMetadata.get("args") instanceof List<?> args) {
            List<String> texts = new ArrayList<>();
            args.forEach(arg -> texts.add(String.valueOf(arg)));
            attributes.put(AttributeKey.stringArrayKey("process.command_args"), texts);
        }
        if (runMetadata.get("pid") instanceof Number pid) {
            attributes.put("process.pid", pid.longValue());
        }
        return Resource.create(attributes.build());
    }

    private static java.util.Optional<String> machineId(Path file) {
        try {
            String id = Files.readString(file).strip();
            return id.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(id);
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty(); // not Linux, or a container without it
        }
    }
}
