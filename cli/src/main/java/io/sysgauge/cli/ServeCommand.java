package io.sysgauge.cli;

import io.sysgauge.cli.config.ConfigLoader;
import io.sysgauge.core.config.Durations;
import io.sysgauge.core.config.Settings;
import io.sysgauge.core.export.ExporterHost;
import io.sysgauge.core.export.Exporters;
import io.sysgauge.core.platform.ProcessCommandRunner;
import io.sysgauge.core.plugin.LoadedPlugins;
import io.sysgauge.core.sampling.Sampler;
import io.sysgauge.core.session.Session;
import io.sysgauge.events.Metadata;
import io.sysgauge.host.HostEnvironment;
import io.sysgauge.recorder.HostWiring;
import io.sysgauge.recorder.Signals;
import io.sysgauge.spi.ConfigException;
import io.sysgauge.views.live.DashboardHandler;
import io.sysgauge.views.live.RecentRecords;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sysgauge serve}: sample on and on, and show the newest values on /metrics for Prometheus. */
@Command(name = "serve", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
            "Sample until stopped (SIGINT or SIGTERM) and expose the newest values on /metrics for Prometheus.",
            "",
            "  sysgauge serve                          http://127.0.0.1:9464/metrics, every 15s",
            "  sysgauge serve --listen 0.0.0.0:9464    reachable from other machines: a deliberate choice",
            "  sysgauge serve --pid 1234               also the process tree of 1234, and its GPU share",
            "",
            "http://127.0.0.1:9464/ is a live page with a chart per metric over the last serve.history records.",
            "Names follow the keys: gpu.0.powerWatts is sysgauge_gpu_power_watts{gpu=\"0\"}."})
final class ServeCommand implements Callable<Integer> {

    @Mixin
    ScopeOptions scope;

    @Option(names = "--interval", paramLabel = "D", description = "Sampling interval: 250ms, 5s, 1m (default 15s).")
    String interval;

    @Option(names = "--listen", paramLabel = "HOST:PORT",
            description = "Address of /metrics (default 127.0.0.1:9464, this machine only).")
    String listen;

    @Option(names = "--host-label", description = "Label every series host=<this machine's name>.")
    boolean hostLabel;

    @Mixin
    LabelOptions labels;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ConfigLoader loader = labels.applyTo(scope.applyTo(Startup.loader(common)));
        if (interval != null) {
            loader.flag("sampling.interval", interval, "--interval");
        }
        if (listen != null) {
            loader.flag("serve.listen", listen, "--listen");
        }
        if (hostLabel) {
            loader.flag("prometheus.host_label", "true", "--host-label");
        }
        Startup.Prepared prepared = Startup.prepare(loader);
        try (LoadedPlugins plugins = prepared.plugins()) {
            Settings settings = prepared.config().settings();
            settings.pid().ifPresent(RunCommand::requireRunning);
            OptionalLong root = settings.pid();
            RecentRecords recent = new RecentRecords(settings.serveHistory());
            // The page can be asked for while plugins still probe; it shows an empty header until then.
            AtomicReference<Map<String, Object>> metadata = new AtomicReference<>(Map.of());
            HostEnvironment host = HostWiring.environment(settings);
            try (Exposition exposition = Exposition.start(settings.serveListen(),
                            Exporters.scraped(plugins, prepared.config()), settings.pluginsDir(),
                            new DashboardHandler(recent, metadata::get));
                    Session session = Session.open(prepared.config(), plugins,
                            HostWiring.builtIns(host, settings, root, true), new ProcessCommandRunner())) {
                Map<String, Object> described = Metadata.forRun(Instant.now(), settings, host.facts(settings.diskPaths()),
                        HostWiring.labels(host, settings, root), session, plugins, List.of());
                described.put("history", settings.serveHistory());
                // Plugins join while serving: the page's header follows their probes.
                Runnable describe = () -> {
                    Map<String, Object> copy = new LinkedHashMap<>(described);
                    copy.putAll(Metadata.collectors(session, plugins));
                    metadata.set(copy);
                };
                session.onChange(describe);
                describe.run();
                ExporterHost exporters = Exporters.start(plugins, prepared.config(), described, true);
                Sampler sampler = session.sampler(List.of(recent, exporters), System.nanoTime(),
                        Sampler.deadlineFor(settings.interval()));
                sampler.addOwnValues(exporters::healthSamples);
                CompletableFuture<String> stop = new CompletableFuture<>();
                Signals.install((name, number) -> stop.complete("SIG" + name));
                session.configProblem().thenAccept(problem -> stop.completeExceptionally(problem));
                PrintWriter err = spec.commandLine().getErr();
                err.printf("sysgauge: serving %s every %s; live page %s%n", exposition.url(),
                        Durations.format(settings.interval()), exposition.dashboardUrl());
                err.flush();
                sampler.start();
                try {
                    stop.join();
                } catch (CompletionException e) {
                    sampler.close();
                    throw (ConfigException) e.getCause();
                }
                sampler.close();
            }
        }
        return 0;
    }
}
