package io.sysgauge.events;

import io.sysgauge.spi.HealthEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The lines {@code run} ends with when devices had health events, one per device:
 * {@code GPU 3: thermal throttling 4 min 12 s (7 % of the run), 1 XID 79 at 01:12:33}. Times are
 * hours, minutes and seconds into the run (as {@code _runtime} counts), the same on every machine
 * whatever its time zone.
 */
public final class HealthSummary {

    // How the summary names NVML's clock-event reasons; others are named by their key.
    private static final Map<String, String> THROTTLE_NAMES = Map.of(
            "swPowerCap", "power capping",
            "hwSlowdown", "hardware slowdown",
            "hwThermalSlowdown", "thermal throttling",
            "swThermalSlowdown", "software thermal throttling",
            "hwPowerBrakeSlowdown", "power brake slowdown",
            "syncBoost", "sync boost throttling");

    private HealthSummary() {}

    /**
     * @param events the run's health events, in the order they were recorded
     * @param runStart when the run started, seconds since the epoch
     * @param runSeconds how long the run lasted
     * @return one line per device with events, devices in index order ({@code gpu.2} before
     *     {@code gpu.10}); empty when there were none
     */
    public static List<String> lines(List<HealthEvent> events, double runStart, double runSeconds) {
        Map<String, List<HealthEvent>> byDevice = new TreeMap<>(DEVICE_ORDER);
        for (HealthEvent event : events) {
            byDevice.computeIfAbsent(event.device(), device -> new ArrayList<>()).add(event);
        }
        List<String> lines = new ArrayList<>();
        byDevice.forEach((device, deviceEvents) -> {
            List<String> parts = new ArrayList<>();
            parts.addAll(throttling(deviceEvents, runSeconds));
            parts.addAll(counted(deviceEvents, runStart));
            if (!parts.isEmpty()) {
                lines.add(deviceName(device) + ": " + String.join(", ", parts));
            }
        });
        return lines;
    }

    // Per reason, in the order the reasons first ended: the total time and its share of the run.
    private static List<String> throttling(List<HealthEvent> events, double runSeconds) {
        Map<String, Double> secondsByReason = new LinkedHashMap<>();
        for (HealthEvent event : events) {
            if (HealthEvent.THROTTLE.equals(event.kind()) && event.isEpisode()) {
                secondsByReason.merge(String.valueOf(event.reason()), event.durationSeconds(), Double::sum);
            }
        }
        List<String> parts = new ArrayList<>();
        secondsByReason.forEach((reason, seconds) -> parts.add(THROTTLE_NAMES.getOrDefault(reason, reason + " throttling")
                + " " + HealthEvent.describeDuration(seconds) + share(seconds, runSeconds)));
        return parts;
    }

    private static String share(double seconds, double runSeconds) {
        if (runSeconds <= 0) {
            return "";
        }
        double percent = Math.min(100, 100 * seconds / runSeconds);
        long rounded = Math.round(percent);
        return rounded == 0 ? " (under 1 % of the run)" : " (" + rounded + " % of the run)";
    }

    // XIDs per code, ECC errors per kind, a lost device: how many, and when the first came.
    private static List<String> counted(List<HealthEvent> events, double runStart) {
        Map<String, List<HealthEvent>> groups = new LinkedHashMap<>();
        for (HealthEvent event : events) {
            String group = switch (event.kind()) {
                case HealthEvent.XID -> "XID " + event.code();
                case HealthEvent.ECC -> "doubleBit".equals(event.reason()) ? "double-bit ECC error"
                        : "single-bit ECC error";
                case HealthEvent.LOST -> "lost";
                default -> null;
            };
            if (group != null) {
                groups.computeIfAbsent(group, key -> new ArrayList<>()).add(event);
            }
        }
        List<String> parts = new ArrayList<>();
        groups.forEach((group, members) -> {
            String first = runTime(members.get(0).timestamp() - runStart);
            if (group.equals("lost")) {
                parts.add("lost at " + first);
            } else if (members.size() == 1) {
                parts.add("1 " + group + " at " + first);
            } else {
                String plural = group.endsWith("error") ? group + "s" : group;
                parts.add(members.size() + " " + plural + " (first at " + first + ")");
            }
        });
        return parts;
    }

    private static String runTime(double secondsIntoRun) {
        long seconds = Math.max(0, (long) Math.floor(secondsIntoRun));
        return String.format(Locale.ROOT, "%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }

    // gpu.3 -> GPU 3; a key prefix of another shape is shown as it is.
    private static String deviceName(String device) {
        int dot = device.indexOf('.');
        return dot > 0 ? device.substring(0, dot).toUpperCase(Locale.ROOT) + " " + device.substring(dot + 1) : device;
    }

    // By family, then by index as a number.
    private static final Comparator<String> DEVICE_ORDER = Comparator
            .comparing((String device) -> device.contains(".") ? device.substring(0, device.indexOf('.')) : device)
            .thenComparingLong(HealthSummary::indexOf)
            .thenComparing(Comparator.naturalOrder());

    private static long indexOf(String device) {
        try {
            return Long.parseLong(device.substring(device.indexOf('.') + 1));
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
