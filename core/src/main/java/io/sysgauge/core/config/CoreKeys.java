package io.sysgauge.core.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The configuration keys core owns. Plugin sections are declared by the plugins. */
public final class CoreKeys {

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
    static final String SERVE_HISTORY = "serve.history";
    static final String HOST_PROC = "host.proc";
    static final String HOST_SYS = "host.sys";
    static final String LABELS = "labels";

    /** Every core key; what each means and its default are in README.md and conf/sysgauge.yaml. */
    public static final Set<String> ALL = Set.of(INTERVAL, PID, TREE, DISK_PATHS, CPU_PER_CORE, GPU_DEVICES, PLUGINS_DIR,
            PLUGINS_DISABLED, OUTPUT_DIR, SERVE_LISTEN, SERVE_HISTORY, HOST_PROC, HOST_SYS, LABELS);

    /** Variables bin/sysgauge reads itself; they are not configuration keys. */
    public static final List<String> LAUNCHER_VARIABLES = List.of("SYSGAUGE_JAVA", "SYSGAUGE_JAVA_OPTS");

    private CoreKeys() {}

    /**
     * @param pluginSections for each plugin id, the keys of its section ({@code detect} is always allowed)
     * @return core's keys and every plugin's, in key order
     */
    public static Set<String> with(Map<String, Set<String>> pluginSections) {
        Set<String> known = new TreeSet<>(ALL);
        pluginSections.forEach((id, keys) -> {
            known.add(id + ".detect");
            keys.forEach(key -> known.add(id + "." + key));
        });
        return known;
    }

    /**
     * The environment variable that sets a key: {@code sampling.interval} is
     * {@code SYSGAUGE_SAMPLING_INTERVAL}, {@code amd.rocmSmi} is {@code SYSGAUGE_AMD_ROCM_SMI}.
     */
    public static String environmentVariable(String dottedKey) {
        StringBuilder name = new StringBuilder("SYSGAUGE_");
        for (int i = 0; i < dottedKey.length(); i++) {
            char c = dottedKey.charAt(i);
            if (c == '.' || c == '-') {
                name.append('_');
            } else if (Character.isUpperCase(c) && i > 0 && Character.isLowerCase(dottedKey.charAt(i - 1))) {
                name.append('_').append(c);
            } else {
                name.append(c);
            }
        }
        return name.toString().toUpperCase(Locale.ROOT);
    }
}
