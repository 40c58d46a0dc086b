package io.sysgauge.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BackgroundReaderTest {

    private static final List<String> ONE_GPU = List.of("gpu 0: 50 % busy");

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
        AtomicInteger runs = new AtomicInteger();
        BackgroundReader<String> reader = new BackgroundReader<>("amd-smi", "AMD GPU values", () -> {
            runs.incrementAndGet();
            return ONE_GPU;
        }, Duration.ofMillis(200), Duration.ofSeconds(10), System::nanoTime);
        reader.start(null);

        Thread.sleep(1_000);
        reader.close();
        int afterClose = runs.get();
        Thread.sleep(400);

        // Starts at 0, 200, 400, 600, 800 ms (and perhaps 1000): never more often.
        assertThat(afterClose).isBetween(2, 6);
        assertThat(runs.get()).isEqualTo(afterClose);
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
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();

        reader.close();

        assertThat(interrupted.await(1, TimeUnit.SECONDS)).isTrue();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
