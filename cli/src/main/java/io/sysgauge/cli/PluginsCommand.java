package io.sysgauge.cli;

import io.sysgauge.core.config.Config;
import io.sysgauge.core.platform.ProcessCommandRunner;
import io.sysgauge.core.plugin.ContextClassLoader;
import io.sysgauge.core.plugin.InstalledPlugin;
import io.sysgauge.core.plugin.LoadedPlugins;
import io.sysgauge.core.plugin.SkippedJar;
import io.sysgauge.core.session.CollectorStatus;
import io.sysgauge.core.session.Session;
import io.sysgauge.events.Json;
import io.sysgauge.events.Metadata;
import io.sysgauge.recorder.HostWiring;
import io.sysgauge.spi.ExportContext;
import io.sysgauge.spi.MetricExporter;
import io.sysgauge.spi.ScrapedExporter;
import io.sysgauge.spi.SpiVersion;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sysgauge plugins}: what is installed, which versions, and what each found. */
@Command(name = "plugins", sortOptions = false, mixinStandardHelpOptions = true,
        subcommands = {PluginsVerifyCommand.class, PluginsInstallCommand.class},
        description = {
            "List the installed plugins with their own versions, and probe each one:",
            "present (its hardware was found) or absent, with the reason. A probe that takes more",
            "than 10s (a vendor tool that hangs) is given up and the plugin listed absent.",
            "Jars in the plugins folder that could not be loaded are listed with the reason.",
            "Add a plugin with 'plugins install JAR' (or by copying its jar into the plugins folder);",
            "remove one by deleting its jar. 'plugins verify JAR' checks a jar without installing it."})
final class PluginsCommand implements Callable<Integer> {

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table (default) or json.")
    Format format;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Startup.Prepared prepared = Startup.prepare(Startup.loader(common));
        try (LoadedPlugins plugins = prepared.plugins();
                Session session = Session.open(prepared.config(), plugins, HostWiring.builtIns(
                        HostWiring.environment(prepared.config().settings()), prepared.config().settings(),
                        prepared.config().settings().pid(), false), new ProcessCommandRunner())) {
            // A probe that hangs is given up at the time-out, so this ends.
            session.awaitProbes(Session.PROBE_TIMEOUT.plusSeconds(1));
            PrintWriter out = spec.commandLine().getOut();
            if (format == Format.json) {
                Map<String, Object> report = new LinkedHashMap<>();
                report.put("pluginsDir", plugins.directory().toAbsolutePath().normalize().toString());
                report.put("spi", SpiVersion.current());
                report.putAll(Metadata.plugins(plugins, session.statuses()));
                out.println(Json.pretty(report));
                out.flush();
            } else {
                table(plugins, prepared.config(), session.statuses(), out);
            }
        }
        return 0;
    }

    // As run and serve decide it (MetricExporter.active); one that cannot tell is started, and start says why it fails.
    private static boolean wouldStart(InstalledPlugin plugin, MetricExporter exporter, String id, Config config) {
        ExportContext context = ExportContext.of(config.section(id), Map.of(), config.settings().interval());
        return ContextClassLoader.call(plugin.classLoader(), () -> {
            try {
                return exporter.active(context);
            } catch (RuntimeException | LinkageError e) {
                return true;
            }
        });
    }

    private static void table(LoadedPlugins plugins, Config config, List<CollectorStatus> statuses, PrintWriter out) {
        List<String[]> rows = new ArrayList<>();
        for (InstalledPlugin plugin : plugins.plugins()) {
            for (CollectorStatus status : statuses) {
                if (status.plugin() == plugin) {
                    rows.add(new String[] {plugin.id(), plugin.version(), status.state(), details(status)});
                }
            }
            for (MetricExporter exporter : plugin.exporters()) {
                String id = ContextClassLoader.call(plugin.classLoader(), exporter::id);
                String starts = exporter instanceof ScrapedExporter scraped
                        ? "serves " + ContextClassLoader.call(plugin.classLoader(), scraped::path) + " with serve and run --listen"
                        : wouldStart(plugin, exporter, id, config) ? "starts with run and serve"
                        : "not started: nothing configured";
                rows.add(new String[] {plugin.id(), plugin.version(), "exporter", starts + "; section " + id});
            }
        }
        out.printf("Plugins folder: %s (plugin SPI %s)%n%n", plugins.directory().toAbsolutePath().normalize(), SpiVersion.current());
        if (rows.isEmpty()) {
            out.println("No plugins installed: copy plugin jars into the folder above, or set plugins.dir.");
        } else {
            Output.columns(List.of("PLUGIN", "VERSION", "STATUS", "DETAILS"), rows.toArray(String[][]::new), out);
        }
        for (SkippedJar jar : plugins.skipped()) {
            out.printf("%nSkipped %s: %s%n", jar.jar().getFileName(), jar.reason());
        }
        out.flush();
    }

    private static String details(CollectorStatus status) {
        if (status.reason() != null) {
            return status.reason();
        }
        // Lists and maps (one entry per device, say) would swamp the table; --format json has them.
        return status.metadata().entrySet().stream()
                .filter(entry -> !(entry.getValue() instanceof Iterable<?> || entry.getValue() instanceof Map<?, ?>))
                .map(entry -> entry.getKey() + "=" + entry.getValue())
                .collect(Collectors.joining(", "));
    }
}
