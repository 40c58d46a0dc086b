package io.sysgauge.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sysgauge.distribution.Distribution.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cpu} of a whole tree that keeps spawning and reaping, recorded by the launcher and set
 * against the CPU time the job itself measured (its own rusage and that of its reaped
 * children). The job's processes compete with whatever else runs on the machine; that changes
 * how much CPU they get, not whether the two figures agree.
 */
class TreeCpuIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    // No allowance: the collector counts at most what the CPUs could do in the interval, and it
    // clamps the percentage at 100.0 as well, since 100 * c / c can round to 100.00000000000001;
    // values are written at full double precision, so 100.0 is what the file holds.
    private static final double CEILING = 100.0;

    // Waits for sysgauge's first record, by which time its baseline of the tree is taken; then
    // what the Python jobs share: a busy loop, the job's own count of its CPU time, an epoch of
    // two forked workers.
    private static final String JOB_PRELUDE_PY = """
            import glob, multiprocessing, os, resource, subprocess, sys, time

            def recording():
                return any(os.path.getsize(f) > 0 for f in glob.glob('sysgauge-runs/*/events.jsonl'))

            deadline = time.monotonic() + 30
            while not recording() and time.monotonic() < deadline:
                time.sleep(0.02)

            def busy(seconds):
                end = time.monotonic() + seconds
                while time.monotonic() < end:
                    pass

            def cpu_seconds():
                own = resource.getrusage(resource.RUSAGE_SELF)
                children = resource.getrusage(resource.RUSAGE_CHILDREN)
                return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime

            def start_counting():
                start = cpu_seconds()
                with open('started.txt', 'w') as started:
                    started.write(repr(time.time()))
                return start

            def two_busy_workers(fork, seconds):
                workers = [fork.Process(target=busy, args=(seconds,)) for _ in range(2)]
                for worker in workers:
                    worker.start()
                for worker in workers:
                    worker.join()
            """;

    @TempDir
    Path work;

    @Test
    void pythonWorkersStartedAndJoinedEveryEpochNeverReadAbove100AndSumToTheJobsOwnCpuTime() throws Exception {
        // Like a PyTorch DataLoader without persistent workers: two busy workers per epoch, forked,
        // joined; then short helper processes. fork is named: Python 3.14 defaults to forkserver,
        // whose workers are reaped by the server, not by the job, and would miss the job's rusage.
        Path job = Files.writeString(work.resolve("job.py"), JOB_PRELUDE_PY + """
                if __name__ == '__main__':
                    time.sleep(0.5)
                    start = start_counting()
                    fork = multiprocessing.get_context('fork')
                    for epoch in range(3):
                        two_busy_workers(fork, 1.5)
                        for helper in range(3):
                            subprocess.run([sys.executable, '-c',
                                            'import time\\nend = time.monotonic() + 0.2\\nwhile time.monotonic() < end: pass'],
                                           check=True)
                    with open(sys.argv[1], 'w') as out:
                        out.write(repr(cpu_seconds() - start))
                    time.sleep(0.5)
                """);
        Path used = work.resolve("used.txt");

        Result result = Distribution.run(work, "run", "--quiet", "--no-report", "--interval", "250ms", "--",
                "python3", job.toString(), used.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        checkAgainst(Double.parseDouble(Files.readString(used).strip()), "python job");
    }

    @Test
    void workersJoinedWhileAWideTreeIsReadAreCountedOnce() throws Exception {
        // Three hundred idle processes (a pool, persistent workers) come before the short workers in
        // each read of the tree, so a worker is often joined between the read of its parent and its
        // own: it is gone, and the parent's reaped time holds it only at the next read.
        Path job = Files.writeString(work.resolve("job.py"), JOB_PRELUDE_PY + """
                def idle():
                    time.sleep(3600)

                if __name__ == '__main__':
                    fork = multiprocessing.get_context('fork')
                    pool = [fork.Process(target=idle) for _ in range(300)]
                    for process in pool:
                        process.start()
                    time.sleep(0.5)
                    start = start_counting()
                    # Idle first: a read of the tree that a busy machine delays still comes before the work.
                    time.sleep(0.3)
                    for epoch in range(20):
                        two_busy_workers(fork, 0.13)
                    with open(sys.argv[1], 'w') as out:
                        out.write(repr(cpu_seconds() - start))
                    with open('ended.txt', 'w') as ended:
                        ended.write(repr(time.time()))
                    # Idle, then the pool goes: what ending it costs is not in the job's count.
                    time.sleep(1)
                    for process in pool:
                        process.kill()
                    for process in pool:
                        process.join()
                """);
        Path used = work.resolve("used.txt");

        Result result = Distribution.run(work, "run", "--quiet", "--no-report", "--interval", "100ms", "--",
                "python3", job.toString(), used.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        double ended = Double.parseDouble(Files.readString(work.resolve("ended.txt")).strip());
        // Up to half of the idle second after the count ended. Idle before and after, the job leaves
        // /proc's 10 ms steps as the only error, well under 2 %; one worker counted twice adds up to 2.5 %.
        checkAgainst(Double.parseDouble(Files.readString(used).strip()), "workers beside a pool", ended + 0.5, 0.02);
    }

    @Test
    void aGrandchildKilledAndReapedWithItsParentIsCountedOnce() throws Exception {
        // timeout reaps the loop it killed and exits; sh reaps timeout, often within one 100 ms tick.
        // times prints the user and system time of the shell and of its reaped children.
        Path job = Files.writeString(work.resolve("job.sh"), """
                while [ ! -s "$(ls sysgauge-runs/*/events.jsonl 2>/dev/null)" ]; do sleep 0.02; done
                sleep 0.5
                times > before.txt
                date +%s.%N > started.txt
                timeout 3 sh -c 'while :; do :; done'
                times > after.txt
                sleep 0.5
                """);

        Result result = Distribution.run(work, "run", "--quiet", "--no-report", "--interval", "100ms", "--", "sh", job.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        checkAgainst(shellTimes(work.resolve("after.txt")) - shellTimes(work.resolve("before.txt")), "timeout grandchild");
    }

    // The whole run, within 5 %.
    private void checkAgainst(double jobCpuSeconds, String what) throws IOException {
        checkAgainst(jobCpuSeconds, what, Double.POSITIVE_INFINITY, 0.05);
    }

    // Every interval at most 100; over the run, the sum of cpu x interval x CPUs is the job's time.
    // Records stamped after untilTimestamp (the epoch seconds of _timestamp) are left out of the sum;
    // tolerance is a fraction of the job's time.
    private void checkAgainst(double jobCpuSeconds, String what, double untilTimestamp, double tolerance) throws IOException {
        Path run = Distribution.onlyRun(work.resolve("sysgauge-runs"));
        double cpus = availableCpus(run);
        List<JsonNode> records = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve("events.jsonl"))) {
            records.add(Distribution.STRICT_JSON.readTree(line));
        }
        double highest = 0;
        for (JsonNode record : records) {
            if (record.has("system.cpu")) {
                double cpu = record.get("system.cpu").asDouble();
                assertThat(cpu).as("cpu at _runtime %s", record.get("_runtime")).isBetween(0.0, CEILING);
                highest = Math.max(highest, cpu);
            }
        }
        // The sum starts at the last reading before the job started counting (in its idle 0.5 s):
        // sysgauge's first records may come while the job's interpreter is still starting, and
        // that time is not in the job's count.
        double started = Double.parseDouble(Files.readString(work.resolve("started.txt")).strip());
        int from = 0;
        while (from + 1 < records.size() && records.get(from + 1).get("_timestamp").asDouble() <= started) {
            from++;
        }
        assertThat(records.get(from).has("system.cpu")).as("a reading before the job started counting, record %s", from).isTrue();
        double previousRuntime = records.get(from).get("_runtime").asDouble();
        double cpuSeconds = 0;
        int readings = 0;
        for (JsonNode record : records.subList(from + 1, records.size())) {
            if (record.get("_timestamp").asDouble() > untilTimestamp) {
                break;
            }
            if (!record.has("system.cpu")) {
                continue; // after the command exited
            }
            double runtime = record.get("_runtime").asDouble();
            cpuSeconds += record.get("system.cpu").asDouble() / 100 * cpus * (runtime - previousRuntime);
            previousRuntime = runtime;
            readings++;
        }
        System.out.printf("%s: %d readings summed on %s CPUs, highest %.2f %%, sum %.3f s against the job's own %.3f s (%+.1f %%)%n",
                what, readings, cpus, highest, cpuSeconds, jobCpuSeconds, 100 * (cpuSeconds / jobCpuSeconds - 1));
        assertThat(jobCpuSeconds).as("the job did work").isPositive();
        assertThat(cpuSeconds).as("sum of cpu over the run against the job's own rusage")
                .isCloseTo(jobCpuSeconds, within(tolerance * jobCpuSeconds));
    }

    // What the process collector divided by: its probe puts it into metadata.json.
    private static double availableCpus(Path run) throws IOException {
        JsonNode metadata = JSON.readTree(run.resolve("metadata.json").toFile());
        for (JsonNode collector : metadata.get("collectors")) {
            if (collector.get("id").asText().equals("process")) {
                return collector.get("metadata").get("cpu_available").asDouble();
            }
        }
        throw new AssertionError("no process collector in " + metadata);
    }

    // "0m0.010000s 0m0.002000s\n0m2.990000s 0m0.004000s\n": the shell's, then its children's, user and system.
    private static double shellTimes(Path file) throws IOException {
        Matcher time = Pattern.compile("(\\d+)m([\\d.]+)s").matcher(Files.readString(file));
        double seconds = 0;
        int found = 0;
        while (time.find()) {
            seconds += Integer.parseInt(time.group(1)) * 60 + Double.parseDouble(time.group(2));
            found++;
        }
        assertThat(found).as("times output in %s", file).isEqualTo(4);
        return seconds;
    }
}
