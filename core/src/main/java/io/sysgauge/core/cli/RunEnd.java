package io.sysgauge.core.cli;

import io.sysgauge.core.platform.PosixSignals;
import io.sysgauge.spi.ConfigException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Why a recording ends: the command or the watched process exited, {@code --duration} ran out, or
 * (without a command) a signal asked sysgauge to stop. With a command, SIGTERM, SIGHUP and a
 * SIGINT that did not come from the terminal go to the command instead, and its exit ends the
 * recording. Signals are handled from before the command starts, so one that comes while plugins
 * still probe reaches the command rather than leaving it orphaned.
 */
final class RunEnd {

    private final CompletableFuture<String> reason = new CompletableFuture<>();
    private final boolean forwardToCommand;
    private Process command;
    private int earlySignal; // one that came before the command had started
    private volatile ConfigException rejected;

    private RunEnd(boolean forwardToCommand) {
        this.forwardToCommand = forwardToCommand;
    }

    /**
     * Installs the signal handlers.
     *
     * @param withCommand whether {@code run} starts a command, which signals are then sent on to
     * @return the end, waiting for {@link #commandStarted} or {@link #watch}
     */
    static RunEnd install(boolean withCommand) {
        RunEnd end = new RunEnd(withCommand);
        Signals.install(end::signalled);
        return end;
    }

    private synchronized void signalled(String name, int number) {
        if (!forwardToCommand) {
            reason.complete("SIG" + name);
        } else if (name.equals("INT") && System.console() != null) {
            return; // the terminal sent Ctrl-C to the command's process group as well
        } else if (command == null) {
            earlySignal = number;
        } else {
            PosixSignals.send(command.pid(), number);
        }
    }

    /** @param started the command, now running; its exit ends the recording */
    synchronized void commandStarted(Process started) {
        command = started;
        if (earlySignal != 0) {
            PosixSignals.send(started.pid(), earlySignal);
        }
        started.onExit().thenRun(() -> reason.complete("command exited"));
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
