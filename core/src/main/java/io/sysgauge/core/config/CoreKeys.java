package io.sysgauge.core.config;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The configuration keys core owns. Plugin sections are declared by the plugins. */
final class CoreKeys {

    static final String INTERVAL = "sampling.interval";
    static final String PID = "process.pid";
    static final String TREE = "process.tree";
    static final String DISK_PATHS = "disk.paths";
    static final String CPU_PER_CORE = "cpu.perCore";
    static final String GPU_DEVICES = "gpu.devices";
    static final String PLUGINS_DIR = "plugins.dir";
    static final String PLUGINS_DISABLED = "plugins.disabled";
    static final String OUTPUT_DIR = "output.dir";
    static final String SERVE_LISTEN = "serve.listen";

    static final List<KeySpec> ALL = List.of(
            new KeySpec(INTERVAL, ValueType.DURATION, "tick period, at least 100ms (default 15s)"),
            new KeySpec(PID, ValueType.PID, "root pid of the monitored process tree (default: the run's child)"),
            new KeySpec(TREE, ValueType.BOOLEAN, "include the root's descendants (default true)"),
            new KeySpec(DISK_PATHS, ValueType.TEXT_LIST, "paths reported as disk.{path}.* (default [/])"),
            new KeySpec(CPU_PER_CORE, ValueType.BOOLEAN, "also write cpu.{c}.cpu_percent per logical CPU (default false)"),
            new KeySpec(GPU_DEVICES, ValueType.DEVICE_LIST, "accelerator indices to report, or 'all' (default all)"),
            new KeySpec(PLUGINS_DIR, ValueType.TEXT, "folder of plugin jars (default <install>/plugins)"),
            new KeySpec(PLUGINS_DISABLED, ValueType.TEXT_LIST, "plugin ids not to start (default [])"),
            new KeySpec(OUTPUT_DIR, ValueType.TEXT, "where run directories go (default ./sysgauge-runs)"),
            new KeySpec(SERVE_LISTEN, ValueType.LISTEN_ADDRESS, "address for /metrics and the dashboard (default 127.0.0.1:9464)"));

    static final Map<String, KeySpec> BY_KEY =
            ALL.stream().collect(Collectors.toUnmodifiableMap(KeySpec::key, Function.identity()));

    /** Variables the launcher reads itself; they are not configuration keys. */
    static final List<String> LAUNCHER_VARIABLES =
            List.of("SYSGAUGE_HOME", "SYSGAUGE_JAVA", "SYSGAUGE_JAVA_OPTS", "SYSGAUGE_OPTS");

    private CoreKeys() {}
}
