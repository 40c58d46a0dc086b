package io.sysgauge.views.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Short sentences a person reads before any chart, each with its evidence: the chart (a key
 * template) and, where it has one, the stretch of run time it speaks of.
 */
public final class Insights {

    /** Host memory in use (%) at or above this is an OOM risk. */
    static final double HOST_MEMORY_NEAR_LIMIT = 90;
    /** A filesystem this full (%) at the end, or full within this many hours at the run's rate, is filling. */
    static final double DISK_NEARLY_FULL = 90;
    static final double DISK_FULL_WITHIN_HOURS = 24;

    /**
     * @param kind idle, unused, inputBound, gpuMemory, hostMemory, disk, throttle, xid, ecc, lost, energy
     * @param severity {@code info} or {@code warn}
     * @param text one sentence
     * @param chart the key template whose chart is the evidence
     * @param device {@code gpu.0} and the like; null when about the host
     * @param value the figure the sentence is about (idle %, Wh, seconds); NaN when none
     * @param start run time the evidence starts at; NaN when it is the whole run
     * @param end run time it ends at
     */
    public record Insight(String kind, String severity, String text, String chart, String device, double value,
            double start, double end) {}

    private Insights() {}

    /**
     * @param run the run's records, analysed
     * @param health its health.jsonl
     * @return the insights, GPU use first, then memory, disk, health and energy
     */
    public static List<Insight> of(RunAnalysis run, List<HealthLog.Event> health) {
        List<Insight> insights = new ArrayList<>();
        Map<String, MetricStats> stats = run.stats();
        run.gpuUse().forEach((gpu, use) -> {
            MetricStats utilization = stats.get("gpu." + gpu + ".gpu");
            if (utilization.max() < RunAnalysis.IDLE_BELOW) {
                insights.add(new Insight("unused", "warn", "GPU " + gpu + " was never used: its utilization stayed under "
                        + format(RunAnalysis.IDLE_BELOW) + " % for the whole run.", "gpu.{i}.gpu", "gpu." + gpu,
                        use.idlePercent(), Double.NaN, Double.NaN));
            } else {
                insights.add(new Insight("idle", use.idlePercent() >= 20 ? "warn" : "info", "GPU " + gpu + " was idle "
                        + format(use.idlePercent()) + " % of the run (utilization under " + format(RunAnalysis.IDLE_BELOW)
                        + " %); mean utilization " + format(utilization.mean()) + " %.", "gpu.{i}.gpu", "gpu." + gpu,
                        use.idlePercent(), Double.NaN, Double.NaN));
            }
        });
        for (RunAnalysis.Phase phase : run.inputBound()) {
            List<String> why = new ArrayList<>();
            if (phase.cpuBound()) {
                why.add("the job used " + format(RunAnalysis.CPU_SATURATED) + " % or more of its CPUs");
            }
            if (phase.ioBound()) {
                why.add("the CPUs waited on I/O " + format(RunAnalysis.IOWAIT_HIGH) + " % or more of the time");
            }
            insights.add(new Insight("inputBound", "warn", "Likely input-bound from " + clock(phase.start()) + " to "
                    + clock(phase.end()) + " (" + span(phase.end() - phase.start()) + "): every GPU under "
                    + format(RunAnalysis.STARVED_BELOW) + " % while " + String.join(", or ", why) + ".", "gpu.{i}.gpu",
                    null, phase.end() - phase.start(), phase.start(), phase.end()));
        }
        stats.forEach((key, value) -> {
            if (key.matches("gpu\\.\\d+\\.memoryAllocated")) {
                String gpu = key.substring(0, key.lastIndexOf('.'));
                MetricStats bytes = stats.get(gpu + ".memoryAllocatedBytes");
                String peak = bytes == null ? format(value.max()) + " %"
                        : gib(bytes.max()) + " (" + format(value.max()) + " %)";
                insights.add(new Insight("gpuMemory", value.max() >= 95 ? "warn" : "info", "GPU " + gpu.substring(4)
                        + " memory peaked at " + peak + " at " + clock(value.maxAt()) + ": "
                        + format(100 - value.max()) + " % headroom.", "gpu.{i}.memoryAllocated", gpu, value.max(),
                        value.maxAt(), value.maxAt()));
            }
        });
        MetricStats hostMemory = stats.get("memory_percent");
        if (hostMemory != null && hostMemory.max() >= HOST_MEMORY_NEAR_LIMIT) {
            insights.add(new Insight("hostMemory", "warn", "Host memory reached " + format(hostMemory.max()) + " % at "
                    + clock(hostMemory.maxAt()) + ": near its limit, a risk of the OOM killer.", "memory_percent", null,
                    hostMemory.max(), hostMemory.maxAt(), hostMemory.maxAt()));
        }
        stats.forEach((key, value) -> {
            if (key.startsWith("disk.") && key.endsWith(".usagePercent") && value.count() > 1) {
                double grew = value.last() - value.first();
                double hours = (value.lastAt() - value.firstAt()) / 3600;
                if (grew >= 1 && hours > 0) {
                    double fullIn = (100 - value.last()) / (grew / hours);
                    boolean filling = value.last() >= DISK_NEARLY_FULL || fullIn <= DISK_FULL_WITHIN_HOURS;
                    String path = key.substring("disk.".length(), key.length() - ".usagePercent".length());
                    insights.add(new Insight("disk", filling ? "warn" : "info", "Filesystem " + path + " went from "
                            + format(value.first()) + " % to " + format(value.last()) + " % full"
                            + (filling ? "; at this rate it is full in " + span(fullIn * 3600) : "") + ".",
                            "disk.{path}.usagePercent", null, value.last(), value.firstAt(), value.lastAt()));
                }
            }
        });
        health(run, health, insights);
        energy(stats, insights);
        return insights;
    }

    private static void health(RunAnalysis run, List<HealthLog.Event> health, List<Insight> insights) {
        double origin = Double.isNaN(run.startEpoch()) ? 0 : run.startEpoch();
        Map<String, double[]> throttled = new LinkedHashMap<>();
        for (HealthLog.Event event : health) {
            String device = event.device().isEmpty() ? "a GPU" : event.device().replace("gpu.", "GPU ");
            double start = event.begins() - origin;
            double end = event.timestamp() - origin;
            switch (event.kind()) {
                case "throttle" -> {
                    throttled.computeIfAbsent(event.device(), d -> new double[1])[0] += durationOf(event);
                    insights.add(new Insight("throttle", "warn", device + " throttled (" + event.reason() + ") from "
                            + clock(start) + " for " + span(durationOf(event)) + sentence(event.message()),
                            "gpu.{i}.smClock", event.device(), durationOf(event), start, end));
                }
                case "xid" -> insights.add(new Insight("xid", "warn", device + " at " + clock(end)
                        + (event.message().isBlank() ? ": XID " + event.code() + "." : sentence(event.message())),
                        "gpu.{i}.gpu", event.device(),
                        event.code() == null ? Double.NaN : event.code(), end, end));
                case "ecc" -> insights.add(new Insight("ecc", "warn", device + ": ECC error"
                        + (event.reason() == null ? "" : " (" + event.reason() + ")") + " at " + clock(end)
                        + sentence(event.message()), "gpu.{i}.unCorrectedMemoryErrors", event.device(), Double.NaN, end, end));
                case "lost" -> insights.add(new Insight("lost", "warn", device + " was lost (fell off the bus or stopped"
                        + " answering) at " + clock(end) + sentence(event.message()), "gpu.{i}.gpu", event.device(),
                        Double.NaN, end, end));
                default -> insights.add(new Insight(event.kind(), "warn", device + ": " + event.kind() + " at "
                        + clock(end) + sentence(event.message()), "gpu.{i}.gpu", event.device(), Double.NaN, end, end));
            }
        }
        if (throttled.size() > 1 || health.stream().filter(e -> e.kind().equals("throttle")).count() > 1) {
            throttled.forEach((device, seconds) -> insights.add(new Insight("throttleTotal", "warn",
                    device.replace("gpu.", "GPU ") + " throttled for " + span(seconds[0]) + " in all.", "gpu.{i}.smClock",
                    device, seconds[0], Double.NaN, Double.NaN)));
        }
    }

    private static double durationOf(HealthLog.Event event) {
        return Double.isNaN(event.durationSeconds()) ? 0 : event.durationSeconds();
    }

    private static void energy(Map<String, MetricStats> stats, List<Insight> insights) {
        double total = 0;
        int gpus = 0;
        StringBuilder each = new StringBuilder();
        for (Map.Entry<String, MetricStats> entry : stats.entrySet()) {
            if (entry.getKey().matches("gpu\\.\\d+\\.energyJoules")) {
                double wattHours = entry.getValue().last() / 3600; // joules since the first sample
                total += wattHours;
                gpus++;
                each.append(each.isEmpty() ? "" : ", ").append("GPU ")
                        .append(entry.getKey(), 4, entry.getKey().length() - ".energyJoules".length())
                        .append(' ').append(format(wattHours)).append(" Wh");
            }
        }
        if (gpus > 0) {
            String text = gpus == 1 ? each.toString().replaceFirst(" ([^ ]+ Wh)$", " used $1") + "."
                    : "The GPUs used " + format(total) + " Wh in all (" + each + ").";
            insights.add(new Insight("energy", "info", text, "gpu.{i}.energyJoules", null, total, Double.NaN, Double.NaN));
        }
    }

    private static String sentence(String message) {
        return message == null || message.isBlank() ? "." : ": " + message + (message.endsWith(".") ? "" : ".");
    }

    /** @return a number for a sentence: no decimals from 100 up, one below */
    static String format(double value) {
        if (Double.isNaN(value)) {
            return "?";
        }
        return Math.abs(value) >= 100 || value == Math.rint(value) ? String.format(Locale.ROOT, "%.0f", value)
                : String.format(Locale.ROOT, "%.1f", value);
    }

    /** @return run time as h:mm:ss or m:ss */
    static String clock(double seconds) {
        long s = Math.round(seconds);
        long h = s / 3600;
        long m = s / 60 % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", m, s % 60);
    }

    /** @return a length of time for people: 45 s, 4 min 12 s, 3 h 05 min */
    static String span(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return s / 60 + " min" + (s % 60 == 0 ? "" : " " + s % 60 + " s");
        }
        return s / 3600 + " h " + String.format(Locale.ROOT, "%02d", s / 60 % 60) + " min";
    }

    private static String gib(double bytes) {
        return format(bytes / (1L << 30)) + " GiB";
    }
}
