package io.sysgauge.host.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Which rank, node and job of a distributed launch a process is, from the variables the common
 * launchers set in its environment: torchrun ({@code RANK}, {@code LOCAL_RANK}, {@code WORLD_SIZE},
 * {@code GROUP_RANK}), Slurm ({@code SLURM_PROCID}, {@code SLURM_LOCALID}, {@code SLURM_NTASKS},
 * {@code SLURM_NODEID}, {@code SLURM_JOB_ID}) and Open MPI ({@code OMPI_COMM_WORLD_RANK},
 * {@code OMPI_COMM_WORLD_LOCAL_RANK}, {@code OMPI_COMM_WORLD_SIZE}). For each label the first
 * variable present wins, in that order: torchrun under Slurm says the torch rank.
 */
public final class LaunchLabels {

    // label -> variables that give it, the most specific launcher first
    private static final Map<String, List<String>> VARIABLES_BY_LABEL = orderedMap(
            "rank", List.of("RANK", "SLURM_PROCID", "OMPI_COMM_WORLD_RANK"),
            "local_rank", List.of("LOCAL_RANK", "SLURM_LOCALID", "OMPI_COMM_WORLD_LOCAL_RANK"),
            "world_size", List.of("WORLD_SIZE", "SLURM_NTASKS", "OMPI_COMM_WORLD_SIZE"),
            "node", List.of("SLURM_NODEID", "GROUP_RANK"),
            "slurm_job_id", List.of("SLURM_JOB_ID"));

    private LaunchLabels() {}

    /**
     * The run's labels: the rank, node and job a launcher (torchrun, Slurm, Open MPI) gave the
     * monitored process in its environment, then the user's ({@code labels:}, {@code --label}), which win.
     *
     * @param procRoot where /proc is
     * @param rootPid the monitored process; without one, sysgauge's own environment (a sidecar started
     *     by the same launcher)
     * @param userLabels the user's labels
     * @return the labels, launch labels first
     */
    public static Map<String, String> forRun(Path procRoot, OptionalLong rootPid, Map<String, String> userLabels) {
        Map<String, String> labels = new LinkedHashMap<>(rootPid.isPresent()
                ? ofProcess(procRoot, rootPid.getAsLong())
                : ofEnvironment(System.getenv()));
        labels.putAll(userLabels);
        return labels;
    }

    /**
     * @param procRoot where /proc is
     * @param pid the monitored process
     * @return its launch labels; empty when its environment cannot be read (another user's process,
     *     one that has ended, no /proc)
     */
    public static Map<String, String> ofProcess(Path procRoot, long pid) {
        byte[] environ;
        try {
            environ = Files.readAllBytes(procRoot.resolve(Long.toString(pid)).resolve("environ"));
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        Map<String, String> environment = new LinkedHashMap<>();
        // NUL-separated NAME=value entries, as execve received them.
        for (String entry : new String(environ, StandardCharsets.UTF_8).split("\0")) {
            int equals = entry.indexOf('=');
            if (equals > 0) {
                environment.putIfAbsent(entry.substring(0, equals), entry.substring(equals + 1));
            }
        }
        return ofEnvironment(environment);
    }

    /**
     * @param environment a process's environment variables
     * @return the launch labels they give, such as {@code rank=3, world_size=8}
     */
    public static Map<String, String> ofEnvironment(Map<String, String> environment) {
        Map<String, String> labels = new LinkedHashMap<>();
        VARIABLES_BY_LABEL.forEach((label, variables) -> {
            for (String variable : variables) {
                String value = environment.get(variable);
                if (value != null && !value.isBlank()) {
                    labels.put(label, value.strip());
                    return;
                }
            }
        });
        return labels;
    }

    private static Map<String, List<String>> orderedMap(Object... pairs) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            @SuppressWarnings("unchecked")
            List<String> variables = (List<String>) pairs[i + 1];
            map.put((String) pairs[i], variables);
        }
        return map;
    }
}
