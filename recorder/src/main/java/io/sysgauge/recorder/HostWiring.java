package io.sysgauge.recorder;

import io.sysgauge.core.config.Settings;
import io.sysgauge.core.session.BuiltIns;
import io.sysgauge.host.HostEnvironment;
import io.sysgauge.host.process.LaunchLabels;
import io.sysgauge.host.process.ProcessTracker;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** The host module wired into core: this machine's built-in collectors and monitored process tree, for a session. */
public final class HostWiring {

    private HostWiring() {}

    /**
     * @param settings core's settings
     * @return the host at the configured roots ({@code host.proc}, {@code host.sys})
     */
    public static HostEnvironment environment(Settings settings) {
        return HostEnvironment.at(settings.hostProc(), settings.hostSys(), Path.of("/dev"));
    }

    /**
     * @param host the machine
     * @param settings core's settings ({@code process.tree}, {@code disk.paths}, {@code cpu.perCore})
     * @param rootPid the monitored process, if any
     * @param withCollectors false to probe only plugin collectors ({@code sysgauge plugins})
     * @return what {@code Session.open} takes besides the plugins
     */
    public static BuiltIns builtIns(HostEnvironment host, Settings settings, OptionalLong rootPid, boolean withCollectors) {
        ProcessTracker tracker = new ProcessTracker(host.processSource(), rootPid, settings.tree());
        List<BuiltIns.BuiltIn> collectors = !withCollectors ? List.of()
                : host.collectors(tracker, settings.diskPaths(), settings.cpuPerCore()).stream()
                        .map(each -> new BuiltIns.BuiltIn(each.collector(), !each.mayBlock())).toList();
        return new BuiltIns(collectors, tracker, tracker::refresh, host.procRoot(), host.sysRoot(), host.devRoot());
    }

    /**
     * @param host the machine
     * @param settings core's settings, with the user's {@code labels}
     * @param rootPid the monitored process, if any
     * @return the run's labels: its launcher's (rank, node, job, from the process's environment), then the user's
     */
    public static Map<String, String> labels(HostEnvironment host, Settings settings, OptionalLong rootPid) {
        return LaunchLabels.forRun(host.procRoot(), rootPid, settings.labels());
    }
}
