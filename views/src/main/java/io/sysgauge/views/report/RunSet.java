package io.sysgauge.views.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Several run folders in one page: runs compared (aligned by run time, the first run the
 * baseline) or the nodes of one job (aligned by wall clock, the slowest node flagged).
 */
public final class RunSet {

    /** A node this many points of mean GPU utilization under the median is a straggler. */
    public static final double STRAGGLER_POINTS_BELOW_MEDIAN = 5;

    /** How the runs relate. */
    public enum Mode {
        /** Different runs, each from its own start. */
        COMPARE,
        /** Nodes (or ranks) of one job, on one wall clock. */
        JOB
    }

    /** @param name how the page names it; @param folder its run folder; @param report its data */
    public record Run(String name, Path folder, RunReport report) {}

    /**
     * @param run index into {@link #runs()}; @param name its name; @param meanUtilization its mean GPU utilization (%)
     * @param median the median of all runs' means; @param belowMedian median minus its mean, in points
     */
    public record Straggler(int run, String name, double meanUtilization, double median, double belowMedian) {}

    private final Mode mode;
    private final List<Run> runs;
    private final String job;

    private RunSet(Mode mode, List<Run> runs, String job) {
        this.mode = mode;
        this.runs = runs;
        this.job = job;
    }

    /**
     * @param folders two or more run folders
     * @param nodes whether they are nodes of one job even without a shared {@code job} label
     * @return them, read; a job when {@code nodes} or when all carry the same job label
     * @throws IOException when one cannot be read
     * @throws IllegalArgumentException when {@code nodes} and their job labels differ
     */
    public static RunSet read(List<Path> folders, boolean nodes) throws IOException {
        List<RunReport> reports = new ArrayList<>();
        for (Path folder : folders) {
            reports.add(RunReport.read(folder.resolve("events.jsonl"), folder.resolve("metadata.json"),
                    RunReport.POINT_BUDGET / folders.size()));
        }
        Set<String> jobs = new LinkedHashSet<>();
        boolean allLabelled = true;
        for (RunReport report : reports) {
            String job = jobOf(report.metadata());
            if (job == null) {
                allLabelled = false;
            } else {
                jobs.add(job);
            }
        }
        if (nodes && jobs.size() > 1) {
            List<String> described = new ArrayList<>();
            for (int i = 0; i < folders.size(); i++) {
                described.add(folders.get(i).getFileName() + " (" + jobOf(reports.get(i).metadata()) + ")");
            }
            throw new IllegalArgumentException("mixed jobs: " + String.join(", ", described)
                    + "; give the run folders of one job");
        }
        Mode mode = nodes || (allLabelled && jobs.size() == 1) ? Mode.JOB : Mode.COMPARE;
        List<Run> runs = new ArrayList<>();
        Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < folders.size(); i++) {
            String name = mode == Mode.JOB ? nodeName(reports.get(i).metadata(), folders.get(i))
                    : String.valueOf(folders.get(i).toAbsolutePath().normalize().getFileName());
            if (!names.add(name)) {
                name = name + " #" + (i + 1); // two runs on one host, or two folders of one name
            }
            runs.add(new Run(name, folders.get(i), reports.get(i)));
        }
        return new RunSet(mode, List.copyOf(runs), jobs.size() == 1 ? jobs.iterator().next() : null);
    }

    /** @return the job label ({@code job}, else {@code slurm_job_id}); null when none */
    static String jobOf(JsonNode metadata) {
        JsonNode labels = metadata.path("labels");
        for (String label : List.of("job", "slurm_job_id")) {
            if (labels.path(label).isValueNode() && !labels.path(label).asText().isEmpty()) {
                return labels.path(label).asText();
            }
        }
        return null;
    }

    // "node-b rank 1": what a person finds in the scheduler's list.
    private static String nodeName(JsonNode metadata, Path folder) {
        String host = metadata.path("host").asText("");
        String rank = metadata.path("labels").path("rank").asText("");
        String name = (host.isEmpty() ? String.valueOf(folder.getFileName()) : host) + (rank.isEmpty() ? "" : " rank " + rank);
        return name;
    }

    /** @return how the runs relate */
    public Mode mode() {
        return mode;
    }

    /** @return the runs, in the order given */
    public List<Run> runs() {
        return runs;
    }

    /** @return the shared job label; null when none */
    public String job() {
        return job;
    }

    /** @return seconds from the earliest run's start to each run's start (job), or zeros (compare) */
    public double[] offsets() {
        double[] offsets = new double[runs.size()];
        if (mode == Mode.JOB) {
            double earliest = runs.stream().mapToDouble(run -> run.report().analysis().startEpoch())
                    .filter(start -> !Double.isNaN(start)).min().orElse(0);
            for (int i = 0; i < offsets.length; i++) {
                double start = runs.get(i).report().analysis().startEpoch();
                offsets[i] = Double.isNaN(start) ? 0 : start - earliest;
            }
        }
        return offsets;
    }

    /** @return the run whose mean GPU utilization is lowest, when it is well under the median; null otherwise */
    public Straggler straggler() {
        List<double[]> means = new ArrayList<>(); // {run, mean}
        for (int i = 0; i < runs.size(); i++) {
            double sum = 0;
            long count = 0;
            for (Map.Entry<String, MetricStats> entry : runs.get(i).report().analysis().stats().entrySet()) {
                if (entry.getKey().matches("gpu\\.\\d+\\.gpu")) {
                    sum += entry.getValue().mean() * entry.getValue().count();
                    count += entry.getValue().count();
                }
            }
            if (count > 0) {
                means.add(new double[] {i, sum / count});
            }
        }
        if (means.size() < 2) {
            return null;
        }
        double[] sorted = means.stream().mapToDouble(m -> m[1]).sorted().toArray();
        double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        double[] lowest = means.stream().min(java.util.Comparator.comparingDouble(m -> m[1])).orElseThrow();
        if (median - lowest[1] < STRAGGLER_POINTS_BELOW_MEDIAN) {
            return null;
        }
        int run = (int) lowest[0];
        return new Straggler(run, runs.get(run).name(), lowest[1], median, median - lowest[1]);
    }

    /** @return the charts of every key any run has */
    public ChartLayout layout() {
        Set<String> keys = new LinkedHashSet<>();
        runs.forEach(run -> keys.addAll(run.report().keys()));
        // The runs were recorded by the same kind of install: the first one's descriptions serve all
        return ChartLayout.of(keys, runs.get(0).report().catalog());
    }

    /**
     * @param out where the HTML goes; not closed
     * @throws IOException from out
     */
    public void writeHtml(Writer out) throws IOException {
        ChartLayout layout = layout();
        DashboardPage.write(out, json -> {
            json.writeStartObject();
            json.writeStringField("mode", mode == Mode.JOB ? "job" : "compare");
            json.writeFieldName("layout");
            layout.write(json);
            writeSetFields(json, true);
            json.writeEndObject();
        });
    }

    /**
     * Writes {@code "job", "straggler", "runs":[...]} into the object being written.
     *
     * @param json inside an object
     * @param withSamples whether each run carries its columns
     * @throws IOException from the generator
     */
    public void writeSetFields(JsonGenerator json, boolean withSamples) throws IOException {
        if (job != null) {
            json.writeStringField("job", job);
        }
        Straggler straggler = mode == Mode.JOB ? straggler() : null;
        if (straggler != null) {
            json.writeObjectFieldStart("straggler");
            json.writeNumberField("run", straggler.run());
            json.writeStringField("name", straggler.name());
            json.writeFieldName("meanUtilization");
            Numbers.write(json, straggler.meanUtilization());
            json.writeFieldName("median");
            Numbers.write(json, straggler.median());
            json.writeFieldName("belowMedian");
            Numbers.write(json, straggler.belowMedian());
            json.writeStringField("text", straggler.name() + " is the straggler: mean GPU utilization "
                    + Insights.format(straggler.meanUtilization()) + " %, " + Insights.format(straggler.belowMedian())
                    + " points below the median of the nodes (" + Insights.format(straggler.median()) + " %).");
            json.writeEndObject();
        }
        double[] offsets = offsets();
        json.writeArrayFieldStart("runs");
        for (int i = 0; i < runs.size(); i++) {
            json.writeStartObject();
            json.writeStringField("name", runs.get(i).name());
            json.writeStringField("folder", runs.get(i).folder().toString());
            json.writeFieldName("offset");
            Numbers.write(json, offsets[i]);
            runs.get(i).report().writeRunFields(json, withSamples);
            json.writeEndObject();
        }
        json.writeEndArray();
    }
}
