package io.sysgauge.core.config;

import io.sysgauge.spi.DeviceSelection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Core's own configuration, typed and checked.
 *
 * @param interval tick period
 * @param pid root of the monitored tree, if set in configuration
 * @param tree whether descendants of the root count
 * @param diskPaths paths for {@code disk.{path}.*}
 * @param cpuPerCore whether to write per-CPU busy percentages
 * @param gpuDevices accelerator devices to report
 * @param pluginsDir folder of plugin jars
 * @param pluginsDisabled plugin ids not to start
 * @param outputDir where run directories go
 * @param serveListen host:port for the Prometheus endpoint
 * @param serveHistory records the live page keeps in memory
 * @param hostProc where the host's proc filesystem is ({@code /proc}; {@code /host/proc} in a
 *     container that mounts the host's there)
 * @param hostSys where the host's sysfs is ({@code /sys})
 * @param labels the run's labels ({@code labels:}, {@code --label}), such as {@code job=llama-70b}
 */
public record Settings(
        Duration interval,
        OptionalLong pid,
        boolean tree,
        List<String> diskPaths,
        boolean cpuPerCore,
        DeviceSelection gpuDevices,
        Path pluginsDir,
        Set<String> pluginsDisabled,
        Path outputDir,
        String serveListen,
        int serveHistory,
        Path hostProc,
        Path hostSys,
        Map<String, String> labels) {

    /** A label name: letters, digits and {@code _}, not starting with a digit, as Prometheus and OTLP backends take it. */
    public static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    /** The shortest interval the loop accepts, as in W&amp;B. */
    public static final Duration MINIMUM_INTERVAL = Duration.ofMillis(100);

    /**
     * The longest interval: hourly values still chart a day-long job (24 points); anything coarser
     * is a typo more likely than a wish, and it would leave a run record empty for hours.
     */
    public static final Duration MAXIMUM_INTERVAL = Duration.ofHours(1);
}
