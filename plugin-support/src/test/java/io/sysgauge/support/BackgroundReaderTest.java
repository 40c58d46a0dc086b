package io.sysgauge.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

class BackgroundReaderTest {

    private static final List<String> ONE_GPU = List.of("gpu 0: 50 % busy");
    private static final List<String> ANOTHER_READING = List.of("gpu 0: 60 % busy");

    private final AtomicLong nanos = new AtomicLong();

    @Test
    void aReadingIsHandedOutUntilItIsOlderThanTheTimeoutPlusAnInterval() {
        CountDownLatch never = new CountDownLatch(1);
        try (BackgroundReader<String> reader = new BackgroundReader<String>("rocm-smi", "AMD GPU values", () -> {
            awaitQuietly(never); // the tool hangs after the probe's reading
            throw new IOException("interrupted");
        }, Duration.ofSeconds(1), Duration.ofSeconds(10), nanos::get)) {
            reader.start(ONE_GPU);

            nanos.set(Duration.ofSeconds(11).toNanos());
            List<String> fresh = reader.latest();
            nanos.set(Duration.ofSeconds(11).toNanos() + 1);
            List<String> stale = reader.latest();

            assertThat(fresh).isEqualTo(ONE_GPU);
            assertThat(stale).isEmpty();
        }
    }

    @Test
    void runsAtMostOncePerIntervalAndStopsOnClose() throws InterruptedException {
        Duration interval = Duration.ofMillis(100);
        // The reader's own clock, noting its last reading: the one just before a run is that run's start.
        AtomicLong lastReading = new AtomicLong();
        LongSupplier clock = () -> {
            long now = System.nanoTime();
            lastReading.set(now);
            return now;
        };
        List<Long> starts = new CopyOnWriteArrayList<>();
        AtomicReference<Thread> runner = new AtomicReference<>();
        BackgroundReader<String> reader = new BackgroundReader<>("once-per-interval-smi", "AMD GPU values", () -> {
            starts.add(lastReading.get());
            runner.set(Thread.currentThread());
            return ONE_GPU;
        }, interval, Duration.ofSeconds(10), clock);
        reader.start(null);
        await(() -> starts.size() >= 4, "four runs");

        reader.close();
        await(() -> !runner.get().isAlive(), "the reader's thread to end");

        // A busy machine can only stretch the gaps. Java 17 rounds a sleep to whole milliseconds, so a
        // gap may be short of the interval by half a millisecond; running again at once would show as ~0.
        List<Long> seen = List.copyOf(starts);
        for (int i = 1; i < seen.size(); i++) {
            assertThat(Duration.ofNanos(seen.get(i) - seen.get(i - 1))).as("between runs %s and %s", i, i + 1)
                    .isGreaterThanOrEqualTo(interval.minusMillis(1));
        }
    }

    @Test
    void closingInterruptsARunThatHangs() throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        BackgroundReader<String> reader = new BackgroundReader<>("amd-smi", "AMD GPU values", () -> {
            running.countDown();
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
                Thread.currentThread().interrupt();
            }
            throw new IOException("interrupted");
        }, Duration.ofMillis(100), Duration.ofSeconds(30), System::nanoTime);
        reader.start(null);
        assertThat(running.await(60, TimeUnit.SECONDS)).isTrue();

        reader.close();

        // Generous: only there to end the test if the run is never interrupted.
        assertThat(interrupted.await(60, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void outputThatCannotBeParsedIsLoggedOncePerFailureAndAgainWhenTheToolAnswers() throws InterruptedException {
        AtomicInteger runs = new AtomicInteger();
        AtomicBoolean garbled = new AtomicBoolean(true);
        String log = capturingStandardError(() -> {
            try (BackgroundReader<String> reader = new BackgroundReader<>("garbling-smi", "AMD GPU values", () -> {
                runs.incrementAndGet();
                if (garbled.get()) {
                    throw new IllegalStateException("unexpected token at line 1");
                }
                return ANOTHER_READING;
            }, Duration.ofMillis(10), Duration.ofSeconds(10), System::nanoTime)) {
                reader.start(ONE_GPU);
                await(() -> runs.get() >= 5, "five garbled runs");

                garbled.set(false);
                await(() -> reader.latest().equals(ANOTHER_READING), "a parsed run");
                garbled.set(true);
                int answered = runs.get();
                await(() -> runs.get() >= answered + 5, "five more garbled runs");
            }
        });

        List<String> lines = log.lines().filter(line -> line.contains("garbling-smi")).toList();
        assertThat(lines).filteredOn(line -> line.contains("reading its output failed")).hasSize(2)
                .allMatch(line -> line.startsWith("WARN") && line.contains("IllegalStateException: unexpected token")
                        && line.contains("AMD GPU values are left out until it answers"));
        assertThat(lines).filteredOn(line -> line.contains("answers again")).singleElement().asString()
                .startsWith("INFO");
    }

    /** @return what slf4j-simple printed while the action ran: it looks up System.err for every line */
    private static String capturingStandardError(Action action) throws InterruptedException {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    private interface Action {
        void run() throws InterruptedException;
    }

    /** Polls; the deadline is only there to end a test whose condition never comes. */
    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
