package io.sysgauge.host;

import io.sysgauge.host.process.LinuxProcessSource;
import io.sysgauge.host.process.OshiProcessSource;
import io.sysgauge.host.process.ProcessCollector;
import io.sysgauge.host.process.ProcessSource;
import io.sysgauge.host.process.ProcessTracker;
import io.sysgauge.spi.MetricCollector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import oshi.SystemInfo;

/**
 * Where host facts come from: /proc and /sys read directly on Linux (cheap), OSHI elsewhere.
 *
 * @param procRoot where /proc is
 * @param sysRoot where /sys is
 * @param devRoot where /dev is
 * @param hostSource machine counters
 * @param processSource process tree reader
 * @param cgroup cgroup v2 limits of this process
 */
public record HostEnvironment(Path procRoot, Path sysRoot, Path devRoot, HostSource hostSource, ProcessSource processSource,
        CgroupLimits cgroup) {

    /**
     * A built-in collector and how the sampling loop may run it.
     *
     * @param collector the collector
     * @param mayBlock false for one that only reads /proc and /sys files, which cannot block and
     *     cost less than a thread hand-off (the loop runs it inline); true for one whose call can
     *     hang (statvfs of a dead NFS mount), which needs a worker of its own
     */
    public record HostCollector(MetricCollector collector, boolean mayBlock) {}

    /** @return the environment of this machine at the usual roots, whatever the configuration says */
    public static HostEnvironment system() {
        return at(Path.of("/proc"), Path.of("/sys"), Path.of("/dev"));
    }

    /**
     * @param procRoot where /proc is
     * @param sysRoot where /sys is
     * @param devRoot where /dev is
     * @return an environment reading these roots, or OSHI if there is no /proc
     */
    public static HostEnvironment at(Path procRoot, Path sysRoot, Path devRoot) {
        if (Files.isReadable(procRoot.resolve("stat"))) {
            return new HostEnvironment(procRoot, sysRoot, devRoot, new LinuxHostSource(procRoot, sysRoot),
                    new LinuxProcessSource(procRoot), CgroupLimits.read(procRoot, sysRoot));
        }
        SystemInfo oshi = new SystemInfo();
        return new HostEnvironment(procRoot, sysRoot, devRoot, new OshiHostSource(oshi.getHardware()),
                new OshiProcessSource(oshi.getOperatingSystem()), CgroupLimits.NONE);
    }

    /**
     * The built-in collectors of the host and of the monitored process tree, in record order.
     *
     * @param tracker the monitored tree (its root's affinity sets the CPUs available to it)
     * @param diskPaths the filesystems reported ({@code disk.paths})
     * @param cpuPerCore whether each logical CPU is reported too ({@code cpu.perCore})
     * @return cpu, memory, disk, network and proc
     */
    public List<HostCollector> collectors(ProcessTracker tracker, List<String> diskPaths, boolean cpuPerCore) {
        long memoryDenominator = cgroup.memoryLimitBytes().orElse(totalMemory());
        double cpus = CpuBudget.available(procRoot, tracker.rootPid(), cgroup);
        return List.of(
                new HostCollector(new CpuCollector(hostSource, cpuPerCore), false),
                new HostCollector(new MemoryCollector(hostSource, cgroup), false),
                new HostCollector(new DiskCollector(hostSource, diskPaths), true),
                new HostCollector(new NetworkCollector(hostSource), false),
                new HostCollector(new ProcessCollector(tracker, cpus, memoryDenominator), false));
    }

    /**
     * @param diskPaths the filesystems reported ({@code disk.paths})
     * @return for {@code metadata.json}: host, os, arch, CPU counts, memory, disks and cgroup limits
     */
    public Map<String, Object> facts(List<String> diskPaths) {
        return HostFacts.describe(procRoot, sysRoot, hostSource, diskPaths, cgroup);
    }

    private long totalMemory() {
        try {
            return hostSource.memory().totalBytes();
        } catch (Exception e) {
            return Runtime.getRuntime().maxMemory();
        }
    }
}
