package io.sysgauge.plugin.ipu;

import io.sysgauge.spi.CommandResult;
import io.sysgauge.spi.CommandRunner;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Graphcore's gc-info, found at a path: the process edge of the plugin. A reading lists the
 * partition's IPUs ({@code gc-info --list-devices}) and asks each for its attributes
 * ({@code gc-info --device-id N --device-info}); Graphcore documents both as usable while
 * applications hold the IPUs. A failure of the whole reading (a timeout, a failing listing, no
 * device answering) comes back as one IOException whose message says what happened.
 *
 * @param path the executable
 */
record GcInfo(Path path) {

    static final String COMMAND = "gc-info";

    private static final Logger logger = LoggerFactory.getLogger(GcInfo.class);

    /** A run that did not finish in the reading's time and was killed, or was not started for lack of time. */
    static final class TimedOut extends IOException {
        private static final long serialVersionUID = 1L;

        TimedOut(String message) {
            super(message);
        }
    }

    /**
     * @param commands runs gc-info
     * @param budget how long the whole reading, every run together, may take
     * @return the attributes of every single IPU gc-info lists, never empty
     */
    List<DeviceAttributes> read(CommandRunner commands, Duration budget) throws IOException {
        long deadline = System.nanoTime() + budget.toNanos();
        List<String> ids = GcInfoParser.singleIpuIds(run(commands, List.of("--list-devices"), deadline, budget));
        if (ids.isEmpty()) {
            throw new IOException(COMMAND + " --list-devices lists no IPU");
        }
        List<DeviceAttributes> devices = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (String id : ids) {
            try {
                devices.addAll(GcInfoParser.deviceInfo(
                        run(commands, List.of("--device-id", id, "--device-info"), deadline, budget)));
            } catch (TimedOut e) {
                // A run that hangs usually means a driver or fabric link that hangs: the next device's would too.
                throw e;
            } catch (IOException e) {
                // One device that cannot be read costs its own values only.
                failures.add(e.getMessage());
            }
        }
        if (devices.isEmpty()) {
            throw new IOException(failures.isEmpty() ? COMMAND + " --device-info printed no device attributes"
                    : failures.get(0));
        }
        if (!failures.isEmpty()) {
            logger.debug("{} of {} IPUs not read: {}", failures.size(), ids.size(), String.join("; ", failures));
        }
        return devices;
    }

    private String run(CommandRunner commands, List<String> arguments, long deadline, Duration budget)
            throws IOException {
        String commandLine = COMMAND + " " + String.join(" ", arguments);
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new TimedOut(commandLine + " not run: the reading used up its " + budget.toMillis() + " ms");
        }
        List<String> command = new ArrayList<>(arguments.size() + 1);
        command.add(path.toString());
        command.addAll(arguments);
        CommandResult result = commands.run(command, Duration.ofNanos(left));
        if (result.timedOut()) {
            throw new TimedOut(commandLine + " " + result.describeFailure());
        }
        if (!result.succeeded()) {
            throw new IOException(commandLine + " " + result.describeFailure());
        }
        return result.stdout();
    }
}
