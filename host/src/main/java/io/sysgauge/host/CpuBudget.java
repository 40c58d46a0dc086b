package io.sysgauge.host;

import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalLong;

/** How many CPUs the monitored work may use: the affinity mask, capped by a cgroup quota. */
public final class CpuBudget {

    private CpuBudget() {}

    /**
     * @param procRoot where /proc is
     * @param pid the process whose affinity counts (the watched root), else sysgauge's own
     * @param cgroup the cgroup limits
     * @return CPUs available, possibly fractional (a quota of 1.5 CPUs)
     */
    public static double available(Path procRoot, OptionalLong pid, CgroupLimits cgroup) {
        String process = pid.isPresent() ? Long.toString(pid.getAsLong()) : "self";
        double cpus = affinityCount(procRoot.resolve(process));
        if (cgroup.cpuQuota().isPresent()) {
            cpus = Math.min(cpus, cgroup.cpuQuota().getAsDouble());
        }
        return cpus;
    }

    private static int affinityCount(Path processDir) {
        try {
            String list = ProcFiles.text(ProcFiles.read(processDir.resolve("status")), "Cpus_allowed_list");
            if (list != null) {
                return countList(list);
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or an unusual status file: fall through
        }
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * @param list a CPU list such as {@code 0-3,8,10-11}
     * @return how many CPUs it names
     */
    static int countList(String list) {
        int count = 0;
        for (String range : list.split(",")) {
            String part = range.strip();
            if (part.isEmpty()) {
                continue;
            }
            int dash = part.indexOf('-');
            count += dash < 0 ? 1 : Integer.parseInt(part.substring(dash + 1)) - Integer.parseInt(part.substring(0, dash)) + 1;
        }
        return count;
    }
}
