package io.sysgauge.core.session;

import io.sysgauge.core.config.Settings;
import io.sysgauge.host.CgroupLimits;
import io.sysgauge.host.HostSource;
import io.sysgauge.host.LinuxHostSource;
import io.sysgauge.host.OshiHostSource;
import io.sysgauge.host.process.LinuxProcessSource;
import io.sysgauge.host.process.OshiProcessSource;
import io.sysgauge.host.process.ProcessSource;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /** @return the environment of this machine at the usual roots, whatever the configuration says */
    public static HostEnvironment system() {
        return at(Path.of("/proc"), Path.of("/sys"), Path.of("/dev"));
    }

    /**
     * @param settings core's settings
     * @return the environment at the configured roots ({@code host.proc}, {@code host.sys})
     */
    public static HostEnvironment of(Settings settings) {
        return at(settings.hostProc(), settings.hostSys(), Path.of("/dev"));
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
}
