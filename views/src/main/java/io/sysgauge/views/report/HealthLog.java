package io.sysgauge.views.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run folder's {@code health.jsonl}: GPU events (XID, ECC, throttle episodes, lost GPUs) one
 * JSON object a line, as the GPU plugins write it. Absent means nothing happened.
 */
public final class HealthLog {

    /** The file's name in a run folder. */
    public static final String FILE = "health.jsonl";

    private static final Logger logger = LoggerFactory.getLogger(HealthLog.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * One line of health.jsonl.
     *
     * @param timestamp epoch seconds (an episode's end)
     * @param device the key prefix, {@code gpu.3}
     * @param kind xid, ecc, throttle or lost
     * @param code the XID number; null otherwise
     * @param reason throttle or ECC reason; null when absent
     * @param start an episode's start (epoch seconds); NaN when not an episode
     * @param durationSeconds an episode's length; NaN when not an episode
     * @param message one sentence
     */
    public record Event(double timestamp, String device, String kind, Integer code, String reason, double start,
            double durationSeconds, String message) {

        /** @return when it began: the episode's start, else the timestamp */
        public double begins() {
            return Double.isNaN(start) ? timestamp : start;
        }
    }

    private HealthLog() {}

    /**
     * @param runDir a run folder
     * @return its events in file order; empty when there is no health.jsonl
     * @throws IOException when it exists but cannot be read
     */
    public static List<Event> read(Path runDir) throws IOException {
        Path file = runDir.resolve(FILE);
        List<Event> events = new ArrayList<>();
        int damaged = 0;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    JsonNode node = MAPPER.readTree(line);
                    if (!node.isObject() || !node.path("timestamp").isNumber() || !node.path("kind").isTextual()) {
                        damaged++;
                        continue;
                    }
                    events.add(new Event(node.get("timestamp").asDouble(), node.path("device").asText(""),
                            node.get("kind").asText(), node.path("code").isNumber() ? node.get("code").asInt() : null,
                            node.path("reason").isTextual() ? node.get("reason").asText() : null,
                            node.path("start").isNumber() ? node.get("start").asDouble() : Double.NaN,
                            node.path("durationSeconds").isNumber() ? node.get("durationSeconds").asDouble() : Double.NaN,
                            node.path("message").asText("")));
                } catch (IOException e) {
                    damaged++; // a line cut short by a killed run: the others still count
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        }
        if (damaged > 0) {
            logger.warn("{}: skipped {} damaged line{}", file, damaged, damaged == 1 ? "" : "s");
        }
        return events;
    }
}
