package io.sysgauge.host;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Static facts about the machine for {@code metadata.json}, with W&amp;B's field names. */
public final class HostFacts {

    private HostFacts() {}

    /**
     * @param procRoot where /proc is
     * @param sysRoot where /sys is
     * @param source machine counters, for total memory
     * @param diskPaths the {@code disk.paths} setting
     * @param cgroup cgroup limits
     * @return host, os, cpu counts, memory, disks and cgroup limits
     */
    public static Map<String, Object> describe(Path procRoot, Path sysRoot, HostSource source, List<String> diskPaths,
            CgroupLimits cgroup) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("host", hostname(procRoot));
        facts.put("os", osName());
        facts.put("arch", System.getProperty("os.arch"));
        int logical = Runtime.getRuntime().availableProcessors();
        facts.put("cpu_count", physicalCores(sysRoot, logical));
        facts.put("cpu_count_logical", logical);
        facts.put("cpu_available", CpuBudget.available(procRoot, java.util.OptionalLong.empty(), cgroup));
        try {
            facts.put("memory", Map.of("total", source.memory().totalBytes()));
        } catch (Exception e) {
            // leave it out rather than guess
        }
        Map<String, Object> disks = new LinkedHashMap<>();
        for (String path : diskPaths) {
            try {
                FileStore store = Files.getFileStore(Path.of(path));
                disks.put(path, Map.of("total", store.getTotalSpace(), "used", store.getTotalSpace() - store.getUnallocatedSpace()));
            } catch (IOException | RuntimeException e) {
                // a missing path is reported by the disk collector
            }
        }
        facts.put("disk", disks);
        Map<String, Object> limits = cgroup.describe();
        if (!limits.isEmpty()) {
            facts.put("cgroup", limits);
        }
        return facts;
    }

    // /proc/sys/kernel/hostname avoids the DNS lookup InetAddress may do.
    private static String hostname(Path procRoot) {
        try {
            return ProcFiles.read(procRoot.resolve("sys/kernel/hostname")).strip();
        } catch (IOException e) {
            String fromEnvironment = System.getenv(System.getProperty("os.name").startsWith("Windows") ? "COMPUTERNAME" : "HOSTNAME");
            if (fromEnvironment != null && !fromEnvironment.isBlank()) {
                return fromEnvironment;
            }
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (IOException unknown) {
                return "unknown";
            }
        }
    }

    private static String osName() {
        String name = System.getProperty("os.name") + " " + System.getProperty("os.version");
        try {
            String release = Files.readString(Path.of("/etc/os-release"));
            String pretty = ProcFiles.text(release.replace("PRETTY_NAME=", "PRETTY_NAME:"), "PRETTY_NAME");
            if (pretty != null) {
                return pretty.replace("\"", "") + " (" + name + ")";
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return name;
    }

    private static int physicalCores(Path sysRoot, int logical) {
        Set<String> cores = new HashSet<>();
        try (DirectoryStream<Path> cpus = Files.newDirectoryStream(sysRoot.resolve("devices/system/cpu"), "cpu[0-9]*")) {
            for (Path cpu : cpus) {
                Path topology = cpu.resolve("topology");
                cores.add(ProcFiles.read(topology.resolve("physical_package_id")).strip() + ":"
                        + ProcFiles.read(topology.resolve("core_id")).strip());
            }
        } catch (IOException | RuntimeException e) {
            return logical;
        }
        return cores.isEmpty() ? logical : cores.size();
    }
}
