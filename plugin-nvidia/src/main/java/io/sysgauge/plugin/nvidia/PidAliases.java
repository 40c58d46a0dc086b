package io.sysgauge.plugin.nvidia;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The numbers one process has in each pid namespace it belongs to. NVML numbers processes in the
 * namespace the driver sees them in (the host's, or the caller's), while sysgauge's pids come from
 * the /proc it reads. The {@code NSpid} line of {@code /proc/<pid>/status} lists every number of a
 * process from that /proc's namespace inwards, so when sysgauge reads the host's /proc (on the
 * host, or a container given the host's /proc) a process in a container matches in either
 * numbering. An inner number that is also a live pid in sysgauge's /proc is left out: that pid is
 * another process, and taking NVML's entry for it as the tree's would misattribute its use.
 */
final class PidAliases {

    private PidAliases() {}

    /**
     * @param procRoot where /proc is
     * @param pids pids of the monitored tree, as sysgauge's /proc numbers them
     * @return each pid and each of its other numbers, mapped to the pid
     */
    static Map<Long, Long> byAlias(Path procRoot, Collection<Long> pids) {
        Map<Long, Long> byAlias = new HashMap<>();
        for (Long pid : pids) {
            byAlias.put(pid, pid);
        }
        for (Long pid : pids) {
            for (Long alias : read(procRoot, pid)) {
                if (!byAlias.containsKey(alias) && !Files.exists(procRoot.resolve(Long.toString(alias)))) {
                    byAlias.put(alias, pid);
                }
            }
        }
        return byAlias;
    }

    private static List<Long> read(Path procRoot, long pid) {
        try {
            return parseNsPid(Files.readString(procRoot.resolve(Long.toString(pid)).resolve("status"),
                    StandardCharsets.ISO_8859_1));
        } catch (IOException | RuntimeException e) {
            return List.of(); // the process exited, or the kernel predates NSpid (4.1)
        }
    }

    /** @return the numbers on the {@code NSpid:} line of a status file, none when it has no such line */
    static List<Long> parseNsPid(String status) {
        int start = status.startsWith("NSpid:") ? 0 : status.indexOf("\nNSpid:");
        if (start < 0) {
            return List.of();
        }
        int from = status.indexOf(':', start) + 1;
        int end = status.indexOf('\n', from);
        List<Long> numbers = new ArrayList<>(2);
        for (String field : status.substring(from, end < 0 ? status.length() : end).trim().split("\\s+")) {
            if (!field.isEmpty()) {
                numbers.add(Long.parseLong(field));
            }
        }
        return numbers;
    }
}
