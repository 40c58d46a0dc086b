package io.sysgauge.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cgroup v2 limits sysgauge runs under (a container's, a systemd slice's): they replace the
 * host's memory and CPU counts as denominators, as W&amp;B does. cgroup v1 is not read.
 *
 * @param memoryLimitBytes the tightest {@code memory.max} on the path to the root, if any
 * @param memoryCurrentFile {@code memory.current} of the cgroup that sets that limit
 * @param cpuQuota the tightest {@code cpu.max} as CPUs (1.5 = 150000/100000), if any
 * @param cgroupPath the cgroup of this process, for metadata
 */
public record CgroupLimits(OptionalLong memoryLimitBytes, Path memoryCurrentFile, OptionalDouble cpuQuota, String cgroupPath) {

    private static final Logger logger = LoggerFactory.getLogger(CgroupLimits.class);

    /** No cgroup v2 limits. */
    public static final CgroupLimits NONE = new CgroupLimits(OptionalLong.empty(), null, OptionalDouble.empty(), null);

    /**
     * Reads the limits of this process's cgroup and its ancestors.
     *
     * @param procRoot where /proc is
     * @param sysRoot where /sys is; a cgroup2 mount point under /sys is looked up beneath it
     * @return the limits, or {@link #NONE} without cgroup v2
     */
    public static CgroupLimits read(Path procRoot, Path sysRoot) {
        try {
            String membership = unifiedMembership(ProcFiles.read(procRoot.resolve("self/cgroup")));
            String[] mount = cgroup2Mount(ProcFiles.read(procRoot.resolve("self/mountinfo")));
            if (membership == null || mount == null) {
                return NONE;
            }
            Path mountPoint = underRoot(sysRoot, mount[1]);
            String relative = membership.startsWith(mount[0]) ? membership.substring(mount[0].length()) : "";
            Path leaf = mountPoint.resolve(relative.replaceFirst("^/+", ""));
            long memoryLimit = Long.MAX_VALUE;
            Path memoryCurrent = null;
            double cpus = Double.MAX_VALUE;
            for (Path dir = leaf; dir != null && dir.startsWith(mountPoint); dir = dir.getParent()) {
                long limit = memoryMax(dir.resolve("memory.max"));
                if (limit < memoryLimit) {
                    memoryLimit = limit;
                    memoryCurrent = dir.resolve("memory.current");
                }
                cpus = Math.min(cpus, cpuMax(dir.resolve("cpu.max")));
            }
            return new CgroupLimits(
                    memoryLimit == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(memoryLimit),
                    memoryCurrent,
                    cpus == Double.MAX_VALUE ? OptionalDouble.empty() : OptionalDouble.of(cpus),
                    membership);
        } catch (IOException | RuntimeException e) {
            logger.debug("no cgroup v2 limits: {}", e.toString());
            return NONE;
        }
    }

    /** @return what {@code memory.current} says now, or -1 without a memory limit */
    public long memoryCurrentBytes() throws IOException {
        if (memoryCurrentFile == null) {
            return -1;
        }
        return Long.parseLong(ProcFiles.read(memoryCurrentFile).strip());
    }

    /** @return the limits for metadata.json */
    public Map<String, Object> describe() {
        Map<String, Object> facts = new LinkedHashMap<>();
        if (cgroupPath != null) {
            facts.put("path", cgroupPath);
        }
        memoryLimitBytes.ifPresent(limit -> facts.put("memory_limit_bytes", limit));
        cpuQuota.ifPresent(quota -> facts.put("cpu_quota", quota));
        return facts;
    }

    private static String unifiedMembership(String cgroupFile) {
        for (String line : cgroupFile.split("\n")) {
            if (line.startsWith("0::")) {
                return line.substring(3).strip();
            }
        }
        return null;
    }

    // {root within the hierarchy, mount point}
    private static String[] cgroup2Mount(String mountinfo) {
        for (String line : mountinfo.split("\n")) {
            int separator = line.indexOf(" - ");
            if (separator < 0) {
                continue;
            }
            List<String> after = ProcFiles.fields(line.substring(separator + 3));
            if (!after.isEmpty() && after.get(0).equals("cgroup2")) {
                List<String> before = ProcFiles.fields(line.substring(0, separator));
                return new String[] {before.get(3), unescape(before.get(4))};
            }
        }
        return null;
    }

    private static Path underRoot(Path sysRoot, String mountPoint) {
        return mountPoint.startsWith("/sys/") ? sysRoot.resolve(mountPoint.substring("/sys/".length())) : Path.of(mountPoint);
    }

    private static String unescape(String mountinfoField) {
        return mountinfoField.replace("\\040", " ");
    }

    private static long memoryMax(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Long.MAX_VALUE;
        }
        String value = ProcFiles.read(file).strip();
        return value.equals("max") ? Long.MAX_VALUE : Long.parseLong(value);
    }

    private static double cpuMax(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Double.MAX_VALUE;
        }
        List<String> fields = ProcFiles.fields(ProcFiles.read(file).strip());
        if (fields.isEmpty() || fields.get(0).equals("max")) {
            return Double.MAX_VALUE;
        }
        double period = fields.size() > 1 ? Double.parseDouble(fields.get(1)) : 100_000;
        return Double.parseDouble(fields.get(0)) / period;
    }
}
