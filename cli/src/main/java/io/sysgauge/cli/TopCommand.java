package io.sysgauge.cli;

import io.sysgauge.cli.config.ConfigLoader;
import io.sysgauge.core.config.Durations;
import io.sysgauge.core.config.Settings;
import io.sysgauge.core.platform.ProcessCommandRunner;
import io.sysgauge.core.plugin.LoadedPlugins;
import io.sysgauge.core.sampling.Record;
import io.sysgauge.core.sampling.RecordSink;
import io.sysgauge.core.sampling.Sampler;
import io.sysgauge.core.session.Session;
import io.sysgauge.recorder.HostWiring;
import io.sysgauge.recorder.Signals;
import io.sysgauge.spi.ConfigException;
import io.sysgauge.views.top.RawTerminal;
import io.sysgauge.views.top.TopView;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sysgauge top}: the newest values as bars, redrawn in place every interval, until q. */
@Command(name = "top", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
            "Watch CPU, memory and each GPU's utilization, memory, power and temperature",
            "as bars, redrawn in place every interval, with the watched tree's share.",
            "q or Ctrl-C quits.",
            "",
            "  sysgauge top                         the host and every GPU, every second",
            "  sysgauge top --pid 1234              also process 1234 and its children",
            "  sysgauge top --plain --iterations 3  three plain blocks, for logs and pipes",
            "",
            "Off a terminal, or with --plain, it prints one plain block per refresh,",
            "without escape codes, until SIGINT or SIGTERM (or --duration, --iterations)."})
final class TopCommand implements Callable<Integer> {

    private static final Logger logger = LoggerFactory.getLogger(TopCommand.class);
    private static final String DEFAULT_INTERVAL = "1s";
    private static final int DEFAULT_COLUMNS = 80;
    private static final String CURSOR_HOME = "\u001b[H";
    private static final String CLEAR_TO_END_OF_LINE = "\u001b[K";
    private static final String CLEAR_TO_END_OF_SCREEN = "\u001b[J";
    private static final String CLEAR_SCREEN = "\u001b[2J";
    private static final String HIDE_CURSOR = "\u001b[?25l";
    private static final String SHOW_CURSOR = "\u001b[?25h";

    @Mixin
    ScopeOptions scope;

    @Option(names = "--interval", paramLabel = "D", description = "Refresh interval: 250ms, 2s (default 1s).")
    String interval;

    @Option(names = "--plain", description = "Plain text blocks, one per refresh, even on a terminal.")
    boolean plain;

    @Option(names = "--iterations", paramLabel = "N", description = "Stop after N refreshes.")
    Integer iterations;

    @Option(names = "--duration", paramLabel = "D", description = "Stop after D.")
    String duration;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (iterations != null && iterations < 1) {
            throw new UsageException("--iterations: expected at least 1, got " + iterations);
        }
        Duration limit = duration == null ? null : parseDuration(duration);
        ConfigLoader loader = scope.applyTo(Startup.loader(common));
        // A screen that changes every 15 s (the recording default) would look frozen.
        loader.flag("sampling.interval", interval == null ? DEFAULT_INTERVAL : interval, "--interval");
        Startup.Prepared prepared = Startup.prepare(loader);
        try (LoadedPlugins plugins = prepared.plugins()) {
            Settings settings = prepared.config().settings();
            settings.pid().ifPresent(RunCommand::requireRunning);
            boolean onTerminal = !plain && System.console() != null;
            TopView view = new TopView(Exposition.hostName(), settings.interval(), ZoneId.systemDefault());
            CompletableFuture<String> stop = new CompletableFuture<>();
            Screen screen = new Screen(view, spec.commandLine().getOut(), onTerminal, stop);
            try (Session session = Session.open(prepared.config(), plugins,
                    HostWiring.builtIns(HostWiring.environment(settings), settings, settings.pid(), true),
                    new ProcessCommandRunner())) {
                Sampler sampler = session.sampler(List.of(screen), System.nanoTime(), Sampler.deadlineFor(settings.interval()));
                Signals.install((name, number) -> stop.complete("SIG" + name));
                session.configProblem().thenAccept(stop::completeExceptionally);
                if (limit != null) {
                    CompletableFuture.delayedExecutor(limit.toNanos(), TimeUnit.NANOSECONDS).execute(() -> stop.complete("--duration"));
                }
                RawTerminal terminal = onTerminal ? enterRawMode() : null;
                Runnable leaveTerminal = () -> screen.leave(terminal);
                // Also on an exit that skips the finally below, the shell must not be left without echo.
                Runtime.getRuntime().addShutdownHook(new Thread(leaveTerminal, "sysgauge-top-restore"));
                try {
                    if (onTerminal) {
                        screen.enter();
                        readKeys(stop);
                    }
                    sampler.start();
                    logger.debug("top stopped by {}", stop.join());
                } catch (CompletionException e) {
                    throw (ConfigException) e.getCause(); // a plugin rejected its settings
                } finally {
                    sampler.close();
                    leaveTerminal.run();
                }
            }
        }
        return 0;
    }

    private static RawTerminal enterRawMode() {
        try {
            return RawTerminal.enter();
        } catch (IOException e) {
            // Still usable: q then needs Enter, and Ctrl-C works as ever.
            logger.warn("cannot switch the terminal to single-key input ({}); press q and Enter to quit", e.getMessage());
            return null;
        }
    }

    /** Reads keys on a daemon thread, so that a read blocked on the terminal never holds up the exit. */
    private static void readKeys(CompletableFuture<String> stop) {
        Thread reader = new Thread(() -> {
            try {
                for (int key = System.in.read(); key >= 0; key = System.in.read()) {
                    if (key == 'q' || key == 'Q') {
                        stop.complete("q");
                        return;
                    }
                }
            } catch (IOException e) {
                logger.debug("cannot read keys: {}", e.getMessage());
            }
        }, "sysgauge-top-keys");
        reader.setDaemon(true);
        reader.start();
    }

    private static Duration parseDuration(String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--duration: " + e.getMessage());
        }
    }

    /** Draws each record: redrawn in place on a terminal, else one plain block after another. */
    private final class Screen implements RecordSink {

        private final TopView view;
        private final PrintWriter out;
        private final boolean onTerminal;
        private final CompletableFuture<String> stop;
        private final AtomicInteger drawn = new AtomicInteger();
        private boolean entered;
        private boolean left;

        Screen(TopView view, PrintWriter out, boolean onTerminal, CompletableFuture<String> stop) {
            this.view = view;
            this.out = out;
            this.onTerminal = onTerminal;
            this.stop = stop;
        }

        synchronized void enter() {
            entered = true;
            out.print(HIDE_CURSOR + CLEAR_SCREEN);
            out.flush();
        }

        synchronized void leave(RawTerminal terminal) {
            if (left) {
                return;
            }
            left = true;
            if (entered) {
                out.print(SHOW_CURSOR + System.lineSeparator());
                out.flush();
            }
            if (terminal != null) {
                terminal.close();
            }
        }

        @Override
        public synchronized void accept(Record record) {
            if (left || stop.isDone()) {
                return;
            }
            List<String> lines = view.render(record, columns());
            if (onTerminal) {
                // Overwrite in place and clear what the last frame left, so the screen does not flicker.
                StringBuilder frame = new StringBuilder(CURSOR_HOME);
                for (String line : lines) {
                    frame.append(line).append(CLEAR_TO_END_OF_LINE).append('\n');
                }
                frame.append(CLEAR_TO_END_OF_LINE).append('\n').append("q quits").append(CLEAR_TO_END_OF_SCREEN);
                out.print(frame);
            } else {
                lines.forEach(out::println);
                out.println();
            }
            out.flush();
            if (iterations != null && drawn.incrementAndGet() >= iterations) {
                stop.complete("--iterations");
            }
        }

        private int columns() {
            String fromShell = System.getenv("COLUMNS");
            if (fromShell != null && fromShell.matches("[1-9]\\d{0,4}")) {
                return Integer.parseInt(fromShell);
            }
            // Asked every refresh, so that a resized window is filled at the next one.
            return onTerminal ? RawTerminal.columns().orElse(DEFAULT_COLUMNS) : DEFAULT_COLUMNS;
        }
    }
}
