package io.sysgauge.recorder;

import io.sysgauge.spi.ConfigException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Why a recording ends: the command or the watched process exited, {@code --duration} ran out, or
 * (without a command) a signal asked sysgauge to stop. With a command, SIGTERM, SIGHUP and a
 * SIGINT that did not come from the terminal go to the command instead, and its exit ends the
 * recording. Signals are handled from before the command starts, so one that comes while plugins
 * still probe reaches the command rather than leaving it orphaned. A command that has not ended
 * {@link #GRACE} after the first such signal, or at a second one, is killed with its process tree
 * (SIGKILL), and sysgauge says so on standard error.
 */
public final class RunEnd {

    /** How long a command has to end after SIGTERM (a signal, or --duration) before SIGKILL. */
    public static final Duration GRACE = Duration.ofSeconds(10);

    private final CompletableFuture<String> reason = new CompletableFuture<>();
    private final boolean forwardToCommand;
    private final PrintWriter terminal;
    private Process command;
    private int earlySignal; // one that came before the command had started
    private int stopSignals; // signals that asked the command to stop
    private volatile ConfigException rejected;

    private RunEnd(boolean forwardToCommand, PrintWriter terminal) {
        this.forwardToCommand = forwardToCommand;
        this.terminal = terminal;
    }

    /**
     * Installs the signal handlers.
     *
     * @param withCommand whether {@code run} starts a command, which signals are then sent on to
     * @param terminal where a command killed after a signal is told (standard error)
     * @return the end, waiting for {@link #commandStarted} or {@link #watch}
     */
    static RunEnd install(boolean withCommand, PrintWriter terminal) {
        RunEnd end = new RunEnd(withCommand, terminal);
        Signals.install(end::signalled);
        return end;
    }

    private synchronized void signalled(String name, int number) {
        if (!forwardToCommand) {
            reason.complete("SIG" + name);
            return;
        }
        stopSignals++;
        if (stopSignals > 1 && command != null) {
            kill(command, "a second SIG" + name);
            return;
        }
        if (name.equals("INT") && System.console() != null) {
            // the terminal sent Ctrl-C to the command's process group as well
        } else if (command == null) {
            earlySignal = number;
        } else {
            PosixSignals.send(command.pid(), number);
        }
        if (command != null) {
            killAfterGrace(command, "SIG" + name);
        }
    }

    /** @param started the command, now running; its exit ends the recording */
    synchronized void commandStarted(Process started) {
        command = started;
        if (earlySignal != 0) {
            PosixSignals.send(started.pid(), earlySignal);
            killAfterGrace(started, "the signal");
        }
        started.onExit().thenRun(() -> reason.complete("command exited"));
    }

    private void killAfterGrace(Process target, String cause) {
        CompletableFuture.delayedExecutor(GRACE.toNanos(), TimeUnit.NANOSECONDS)
                .execute(() -> kill(target, "no end " + GRACE.toSeconds() + " s after " + cause));
    }

    /**
     * Kills a command and every process it started, at once.
     *
     * @param target the command
     * @param cause why, for the message; nothing is said when it has ended already
     */
    void kill(Process target, String cause) {
        if (!target.isAlive()) {
            return;
        }
        // Descendants first listed, then killed: the command's death would hand them to init.
        List<ProcessHandle> tree = target.toHandle().descendants().toList();
        target.destroyForcibly();
        tree.forEach(ProcessHandle::destroyForcibly);
        terminal.printf("sysgauge: %s: killed the command and its processes (SIGKILL)%n", cause);
        terminal.flush();
    }

    /** @param pid a process sysgauge did not start ({@code --pid}); its exit ends the recording */
    void watch(OptionalLong pid) {
        if (pid.isEmpty()) {
            return;
        }
        String exited = "process " + pid.getAsLong() + " exited";
        ProcessHandle.of(pid.getAsLong()).ifPresentOrElse(
                process -> process.onExit().thenRun(() -> reason.complete(exited)), () -> reason.complete(exited));
    }

    /** @param limit how long sampling may run, counted from now; null for no limit */
    void limit(Duration limit) {
        if (limit != null) {
            CompletableFuture.delayedExecutor(limit.toNanos(), TimeUnit.NANOSECONDS).execute(() -> reason.complete("--duration"));
        }
    }

    /**
     * Ends the recording because a plugin rejected its configuration; the command is stopped
     * as {@code --duration} stops it, and sysgauge exits with the one-line error.
     *
     * @param problem the plugin's error
     */
    void configRejected(ConfigException problem) {
        rejected = problem;
        reason.complete("configuration error");
    }

    /** @return the configuration error that ended the recording, if one did */
    Optional<ConfigException> rejectedConfiguration() {
        return Optional.ofNullable(rejected);
    }

    /** @return the reason, once there is one */
    String await() {
        return reason.join();
    }
}
