package io.sysgauge.core.config;

import io.sysgauge.spi.ConfigException;
import io.sysgauge.spi.ConfigSection;
import io.sysgauge.spi.ConfigValues;
import io.sysgauge.spi.DeviceSelection;
import io.sysgauge.spi.MapConfigSection;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** The resolved configuration: core's typed {@link Settings} and every collector's section. */
public final class Config {

    private final ConfigTree tree;
    private final Settings settings;

    private Config(ConfigTree tree, Path home) {
        this.tree = tree;
        this.settings = resolveSettings(home);
    }

    /**
     * Resolves core's keys; other sections are kept but not checked yet (plugins are not found).
     *
     * @param tree the layers, merged
     * @param home the installation folder, or null outside a distribution
     * @return the configuration
     * @throws ConfigException for a bad core value
     */
    public static Config coreOnly(ConfigTree tree, Path home) {
        return new Config(tree, home);
    }

    /**
     * Resolves everything and rejects keys that neither core nor a plugin owns.
     *
     * @param tree the layers, merged
     * @param known every key core and the plugins own ({@link CoreKeys#with})
     * @param home the installation folder, or null outside a distribution
     * @return the configuration
     * @throws ConfigException naming the first unknown or malformed key and its source
     */
    public static Config checked(ConfigTree tree, Set<String> known, Path home) {
        new KeyChecker(known, tree).check();
        return new Config(tree, home);
    }

    /**
     * A configuration from values already parsed, checked as the command line's layers are: for
     * programs and tests that read no file.
     *
     * @param values dotted keys with their values ({@code "disk.paths" -> List.of("/")})
     * @param pluginSections for each plugin id, the keys of its section
     * @return the configuration
     * @throws ConfigException naming the first unknown or malformed key
     */
    public static Config of(Map<String, ?> values, Map<String, Set<String>> pluginSections) {
        ConfigTree tree = new ConfigTree();
        values.forEach((key, value) -> tree.put(key, value, "the given values"));
        return checked(tree, CoreKeys.with(pluginSections), null);
    }

    /** @return core's settings */
    public Settings settings() {
        return settings;
    }

    /**
     * @param collectorId a collector id, which names its section
     * @return that section, possibly empty
     */
    public ConfigSection section(String collectorId) {
        // A section set to a scalar (`nvidia: 5`) has no keys, as an absent one; KeyChecker reports it.
        Map<String, ?> values = tree.get(collectorId).orElse(null) instanceof Map<?, ?> map ? strings(map) : Map.of();
        return MapConfigSection.of(collectorId, values, tree::originOf);
    }

    // YAML mapping keys are strings here: ConfigTree stores every key by its text.
    @SuppressWarnings("unchecked")
    private static Map<String, ?> strings(Map<?, ?> map) {
        return (Map<String, ?>) map;
    }

    private Settings resolveSettings(Path home) {
        Duration interval = value(CoreKeys.INTERVAL).map(v -> duration(CoreKeys.INTERVAL, v)).orElse(Duration.ofSeconds(15));
        if (interval.compareTo(Settings.MINIMUM_INTERVAL) < 0) {
            throw problem(CoreKeys.INTERVAL, "must be at least 100ms, got " + Durations.format(interval));
        }
        if (interval.compareTo(Settings.MAXIMUM_INTERVAL) > 0) {
            throw problem(CoreKeys.INTERVAL, "must be at most 1h, got " + Durations.format(interval));
        }
        OptionalLong pid = value(CoreKeys.PID).map(v -> OptionalLong.of(pid(v))).orElse(OptionalLong.empty());
        boolean tree = value(CoreKeys.TREE).map(v -> bool(CoreKeys.TREE, v)).orElse(true);
        List<String> diskPaths = value(CoreKeys.DISK_PATHS).map(v -> texts(CoreKeys.DISK_PATHS, v)).orElse(List.of("/"));
        boolean perCore = value(CoreKeys.CPU_PER_CORE).map(v -> bool(CoreKeys.CPU_PER_CORE, v)).orElse(false);
        DeviceSelection devices = value(CoreKeys.GPU_DEVICES).map(this::devices).orElse(DeviceSelection.all());
        Path defaultPlugins = home == null ? Path.of("plugins") : home.resolve("plugins");
        Path pluginsDir = value(CoreKeys.PLUGINS_DIR).map(v -> path(CoreKeys.PLUGINS_DIR, v)).orElse(defaultPlugins);
        List<String> disabled = value(CoreKeys.PLUGINS_DISABLED).map(v -> texts(CoreKeys.PLUGINS_DISABLED, v)).orElse(List.of());
        Path outputDir = value(CoreKeys.OUTPUT_DIR).map(v -> path(CoreKeys.OUTPUT_DIR, v)).orElse(Path.of("sysgauge-runs"));
        String listen = value(CoreKeys.SERVE_LISTEN).map(this::listenAddress).orElse("127.0.0.1:9464");
        int history = value(CoreKeys.SERVE_HISTORY).map(this::history).orElse(3600);
        Path hostProc = value(CoreKeys.HOST_PROC).map(v -> hostFolder(CoreKeys.HOST_PROC, v, "stat")).orElse(Path.of("/proc"));
        Path hostSys = value(CoreKeys.HOST_SYS).map(v -> hostFolder(CoreKeys.HOST_SYS, v, null)).orElse(Path.of("/sys"));
        Map<String, String> labels = value(CoreKeys.LABELS).map(this::labels).orElse(Map.of());
        return new Settings(interval, pid, tree, diskPaths, perCore, devices, pluginsDir,
                new LinkedHashSet<>(disabled), outputDir, listen, history, hostProc, hostSys, labels);
    }

    // A map of label names to scalar values, in the order given; names as Prometheus and OTLP backends take them.
    private Map<String, String> labels(Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            throw problem(CoreKeys.LABELS, "expected a mapping like {job: llama-70b, node: 7}, got " + ConfigValues.describe(value));
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String name = String.valueOf(entry.getKey());
            String key = CoreKeys.LABELS + "." + name;
            if (!Settings.LABEL_NAME.matcher(name).matches()) {
                throw problem(key, "a label name is letters, digits and '_', not starting with a digit, got '" + name + "'");
            }
            if (entry.getValue() == null) {
                continue; // unset, as --set labels.job= does
            }
            labels.put(name, text(key, entry.getValue()));
        }
        return Collections.unmodifiableMap(labels);
    }

    // Checked only when set: without /proc (macOS, Windows) the defaults mean "read through OSHI".
    private Path hostFolder(String key, Object value, String requiredFile) {
        Path folder = path(key, text(key, value).strip());
        if (!Files.isDirectory(folder)) {
            throw problem(key, "no such folder '" + folder + "'");
        }
        if (requiredFile != null && !Files.isReadable(folder.resolve(requiredFile))) {
            throw problem(key, "'" + folder + "' is not a proc filesystem: it has no readable " + requiredFile + " file");
        }
        return folder;
    }

    // A NUL or another character the file system cannot name is a bad value, not an internal error.
    private Path path(String key, Object value) {
        String text = text(key, value);
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw problem(key, "'" + text + "' cannot be a path here (" + e.getReason() + ")");
        }
    }

    private Optional<Object> value(String key) {
        return tree.get(key);
    }

    private Duration duration(String key, Object value) {
        try {
            return Durations.parse(text(key, value));
        } catch (IllegalArgumentException e) {
            throw problem(key, e.getMessage());
        }
    }

    private long pid(Object value) {
        String text = text(CoreKeys.PID, value);
        try {
            long pid = Long.parseLong(text.strip());
            if (pid > 0) {
                return pid;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw problem(CoreKeys.PID, "expected a process id (a positive whole number), got '" + text + "'");
    }

    private boolean bool(String key, Object value) {
        return ConfigValues.bool(value).orElseThrow(() -> problem(key, "expected true or false, got " + ConfigValues.describe(value)));
    }

    private String text(String key, Object value) {
        if (value instanceof Map || value instanceof List) {
            throw problem(key, "expected a single value, got " + ConfigValues.describe(value));
        }
        return String.valueOf(value);
    }

    private List<String> texts(String key, Object value) {
        if (value instanceof Map) {
            throw problem(key, "expected a list like [a, b], got " + ConfigValues.describe(value));
        }
        List<String> result = new ArrayList<>();
        for (Object item : value instanceof List<?> list ? list : List.of(value)) {
            result.add(text(key, item));
        }
        return List.copyOf(result);
    }

    private DeviceSelection devices(Object value) {
        if ("all".equals(String.valueOf(value).strip())) {
            return DeviceSelection.all();
        }
        List<Integer> indices = new ArrayList<>();
        List<String> items = value instanceof String text ? List.of(text.split(",")) : texts(CoreKeys.GPU_DEVICES, value);
        for (String item : items) {
            try {
                int index = Integer.parseInt(item.strip());
                if (index >= 0) {
                    indices.add(index);
                    continue;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw problem(CoreKeys.GPU_DEVICES, "expected device indices like [0, 1] or 'all', got " + ConfigValues.describe(value));
        }
        return DeviceSelection.of(indices);
    }

    // At least one record; at most a million (~0.8 GB at 100 keys) guards against a typo exhausting the heap.
    private int history(Object value) {
        String text = text(CoreKeys.SERVE_HISTORY, value).strip();
        try {
            int records = Integer.parseInt(text);
            if (records >= 1 && records <= 1_000_000) {
                return records;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw problem(CoreKeys.SERVE_HISTORY, "expected a number of records from 1 to 1000000, got '" + text + "'");
    }

    private String listenAddress(Object value) {
        String address = text(CoreKeys.SERVE_LISTEN, value).strip();
        int colon = address.lastIndexOf(':');
        if (colon >= 0) {
            try {
                int port = Integer.parseInt(address.substring(colon + 1));
                if (port >= 0 && port <= 65535) {
                    return address;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw problem(CoreKeys.SERVE_LISTEN, "expected host:port like 127.0.0.1:9464, got '" + address + "'");
    }

    private ConfigException problem(String key, String what) {
        return new ConfigException(key, what + " (from " + tree.originOf(key) + ")");
    }
}
