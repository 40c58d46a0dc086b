package io.sysgauge.cli.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sysgauge.core.config.Config;
import io.sysgauge.core.config.ConfigTree;
import io.sysgauge.core.config.CoreKeys;
import io.sysgauge.core.platform.IoErrors;
import io.sysgauge.spi.ConfigException;
import io.sysgauge.spi.ConfigValues;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds the configuration from its layers, each overriding the one before: the YAML file
 * ({@code --config FILE}, else {@code <install>/conf/sysgauge.yaml} when present),
 * {@code SYSGAUGE_*} environment variables, command-line flags, then {@code --set key=value}.
 *
 * <p>Loading happens twice: {@link #loadCoreOnly()} before plugins are found (it needs
 * {@code plugins.dir}), then {@link #load(Map)} with the plugins' sections, which rejects any
 * key nobody owns.
 */
public final class ConfigLoader {

    // Created on first use: most start-ups read a comments-only file and no --set, and skip it.
    private static final class Yaml {
        static final ObjectMapper MAPPER = new ObjectMapper(new YAMLFactory());
    }

    private final Path home;
    private final Map<String, String> environment;
    private final Path explicitFile;
    private final Map<String, Object> flagValues = new LinkedHashMap<>();
    private final Map<String, String> flagNames = new HashMap<>();
    private final List<String> assignments = new ArrayList<>();
    private Map<?, ?> fileContents;
    private String fileOrigin;

    /**
     * @param home the installation folder (holds {@code conf/} and {@code plugins/}); null when
     *     running outside a distribution
     * @param environment the process environment
     * @param explicitFile the {@code --config} file, or null
     */
    public ConfigLoader(Path home, Map<String, String> environment, Path explicitFile) {
        this.home = home;
        this.environment = Map.copyOf(environment);
        this.explicitFile = explicitFile;
    }

    /**
     * Adds a value given by a dedicated flag, such as {@code --interval 5s}.
     *
     * @param key the dotted key the flag sets
     * @param value its value
     * @param flagName the flag, for error messages
     * @return this loader
     */
    public ConfigLoader flag(String key, Object value, String flagName) {
        flagValues.put(key, value);
        flagNames.put(key, flagName);
        return this;
    }

    /**
     * Adds {@code --set} assignments.
     *
     * @param keyValues entries like {@code disk.paths=[/,/data]}
     * @return this loader
     */
    public ConfigLoader set(Collection<String> keyValues) {
        assignments.addAll(keyValues);
        return this;
    }

    /**
     * Resolves core's keys; plugin sections are kept but not checked yet.
     *
     * @return the configuration
     * @throws ConfigException for an unreadable file or a bad core value
     */
    public Config loadCoreOnly() {
        return Config.coreOnly(build(null), home);
    }

    /**
     * Resolves everything and rejects keys that neither core nor a plugin owns.
     *
     * @param pluginSections for each plugin id, the keys of its section ({@code detect} is
     *     always allowed)
     * @return the configuration
     * @throws ConfigException naming the first unknown or malformed key and its source
     */
    public Config load(Map<String, Set<String>> pluginSections) {
        Set<String> known = CoreKeys.with(pluginSections);
        return Config.checked(build(known), known, home);
    }

    // known == null: lenient about everything but core keys.
    private ConfigTree build(Set<String> known) {
        ConfigTree tree = new ConfigTree();
        readFile();
        if (fileContents != null) {
            tree.merge(fileContents, fileOrigin);
        }
        applyEnvironment(tree, known);
        flagValues.forEach((key, value) -> tree.put(key, value, flagNames.get(key)));
        for (String assignment : assignments) {
            int equals = assignment.indexOf('=');
            if (equals <= 0) {
                throw new ConfigException(assignment, "--set takes key=value, got '" + assignment + "'");
            }
            String key = assignment.substring(0, equals).strip();
            tree.put(key, parseValue(key, assignment.substring(equals + 1), "--set"), "--set");
        }
        return tree;
    }

    private void readFile() {
        if (fileOrigin != null) {
            return;
        }
        Path file = explicitFile;
        if (file == null) {
            Path installed = home == null ? null : home.resolve("conf/sysgauge.yaml");
            if (installed == null || !Files.isRegularFile(installed)) {
                fileOrigin = "defaults";
                return;
            }
            file = installed;
        }
        fileOrigin = file.toString();
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException("--config", "cannot read " + file + " (" + IoErrors.describe(e) + ")");
        }
        if (text.lines().allMatch(line -> line.isBlank() || line.stripLeading().startsWith("#"))) {
            return; // the shipped file is all comments: skip the YAML parser at start-up
        }
        try {
            Object parsed = Yaml.MAPPER.readValue(text, Object.class);
            if (parsed != null && !(parsed instanceof Map)) {
                throw new ConfigException("--config", file + " must hold a YAML mapping of keys, got "
                        + ConfigValues.describe(parsed));
            }
            fileContents = (Map<?, ?>) parsed;
        } catch (JsonProcessingException e) {
            String location = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw new ConfigException("--config", file + " is not valid YAML" + location + ": " + firstLines(e.getOriginalMessage()));
        }
    }

    private void applyEnvironment(ConfigTree tree, Set<String> known) {
        Map<String, String> keyByVariable = new HashMap<>();
        for (String key : known == null ? CoreKeys.ALL : known) {
            keyByVariable.put(CoreKeys.environmentVariable(key), key);
        }
        new TreeSet<>(environment.keySet()).forEach(variable -> {
            if (!variable.startsWith("SYSGAUGE_") || CoreKeys.LAUNCHER_VARIABLES.contains(variable)) {
                return;
            }
            String key = keyByVariable.get(variable);
            if (key != null) {
                tree.put(key, parseValue(variable, environment.get(variable), variable), variable);
            } else if (known != null) {
                throw new ConfigException(variable, "no configuration key is set by this environment variable"
                        + " (keys map to variables like sampling.interval -> SYSGAUGE_SAMPLING_INTERVAL)");
            }
        });
    }

    /** A value is YAML: {@code [/,/data]} is a list, {@code {a: b}} a mapping, empty unsets. */
    private static Object parseValue(String key, String text, String origin) {
        if (text.isBlank()) {
            return null;
        }
        try {
            return Yaml.MAPPER.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            throw new ConfigException(key, "cannot parse '" + text + "' (from " + origin + "): " + firstLines(e.getOriginalMessage()));
        }
    }

    // YAML parser messages span lines with a source excerpt; keep the sentences only.
    private static String firstLines(String message) {
        return String.join("; ", message.lines().filter(line -> !line.isBlank() && !Character.isWhitespace(line.charAt(0))).toList());
    }
}
