package io.sysgauge.core.cli;

import io.sysgauge.core.config.ConfigLoader;
import io.sysgauge.core.config.Settings;
import io.sysgauge.core.platform.ProcessCommandRunner;
import io.sysgauge.core.process.ProcessCollector;
import io.sysgauge.core.sampling.Record;
import io.sysgauge.core.sampling.Sampler;
import io.sysgauge.core.session.HostEnvironment;
import io.sysgauge.core.session.Session;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code sysgauge once}: probe everything, take one sample, print it. */
@Command(name = "once", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
            "Take one sample now and print it.",
            "Without --pid the process keys (cpu, proc.*) are left out. Rates such as cpu and",
            "cpu_percent are measured over a short window right after start-up.",
            "It waits at most 10s for plugins to find their hardware; a plugin whose probe takes",
            "longer (a vendor tool that hangs) is left out of the sample."})
final class OnceCommand implements Callable<Integer> {

    /** Rates need two readings; this is the gap between them. */
    private static final Duration RATE_WINDOW = Duration.ofMillis(ProcessCollector.MINIMUM_WINDOW_MILLIS * 2);
    private static final Duration DEADLINE = Duration.ofSeconds(3);
    /** The longest {@code once} waits for plugins to find their hardware: a probe that hangs is given up then. */
    private static final Duration PROBE_WAIT = Session.PROBE_TIMEOUT;

    @Mixin
    ScopeOptions scope;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table (default) or json: one flat object of bare keys.")
    Format format;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ConfigLoader loader = scope.applyTo(Startup.loader(common));
        Startup.Prepared prepared = Startup.prepare(loader);
        try (var plugins = prepared.plugins()) {
            Settings settings = prepared.config().settings();
            settings.pid().ifPresent(RunCommand::requireRunning);
            long started = System.nanoTime();
            Session session = Session.open(prepared.config(), plugins, HostEnvironment.of(settings), new ProcessCommandRunner(),
                    settings.pid(), true);
            Record record;
            try (session) {
                session.awaitProbes(PROBE_WAIT);
                long wait = RATE_WINDOW.toNanos() - (System.nanoTime() - started);
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                try (Sampler sampler = session.sampler(List.of(), started, DEADLINE)) {
                    record = sampler.tick();
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            if (format == Format.json) {
                out.print(Output.json(record));
                out.flush();
            } else {
                Output.table(record, out);
            }
        }
        return 0;
    }
}
