package io.sysgauge.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sysgauge.core.config.Config;
import io.sysgauge.core.config.CoreKeys;
import io.sysgauge.core.config.Settings;
import io.sysgauge.spi.ConfigException;
import io.sysgauge.spi.ConfigSection;
import io.sysgauge.spi.Detect;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    private static final Map<String, Set<String>> PLUGINS = Map.of(
            "nvidia", Set.of("library"),
            "amd", Set.of("smi", "rocmSmi"),
            "openmetrics", Set.of("endpoints", "filters", "headers"));

    @TempDir
    Path dir;

    @Test
    void defaultsWithNoFileNoEnvironmentNoFlags() {
        Settings settings = new ConfigLoader(null, Map.of(), null).load(PLUGINS).settings();

        assertThat(settings.interval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(settings.pid()).isEmpty();
        assertThat(settings.tree()).isTrue();
        assertThat(settings.diskPaths()).containsExactly("/");
        assertThat(settings.gpuDevices().isAll()).isTrue();
        assertThat(settings.pluginsDir()).isEqualTo(Path.of("plugins"));
        assertThat(settings.outputDir()).isEqualTo(Path.of("sysgauge-runs"));
        assertThat(settings.serveListen()).isEqualTo("127.0.0.1:9464");
        assertThat(settings.hostProc()).isEqualTo(Path.of("/proc"));
        assertThat(settings.hostSys()).isEqualTo(Path.of("/sys"));
    }

    @Test
    void hostRootsPointAtAnotherProcAndSysAndMustBeThere() throws IOException {
        Path proc = Files.createDirectories(dir.resolve("host/proc"));
        Files.writeString(proc.resolve("stat"), "cpu  1 0 0 1 0 0 0 0 0 0\n");
        Path sys = Files.createDirectories(dir.resolve("host/sys"));

        Settings settings = new ConfigLoader(null, Map.of("SYSGAUGE_HOST_PROC", proc.toString(), "SYSGAUGE_HOST_SYS", sys.toString()),
                null).load(PLUGINS).settings();

        assertThat(settings.hostProc()).isEqualTo(proc);
        assertThat(settings.hostSys()).isEqualTo(sys);
        assertThatThrownBy(() -> settingsWith("host.proc=" + dir.resolve("nowhere")))
                .hasMessage("host.proc: no such folder '" + dir.resolve("nowhere") + "' (from --set)");
        assertThatThrownBy(() -> settingsWith("host.proc=" + sys))
                .hasMessage("host.proc: '" + sys + "' is not a proc filesystem: it has no readable stat file (from --set)");
        assertThatThrownBy(() -> settingsWith("host.sys=" + proc.resolve("stat")))
                .hasMessage("host.sys: no such folder '" + proc.resolve("stat") + "' (from --set)");
    }

    @Test
    void labelsComeFromTheFileAndFlagsWinAndBadNamesAreRefused() throws IOException {
        Files.writeString(dir.resolve("labels.yaml"), "labels:\n  job: llama-70b\n  node: 7\n");

        Settings settings = new ConfigLoader(null, Map.of(), dir.resolve("labels.yaml")).flag("labels.node", "8", "--label")
                .set(List.of("labels.team=vision")).load(PLUGINS).settings();

        assertThat(settings.labels()).containsExactly(Map.entry("job", "llama-70b"), Map.entry("node", "8"),
                Map.entry("team", "vision"));
        assertThat(new ConfigLoader(null, Map.of(), null).load(PLUGINS).settings().labels()).isEmpty();
        assertThatThrownBy(() -> settingsWith("labels.bad-name=x"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("labels.bad-name: a label name is letters, digits and '_', not starting with a digit,"
                        + " got 'bad-name' (from --set)");
        assertThatThrownBy(() -> settingsWith("labels=demo"))
                .hasMessage("labels: expected a mapping like {job: llama-70b, node: 7}, got 'demo' (from --set)");
        assertThatThrownBy(() -> settingsWith("labels.job=[a, b]"))
                .hasMessage("labels.job: expected a single value, got a list [a, b] (from --set)");
    }

    @Test
    void pluginsDefaultToTheInstallFolderAndItsConfigFileIsRead() throws IOException {
        Files.createDirectories(dir.resolve("conf"));
        Files.writeString(dir.resolve("conf/sysgauge.yaml"), "sampling:\n  interval: 5s\n");

        Settings settings = new ConfigLoader(dir, Map.of(), null).load(PLUGINS).settings();

        assertThat(settings.pluginsDir()).isEqualTo(dir.resolve("plugins"));
        assertThat(settings.interval()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void layersOverrideInOrderFileEnvironmentFlagSet() throws IOException {
        Path file = write("sampling:\n  interval: 5s\ndisk.paths: [/, /data]\nprocess:\n  tree: false\n");
        Map<String, String> environment = Map.of(
                "SYSGAUGE_SAMPLING_INTERVAL", "4s",
                "SYSGAUGE_PROCESS_TREE", "true",
                "SYSGAUGE_OUTPUT_DIR", "/env/out");

        Settings settings = new ConfigLoader(null, environment, file)
                .flag("sampling.interval", "3s", "--interval")
                .flag("output.dir", "/flag/out", "--out")
                .set(List.of("sampling.interval=2s"))
                .load(PLUGINS).settings();

        assertThat(settings.interval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.outputDir()).isEqualTo(Path.of("/flag/out"));
        assertThat(settings.tree()).isTrue();
        assertThat(settings.diskPaths()).containsExactly("/", "/data");
    }

    @Test
    void setParsesItsValueAsYaml() {
        Config config = new ConfigLoader(null, Map.of(), null)
                .set(List.of("disk.paths=[/,/data]", "gpu.devices=[0, 2]",
                        "openmetrics.endpoints.dcgm=http://127.0.0.1:9400/metrics",
                        "openmetrics.endpoints.node=http://127.0.0.1:9100/metrics",
                        "openmetrics.headers={Authorization: Bearer x}"))
                .load(PLUGINS);

        assertThat(config.settings().diskPaths()).containsExactly("/", "/data");
        assertThat(config.settings().gpuDevices().indices()).containsExactly(0, 2);
        ConfigSection openmetrics = config.section("openmetrics");
        assertThat(openmetrics.stringMap("endpoints")).containsExactly(
                Map.entry("dcgm", "http://127.0.0.1:9400/metrics"),
                Map.entry("node", "http://127.0.0.1:9100/metrics"));
        assertThat(openmetrics.stringMap("headers")).containsEntry("Authorization", "Bearer x");
    }

    @Test
    void anEmptySetValueRestoresTheDefault() throws IOException {
        Path file = write("sampling.interval: 5s\n");

        Settings settings = new ConfigLoader(null, Map.of(), file).set(List.of("sampling.interval=")).load(PLUGINS).settings();

        assertThat(settings.interval()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void environmentVariablesFollowTheKeysSpelling() {
        Config config = new ConfigLoader(null, Map.of(
                "SYSGAUGE_AMD_ROCM_SMI", "/opt/rocm/bin/rocm-smi",
                "SYSGAUGE_NVIDIA_DETECT", "force",
                "SYSGAUGE_CPU_PER_CORE", "true",
                "SYSGAUGE_GPU_DEVICES", "1,3",
                "SYSGAUGE_JAVA_OPTS", "-Xmx64m"), null).load(PLUGINS);

        assertThat(config.section("amd").string("rocmSmi")).contains("/opt/rocm/bin/rocm-smi");
        assertThat(config.section("nvidia").detect()).isEqualTo(Detect.FORCE);
        assertThat(config.settings().cpuPerCore()).isTrue();
        assertThat(config.settings().gpuDevices().indices()).containsExactly(1, 3);
    }

    @Test
    void unknownKeyInTheFileNamesKeyFileAndTheClosestKnownKey() throws IOException {
        Path file = write("sampling:\n  intervall: 5s\n");

        assertThatThrownBy(() -> new ConfigLoader(null, Map.of(), file).load(PLUGINS))
                .isInstanceOf(ConfigException.class)
                .hasMessage("sampling.intervall: unknown key; did you mean sampling.interval? (from " + file + ")");
    }

    @Test
    void unknownSectionSaysNoPluginOwnsIt() {
        assertThatThrownBy(() -> new ConfigLoader(null, Map.of(), null).set(List.of("gaudi.detect=force")).load(PLUGINS))
                .hasMessageStartingWith("gaudi.detect: unknown key (no installed plugin has a section 'gaudi')")
                .hasMessageEndingWith("(from --set)");
    }

    @Test
    void pluginKeysAreKnownOnlyOnceThePluginsAre() {
        ConfigLoader loader = new ConfigLoader(null, Map.of(), null).set(List.of("nvidia.library=/lib/libnvidia-ml.so.1"));

        assertThat(loader.loadCoreOnly().section("nvidia").string("library")).contains("/lib/libnvidia-ml.so.1");
        assertThat(loader.load(PLUGINS).section("nvidia").string("library")).contains("/lib/libnvidia-ml.so.1");
        assertThatThrownBy(() -> loader.load(Map.of())).hasMessageStartingWith("nvidia.library: unknown key");
        assertThatThrownBy(() -> new ConfigLoader(null, Map.of(), null).set(List.of("nvidia.libary=x")).load(PLUGINS))
                .hasMessageContaining("did you mean nvidia.library?");
    }

    @Test
    void unknownEnvironmentVariableIsAnError() {
        assertThatThrownBy(() -> new ConfigLoader(null, Map.of("SYSGAUGE_SAMPLING_INTERVALL", "5s"), null).load(PLUGINS))
                .hasMessageStartingWith("SYSGAUGE_SAMPLING_INTERVALL: no configuration key is set by this environment variable");
    }

    @Test
    void badValuesNameTheKeyTheValueAndWhereItCameFrom() {
        assertThatThrownBy(() -> settingsWith("sampling.interval=fast"))
                .hasMessage("sampling.interval: expected a duration like 250ms, 5s or 1m, got 'fast' (from --set)");
        assertThatThrownBy(() -> settingsWith("sampling.interval=50ms"))
                .hasMessage("sampling.interval: must be at least 100ms, got 50ms (from --set)");
        assertThatThrownBy(() -> settingsWith("process.pid=abc"))
                .hasMessageStartingWith("process.pid: expected a process id");
        assertThatThrownBy(() -> settingsWith("process.tree=maybe"))
                .hasMessageStartingWith("process.tree: expected true or false");
        assertThatThrownBy(() -> settingsWith("gpu.devices=[0, x]"))
                .hasMessageStartingWith("gpu.devices: expected device indices");
        assertThatThrownBy(() -> settingsWith("serve.listen=localhost"))
                .hasMessageStartingWith("serve.listen: expected host:port");
        assertThatThrownBy(() -> settingsWith("disk.paths={a: b}"))
                .hasMessageStartingWith("disk.paths: expected a list");
        assertThatThrownBy(() -> settingsWith("novalue"))
                .hasMessage("novalue: --set takes key=value, got 'novalue'");
        assertThatThrownBy(() -> settingsWith("sampling.interval=61m"))
                .hasMessage("sampling.interval: must be at most 1h, got 61m (from --set)");
        assertThatThrownBy(() -> settingsWith("process.tree={a: 1, b: 2}"))
                .hasMessage("process.tree: expected true or false, got a mapping of a, b (from --set)");
    }

    @Test
    void badValueFromTheEnvironmentNamesTheVariable() {
        assertThatThrownBy(() -> new ConfigLoader(null, Map.of("SYSGAUGE_SAMPLING_INTERVAL", "soon"), null).load(PLUGINS))
                .hasMessageEndingWith("(from SYSGAUGE_SAMPLING_INTERVAL)");
    }

    @Test
    void pluginSectionGettersCheckShapes() {
        Config config = new ConfigLoader(null, Map.of(), null)
                .set(List.of("amd.smi=[a, b]", "nvidia.detect=sometimes", "openmetrics.endpoints=http://x"))
                .load(PLUGINS);

        assertThatThrownBy(() -> config.section("amd").string("smi"))
                .hasMessage("amd.smi: expected a single value, got a list [a, b] (from --set)");
        assertThatThrownBy(() -> config.section("nvidia").detect())
                .hasMessage("nvidia.detect: expected auto, force or off, got 'sometimes' (from --set)");
        assertThatThrownBy(() -> config.section("openmetrics").stringMap("endpoints"))
                .hasMessageStartingWith("openmetrics.endpoints: expected a mapping");
        assertThat(config.section("amd").strings("smi")).containsExactly("a", "b");
        assertThat(config.section("amd").detect()).isEqualTo(Detect.AUTO);
    }

    @Test
    void sectionReadsBooleansDurationsAndRawValues() {
        Config config = new ConfigLoader(null, Map.of(), null)
                .set(List.of("openmetrics.filters=[a.*, b]", "amd.smi=yes", "amd.rocmSmi=2m"))
                .load(PLUGINS);

        assertThat(config.section("amd").bool("smi", false)).isTrue();
        assertThat(config.section("amd").bool("missing", true)).isTrue();
        assertThat(config.section("amd").duration("rocmSmi")).contains(Duration.ofMinutes(2));
        assertThat(config.section("openmetrics").raw("filters")).contains(List.of("a.*", "b"));
        assertThat(config.section("openmetrics").strings("headers")).isEmpty();
    }

    @Test
    void unreadableOrMalformedFilesAreOneLineErrors() throws IOException {
        Path missing = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> new ConfigLoader(null, Map.of(), missing).load(PLUGINS))
                .hasMessage("--config: cannot read " + missing + " (no such file or folder)");

        Path broken = write("sampling: [unclosed\n");
        assertThatThrownBy(() -> new ConfigLoader(null, Map.of(), broken).load(PLUGINS))
                .hasMessageStartingWith("--config: " + broken + " is not valid YAML at line")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));

        Path scalar = write("just text\n");
        assertThatThrownBy(() -> new ConfigLoader(null, Map.of(), scalar).load(PLUGINS))
                .hasMessage("--config: " + scalar + " must hold a YAML mapping of keys, got 'just text'");
        Path list = write("- a\n- b\n");
        assertThatThrownBy(() -> new ConfigLoader(null, Map.of(), list).load(PLUGINS))
                .hasMessage("--config: " + list + " must hold a YAML mapping of keys, got a list [a, b]");
    }

    @Test
    void aFileOfCommentsIsEmpty() throws IOException {
        Path file = write("# sampling:\n#   interval: 5s\n\n");

        assertThat(new ConfigLoader(null, Map.of(), file).load(PLUGINS).settings().interval()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void detectOffReadsAsOffThoughYamlCallsItFalse() throws IOException {
        Path file = write("nvidia:\n  detect: off\n");

        assertThat(new ConfigLoader(null, Map.of(), file).load(PLUGINS).section("nvidia").detect()).isEqualTo(Detect.OFF);
        assertThat(new ConfigLoader(null, Map.of(), null).set(List.of("amd.detect=off")).load(PLUGINS).section("amd").detect())
                .isEqualTo(Detect.OFF);
    }

    @Test
    void environmentNamesSplitCamelCase() {
        assertThat(CoreKeys.environmentVariable("sampling.interval")).isEqualTo("SYSGAUGE_SAMPLING_INTERVAL");
        assertThat(CoreKeys.environmentVariable("amd.rocmSmi")).isEqualTo("SYSGAUGE_AMD_ROCM_SMI");
        assertThat(CoreKeys.environmentVariable("trainium.neuronMonitor")).isEqualTo("SYSGAUGE_TRAINIUM_NEURON_MONITOR");
    }

    private Settings settingsWith(String assignment) {
        return new ConfigLoader(null, Map.of(), null).set(List.of(assignment)).load(PLUGINS).settings();
    }

    private Path write(String yaml) throws IOException {
        Path file = Files.createTempFile(dir, "sysgauge", ".yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
