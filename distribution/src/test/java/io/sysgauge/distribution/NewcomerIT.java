package io.sysgauge.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sysgauge.cli.Main;
import io.sysgauge.distribution.Distribution.Launched;
import io.sysgauge.distribution.Distribution.Result;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What a newcomer meets first: help, one sample, limits on numbers, messages, and an installed tarball. */
class NewcomerIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void durationsBeyondTheirBoundsAreOneLineAndExitCode2() throws Exception {
        Path runs = work.resolve("runs");
        assertUsageError(Distribution.run(work, "run", "--out", runs.toString(), "--interval", "99999999999999999999s", "--", "true"),
                "sysgauge: sampling.interval: expected a duration of at most 8760h (365 days), got '99999999999999999999s'"
                        + " (from --interval)");
        assertUsageError(Distribution.run(work, "run", "--out", runs.toString(), "--interval", "9223372036854775807ms", "--", "true"),
                "sysgauge: sampling.interval: expected a duration of at most 8760h (365 days), got '9223372036854775807ms'"
                        + " (from --interval)");
        assertUsageError(Distribution.run(work, "run", "--out", runs.toString(), "--interval", "2h", "--", "true"),
                "sysgauge: sampling.interval: must be at most 1h, got 2h (from --interval)");
        assertUsageError(Distribution.run(work, "run", "--out", runs.toString(), "--duration", "9223372036854775807ms"),
                "sysgauge: --duration: expected a duration of at most 8760h (365 days), got '9223372036854775807ms'");
        assertThat(runs).doesNotExist();
    }

    @Test
    void aConfigFileThatIsNotAMappingIsNamedInWordsNotJavaClasses() throws Exception {
        Path config = Files.writeString(work.resolve("sysgauge.yaml"), "- sampling.interval: 1s\n- disk.paths: [/]\n");

        Result result = Distribution.run(work, "once", "--config", config.toString());

        assertUsageError(result, "sysgauge: --config: " + config + " must hold a YAML mapping of keys, got a list"
                + " [{...}, {...}]");
        assertUsageError(Distribution.run(work, "once", "--set", "sampling.interval={every: 1s}"),
                "sysgauge: sampling.interval: expected a single value, got a mapping of every (from --set)");
    }

    @Test
    void helpListsEachCommandByAWholeSentenceAndPrintsDescriptionsAsWritten() throws Exception {
        Result help = Distribution.run(work, "--help");

        assertThat(help.exitCode()).isZero();
        List<String> summaries = commandSummaries(help.out());
        assertThat(summaries).hasSize(Main.commandLine().getSubcommands().size())
                .allSatisfy(summary -> assertThat(summary).as("a whole sentence").endsWith("."));
        for (CommandLine command : allCommands(Main.commandLine())) {
            List<String> arguments = new ArrayList<>(List.of(command.getCommandSpec().qualifiedName().split(" ")));
            arguments.remove(0);
            arguments.add("--help");
            Result usage = Distribution.run(work, arguments.toArray(String[]::new));
            assertThat(usage.exitCode()).isZero();
            assertThat(usage.out().lines()).as(arguments + ": lines within 100 columns").allMatch(line -> line.length() <= 100);
            // Each line as its author wrote it: none cut in two and re-wrapped. Picocli passes description lines
            // through String.format (a literal percent sign is written %%), so the line is compared as formatted.
            for (String line : command.getCommandSpec().usageMessage().description()) {
                assertThat(usage.out().lines()).as(arguments + " prints the line as written")
                        .contains(String.format(line.stripTrailing()));
            }
            if (!command.getSubcommands().isEmpty()) {
                assertThat(commandSummaries(usage.out())).as(arguments + " lists its commands by whole sentences")
                        .allSatisfy(summary -> assertThat(summary).endsWith("."));
            }
        }
    }

    // once's host rates: a fixture /proc whose stat and net/dev are named pipes that this test answers, one
    // reading per read, so the values once prints can be checked exactly against the readings it was given.
    @Test
    void onceMeasuresCpuAndNetworkBetweenTwoReadingsTakenAfterItsProbes() throws Exception {
        Path proc = Files.createDirectories(work.resolve("proc"));
        for (String file : List.of("meminfo", "diskstats", "self/auxv", "self/status", "sys/kernel/hostname")) {
            Files.createDirectories(proc.resolve(file).getParent());
            Files.write(proc.resolve(file), Files.readAllBytes(Path.of("/proc").resolve(file)));
        }
        Files.createDirectories(proc.resolve("net"));
        Assumptions.assumeTrue(mkfifo(proc.resolve("stat")) && mkfifo(proc.resolve("net/dev")), "mkfifo");
        String statTail = Files.readString(Path.of("/proc/stat")).lines().filter(line -> !line.startsWith("cpu"))
                .reduce("", (text, line) -> text + line + "\n");
        // Each step between readings has its own busy share and its own byte count, so a value names its step.
        try (Pipe stat = new Pipe(proc.resolve("stat"), k -> {
                    long busy = 1_000 + 7L * k * (k + 1) / 2;
                    long idle = 5_000 + 100L * k;
                    return "cpu  " + busy + " 0 0 " + idle + " 0 0 0 0 0 0\ncpu0 " + busy + " 0 0 " + idle + " 0 0 0 0 0 0\n"
                            + statTail;
                });
                Pipe netDev = new Pipe(proc.resolve("net/dev"), k -> """
                        Inter-|   Receive                                                |  Transmit
                         face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
                        """ + String.format("    lo: %d 10 0 0 0 0 0 0 %d 10 0 0 0 0 0 0%n", 1_000L * k * k, 3_000L * k * k))) {

            Launched launched = Distribution.start(work, Map.of(), "once", "--format", "json", "--set", "host.proc=" + proc,
                    "--set", "plugins.dir=" + Files.createDirectories(work.resolve("no-plugins")));
            stat.readBy(launched.process().pid());
            netDev.readBy(launched.process().pid());
            Result once = launched.await();

            assertThat(once.exitCode()).as(once.err()).isZero();
            JsonNode sample = JSON.readTree(once.out());
            int statReads = stat.served();
            int netReads = netDev.served();
            // The probe's reading, then one at the start of the window and one at its end.
            assertThat(statReads).as("readings of /proc/stat").isGreaterThanOrEqualTo(3);
            assertThat(netReads).as("readings of /proc/net/dev").isGreaterThanOrEqualTo(3);
            int last = statReads - 1;
            double expected = 100.0 * 7 * last / (7 * last + 100);
            assertThat(sample.get("cpu_percent").asDouble()).as("busy share between the last two readings")
                    .isCloseTo(expected, within(1e-9));
            long n = netReads - 1;
            assertThat(sample.get("network.sent").asLong()).as("bytes sent between the last two readings")
                    .isEqualTo(3_000L * n * n - 3_000L * (n - 1) * (n - 1));
            assertThat(sample.get("network.recv").asLong()).isEqualTo(1_000L * n * n - 1_000L * (n - 1) * (n - 1));
        }
    }

    @Test
    void anUnpackedTarballMakesItsClassDataArchiveAtItsFirstRunAndMapsItAfter() throws Exception {
        Path tarball = Distribution.home().resolveSibling(Distribution.home().getFileName() + ".tar.gz");
        Path installed = Files.createDirectories(work.resolve("opt"));
        assertThat(new ProcessBuilder("tar", "xzf", tarball.toString(), "-C", installed.toString()).inheritIO().start().waitFor())
                .isZero();
        Path home = installed.resolve(Distribution.home().getFileName());
        Path launcher = home.resolve("bin/sysgauge");
        assertThat(archives(home)).as("archives in the tarball").isEmpty();

        Result first = launch(work, launcher, Map.of(), "--version");
        Path classLog = work.resolve("classes.log");
        Result second = launch(work, launcher, Map.of("SYSGAUGE_JAVA_OPTS", "-Xlog:class+load:file=" + classLog), "--version");

        assertThat(first.exitCode()).isZero();
        assertThat(first.err()).isEmpty();
        assertThat(second.out()).isEqualTo(first.out());
        assertThat(archives(home)).hasSize(1);
        assertThat(Files.readAllLines(classLog)).as("the second run maps the archive the first one wrote")
                .anyMatch(line -> line.endsWith(" io.sysgauge.cli.Main source: shared objects file (top)"));

        // A jar of lib/ replaced in place (an upgrade, a rebuild) would make the JVM refuse that archive at every
        // start from then on; the launcher makes a new one instead, which the run after maps.
        Path archive = archives(home).get(0);
        Path jar;
        try (Stream<Path> jars = Files.list(home.resolve("lib"))) {
            jar = jars.filter(file -> file.getFileName().toString().startsWith("sysgauge-cli-")).findFirst().orElseThrow();
        }
        Files.write(jar, Files.readAllBytes(jar));
        // Older than the jar now, whatever the clock's resolution: as if it had been made before the upgrade.
        Files.setLastModifiedTime(archive, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 60_000));
        Result third = launch(work, launcher, Map.of(), "--version");
        Path afterUpgrade = work.resolve("classes-after-upgrade.log");
        launch(work, launcher, Map.of("SYSGAUGE_JAVA_OPTS", "-Xlog:class+load:file=" + afterUpgrade), "--version");

        assertThat(third.exitCode()).isZero();
        assertThat(Files.readAllLines(afterUpgrade)).as("the archive made anew after a jar was replaced is mapped")
                .anyMatch(line -> line.endsWith(" io.sysgauge.cli.Main source: shared objects file (top)"));
    }

    private static List<Path> archives(Path home) throws IOException {
        try (Stream<Path> files = Files.list(home.resolve("lib"))) {
            return files.filter(file -> file.toString().endsWith(".jsa")).toList();
        }
    }

    private static Result launch(Path workDir, Path launcher, Map<String, String> environment, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(launcher.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("SYSGAUGE_"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] err;
        byte[] out;
        try (InputStream stdout = process.getInputStream(); InputStream stderr = process.getErrorStream()) {
            out = stdout.readAllBytes();
            err = stderr.readAllBytes();
        }
        return new Result(process.waitFor(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    private static void assertUsageError(Result result, String line) {
        assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
        assertThat(result.err()).isEqualTo(line + "\n");
        assertThat(result.out()).isEmpty();
    }

    // The "Commands:" section: one summary per command, its wrapped lines joined.
    private static List<String> commandSummaries(String help) {
        List<String> summaries = new ArrayList<>();
        boolean inList = false;
        for (String line : help.lines().toList()) {
            if (line.equals("Commands:")) {
                inList = true;
            } else if (inList && line.isBlank()) {
                break;
            } else if (inList && line.matches("  \\S.*")) {
                summaries.add(line.strip().split("\\s+", 2)[1]);
            } else if (inList) {
                summaries.set(summaries.size() - 1, summaries.get(summaries.size() - 1) + " " + line.strip());
            }
        }
        return summaries;
    }

    private static List<CommandLine> allCommands(CommandLine root) {
        List<CommandLine> all = new ArrayList<>();
        for (CommandLine command : root.getSubcommands().values()) {
            if (!command.getCommandName().equals("help")) {
                all.add(command);
                all.addAll(allCommands(command));
            }
        }
        return all;
    }

    private static boolean mkfifo(Path path) throws IOException, InterruptedException {
        return new ProcessBuilder("mkfifo", path.toString()).inheritIO().start().waitFor() == 0;
    }

    /**
     * Answers each open of a named pipe with the next reading, counting them, until closed. A
     * reading is written only when the reader has closed the pipe after the one before (its
     * /proc/PID/fd says so): a pipe reopened while the reader still holds it would run two readings
     * together into one read.
     */
    private static final class Pipe implements AutoCloseable {
        private final Path fifo;
        private final List<Integer> served = new CopyOnWriteArrayList<>();
        private final Thread writer;
        private volatile long readerPid = -1;
        private volatile boolean closed;

        Pipe(Path fifo, IntFunction<String> reading) throws IOException {
            this.fifo = fifo.toRealPath();
            writer = new Thread(() -> {
                for (int k = 0; !closed; k++) {
                    try {
                        if (k > 0) {
                            awaitReaderDone();
                        }
                        try (OutputStream out = Files.newOutputStream(this.fifo)) { // blocks until a reader opens it
                            if (closed) {
                                return;
                            }
                            out.write(reading.apply(k).getBytes(StandardCharsets.US_ASCII));
                            served.add(k);
                        }
                    } catch (IOException e) {
                        // the reader left early; the next open gets the next reading
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "fifo-" + fifo.getFileName());
            writer.setDaemon(true);
            writer.start();
        }

        void readBy(long pid) {
            readerPid = pid;
        }

        int served() {
            return served.size();
        }

        private void awaitReaderDone() throws InterruptedException {
            while (!closed && (readerPid < 0 || holds(readerPid))) {
                Thread.sleep(1);
            }
        }

        private boolean holds(long pid) {
            try (Stream<Path> descriptors = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
                return descriptors.anyMatch(descriptor -> {
                    try {
                        return Files.readSymbolicLink(descriptor).equals(fifo);
                    } catch (IOException e) {
                        return false; // closed while listed
                    }
                });
            } catch (IOException | java.io.UncheckedIOException e) {
                return false; // the reader has exited
            }
        }

        @Override
        public void close() throws Exception {
            closed = true;
            try (InputStream unblock = Files.newInputStream(fifo)) { // releases a writer waiting in open
                unblock.readAllBytes();
            }
            writer.join(10_000);
        }
    }
}
