package io.sysgauge.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sysgauge.distribution.Distribution.Launched;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code network.sent} of a recording during which an interface goes away, as on a training host
 * where containers come and go: the bytes the interface carried stay counted and later traffic on
 * other interfaces adds to them.
 */
class DeviceChurnIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final long BYTES_PER_PHASE = 5_600_000;

    // Sends raw Ethernet frames of an experimental EtherType (no IP involved) on one interface until
    // the interface's own tx_bytes has grown by the target, and prints that growth: the bytes the
    // kernel counted as sent (loopback counts a frame without its 14-byte header).
    private static final String SEND_FRAMES = """
            import socket, sys
            interface, target = sys.argv[1], int(sys.argv[2])
            def sent():
                with open("/sys/class/net/%s/statistics/tx_bytes" % interface) as counter:
                    return int(counter.read())
            raw = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
            raw.bind((interface, 0))
            frame = b"\\xff" * 6 + b"\\x02\\x00\\x00\\x00\\x00\\x01" + b"\\x88\\xb5" + bytes(1386)
            before = sent()
            while sent() - before < target:
                for _ in range(64):
                    raw.send(frame)
            print(sent() - before)
            """;

    @TempDir
    Path work;

    @Test
    void bytesSentThroughADeletedVethPairStayCountedWhenLoopbackTrafficFollows() throws Exception {
        String name = String.format("sgc%06x", ThreadLocalRandom.current().nextInt(1 << 24));
        String pair = name + "a";
        Assumptions.assumeTrue(command("python3", "-c", "import socket; socket.AF_PACKET") == 0, "python3 with AF_PACKET");
        Assumptions.assumeTrue(command("ip", "link", "add", pair, "type", "veth", "peer", "name", name + "b") == 0,
                "creating a veth pair needs root (CAP_NET_ADMIN) and iproute2; the fixture test covers the rest");
        Path script = Files.writeString(work.resolve("send_frames.py"), SEND_FRAMES);
        Launched run = null;
        try {
            require("ip", "link", "set", pair, "up");
            require("ip", "link", "set", name + "b", "up");
            run = Distribution.start(work, Map.of(), "run", "--quiet", "--no-report", "--interval", "250ms",
                    "--set", "plugins.dir=" + Files.createDirectories(work.resolve("no-plugins")));
            Path events = awaitRunFolder().resolve("events.jsonl");
            awaitRecord(events, record -> true, "a first record");

            long throughVeth = sendFrames(script, pair);
            awaitRecord(events, record -> sent(record) >= throughVeth, "network.sent >= " + throughVeth);
            require("ip", "link", "del", pair);
            int recordsBeforeDeletion = records(events).size();
            // Two more records: at least one was sampled wholly after the pair was gone.
            awaitRecord(events, record -> false, "two records after the deletion", recordsBeforeDeletion + 2);
            long onLoopback = sendFrames(script, "lo");
            long bothPhases = throughVeth + onLoopback;
            awaitRecord(events, record -> sent(record) >= bothPhases, "network.sent >= " + throughVeth + " + " + onLoopback);

            run.process().destroy();
            assertThat(run.await().exitCode()).as(run.stderr()).isZero();
            List<Long> sent = records(events).stream().map(DeviceChurnIT::sent).toList();
            assertThat(sent.get(sent.size() - 1)).isGreaterThanOrEqualTo(bothPhases);
            assertThat(sent).as("network.sent over the run").isSorted();
        } finally {
            command("ip", "link", "del", pair); // gone already unless the test failed before deleting it
            if (run != null) {
                run.process().destroyForcibly();
            }
        }
    }

    @Test
    void anInterfaceThatVanishesAndComesBackWithAResetCounterInAFixtureProcTree() throws Exception {
        Path proc = fixtureProc();
        writeNetDev(proc, 1_000, 1_000, 50_000, 60_000, "veth7", 0, 0);
        Launched run = Distribution.start(work, Map.of(), "run", "--quiet", "--no-report", "--interval", "250ms",
                "--set", "host.proc=" + proc, "--set", "plugins.dir=" + Files.createDirectories(work.resolve("no-plugins")));
        try {
            Path events = awaitRunFolder().resolve("events.jsonl");
            awaitRecord(events, record -> true, "a first record");

            // Each step is sampled before the next is written; the totals are exact sums of growth.
            writeNetDev(proc, 1_100, 1_100, 50_000, 60_000, "veth7", 2_000_000, 3_000_000);
            assertTotals(events, 100 + 3_000_000, 100 + 2_000_000);
            writeNetDev(proc, 1_150, 1_150, 50_000, 60_000, null, 0, 0);
            assertTotals(events, 150 + 3_000_000, 150 + 2_000_000);
            // Back under the same name, its counters restarted: counted from this reading on, never negatively.
            writeNetDev(proc, 1_160, 1_160, 50_000, 60_000, "veth7", 400, 500);
            assertTotals(events, 160 + 3_000_000, 160 + 2_000_000);
            writeNetDev(proc, 1_160, 1_160, 50_700, 61_000, "veth7", 1_400, 2_500);
            assertTotals(events, 160 + 3_000_000 + 1_000 + 2_000, 160 + 2_000_000 + 700 + 1_000);

            run.process().destroy();
            assertThat(run.await().exitCode()).as(run.stderr()).isZero();
            List<Long> sent = records(events).stream().map(DeviceChurnIT::sent).toList();
            assertThat(sent).as("network.sent over the run").isSorted().endsWith(3_003_160L);
        } finally {
            run.process().destroyForcibly();
        }
    }

    // The files the host collectors and the run's metadata read, copied from this machine.
    private Path fixtureProc() throws IOException {
        Path proc = Files.createDirectories(work.resolve("host/proc"));
        for (String file : List.of("stat", "meminfo", "diskstats", "self/auxv", "self/status", "sys/kernel/hostname")) {
            Path copy = proc.resolve(file);
            Files.createDirectories(copy.getParent());
            Files.write(copy, Files.readAllBytes(Path.of("/proc").resolve(file)));
        }
        Files.createDirectories(proc.resolve("net"));
        return proc;
    }

    // Written beside and moved into place, as the kernel's file is never seen half-written.
    private static void writeNetDev(Path proc, long loIn, long loOut, long ethIn, long ethOut, String veth, long vethIn,
            long vethOut) throws IOException {
        StringBuilder netDev = new StringBuilder("""
                Inter-|   Receive                                                |  Transmit
                 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
                """);
        netDev.append(line("lo", loIn, loOut)).append(line("eth0", ethIn, ethOut));
        if (veth != null) {
            netDev.append(line(veth, vethIn, vethOut));
        }
        Path next = proc.resolve("net/dev.next");
        Files.writeString(next, netDev);
        Files.move(next, proc.resolve("net/dev"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static String line(String name, long in, long out) {
        return String.format("%6s: %d 10 0 0 0 0 0 0 %d 10 0 0 0 0 0 0%n", name, in, out);
    }

    private static void assertTotals(Path events, long sent, long received) throws Exception {
        JsonNode record = awaitRecord(events, r -> sent(r) >= sent, "network.sent >= " + sent);
        assertThat(sent(record)).as("network.sent").isEqualTo(sent);
        assertThat(record.get("system.network.recv").asLong()).as("network.recv").isEqualTo(received);
    }

    private long sendFrames(Path script, String interfaceName) throws IOException, InterruptedException {
        Process python = new ProcessBuilder("python3", script.toString(), interfaceName, Long.toString(BYTES_PER_PHASE))
                .redirectErrorStream(true).start();
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(python.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(python.exitValue()).as(output).isZero();
        long counted = Long.parseLong(output);
        assertThat(counted).isGreaterThanOrEqualTo(BYTES_PER_PHASE);
        return counted;
    }

    private static long sent(JsonNode record) {
        return record.get("system.network.sent").asLong();
    }

    private static JsonNode awaitRecord(Path events, Predicate<JsonNode> wanted, String what) throws Exception {
        return awaitRecord(events, wanted, what, Integer.MAX_VALUE);
    }

    /** @return the first record that is wanted, or the last of enough records */
    private static JsonNode awaitRecord(Path events, Predicate<JsonNode> wanted, String what, int enough) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        List<JsonNode> records = List.of();
        while (System.nanoTime() < deadline) {
            records = records(events);
            for (JsonNode record : records) {
                if (wanted.test(record)) {
                    return record;
                }
            }
            if (records.size() >= enough) {
                return records.get(records.size() - 1);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no record with " + what + " in " + PATIENCE + "; the last of " + records.size() + " was "
                + (records.isEmpty() ? "none" : records.get(records.size() - 1)));
    }

    // Whole lines only: a record being written may be read half.
    private static List<JsonNode> records(Path events) throws IOException {
        List<JsonNode> records = new ArrayList<>();
        if (!Files.exists(events)) {
            return records;
        }
        String content = Files.readString(events, StandardCharsets.UTF_8);
        for (String line : content.substring(0, content.lastIndexOf('\n') + 1).split("\n")) {
            if (!line.isBlank()) {
                records.add(Distribution.STRICT_JSON.readTree(line));
            }
        }
        return records;
    }

    private Path awaitRunFolder() throws Exception {
        return Distribution.awaitRun(work.resolve("sysgauge-runs"));
    }

    private static int command(String... command) throws InterruptedException {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS) ? process.exitValue() : -1;
        } catch (IOException e) {
            return -1; // not installed
        }
    }

    private static void require(String... command) throws InterruptedException {
        assertThat(command(command)).as(String.join(" ", command)).isZero();
    }
}
