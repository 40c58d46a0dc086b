package io.sysgauge.cli;

import io.sysgauge.cli.config.ConfigLoader;
import io.sysgauge.core.config.Durations;
import io.sysgauge.core.config.Settings;
import io.sysgauge.core.platform.ProcessCommandRunner;
import io.sysgauge.core.sampling.Record;
import io.sysgauge.core.sampling.Sampler;
import io.sysgauge.core.session.Session;
import io.sysgauge.recorder.HostWiring;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sysgauge once}: probe everything, take one sample over a short window after start-up, print it. */
@Command(name = "once", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
            "Take one sample now and print it.",
            "Rates and totals (cpu, cpu_percent, disk.in/out, network.sent/recv) cover the window",
            "between two samples taken after start-up (--window, 1s by default), so the JVM's own",
            "start does not count. Without --pid the process keys (cpu, proc.*) are left out.",
            "It waits at most 10s for plugins to find their hardware; a plugin whose probe takes",
            "longer (a vendor tool that hangs) is left out of the sample."})
final class OnceCommand implements Callable<Integer> {

    private static final Logger logger = LoggerFactory.getLogger(OnceCommand.class);

    /** The window by default: /proc/stat counts in 10 ms ticks, so a second resolves CPU to half a percent. */
    static final Duration DEFAULT_WINDOW = Duration.ofSeconds(1);
    /** A shorter window counts too few clock ticks to mean anything. */
    static final Duration MINIMUM_WINDOW = Duration.ofMillis(100);
    /** A longer one is a recording: use run --duration. */
    static final Duration MAXIMUM_WINDOW = Duration.ofMinutes(1);
    private static final Duration DEADLINE = Duration.ofSeconds(3);
    /** The longest {@code once} waits for plugins to find their hardware: a probe that hangs is given up then. */
    private static final Duration PROBE_WAIT = Session.PROBE_TIMEOUT;

    @Mixin
    ScopeOptions scope;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table (default) or json: one flat object of bare keys.")
    Format format;

    @Option(names = "--window", paramLabel = "D",
            description = "How long rates are measured over, after start-up: 100ms to 1m (default 1s).")
    String window;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Duration rateWindow = window();
        ConfigLoader loader = scope.applyTo(Startup.loader(common));
        Startup.Prepared prepared = Startup.prepare(loader);
        try (var plugins = prepared.plugins()) {
            Settings settings = prepared.config().settings();
            settings.pid().ifPresent(RunCommand::requireRunning);
            long started = System.nanoTime();
            Session session = Session.open(prepared.config(), plugins,
                    HostWiring.builtIns(HostWiring.environment(settings), settings, settings.pid(), true), new ProcessCommandRunner());
            Record record;
            try (session) {
                session.awaitProbes(PROBE_WAIT);
                try (Sampler sampler = session.sampler(List.of(), started, DEADLINE)) {
                    // The probes read the counters while the JVM was still starting; this sample moves every
                    // baseline to a quiet moment, and the printed one measures the window after it.
                    sampler.tick();
                    long windowStart = System.nanoTime();
                    sleepUntil(windowStart + rateWindow.toNanos());
                    record = sampler.tick();
                    logger.debug("rates measured over {} ms", (System.nanoTime() - windowStart) / 1_000_000);
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

    private Duration window() {
        if (window == null) {
            return DEFAULT_WINDOW;
        }
        Duration parsed;
        try {
            parsed = Durations.parse(window);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--window: " + e.getMessage());
        }
        if (parsed.compareTo(MINIMUM_WINDOW) < 0 || parsed.compareTo(MAXIMUM_WINDOW) > 0) {
            throw new UsageException("--window: expected 100ms to 1m, got " + window.strip());
        }
        return parsed;
    }

    private static void sleepUntil(long deadlineNanos) throws InterruptedException {
        for (long left = deadlineNanos - System.nanoTime(); left > 0; left = deadlineNanos - System.nanoTime()) {
            Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
        }
    }
}
