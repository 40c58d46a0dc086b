package io.sysgauge.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SinceStartTest {

    private final SinceStart counters = new SinceStart();

    @Test
    void firstReadingIsTheBaseline() {
        counters.update(List.of(new DeviceCounters("eth0", 1000, 500, true)));

        assertThat(counters.totalIn()).isZero();
        assertThat(counters.totalOut()).isZero();
    }

    @Test
    void sumsGrowthOverDevicesThatCount() {
        counters.update(List.of(new DeviceCounters("sda", 1000, 500, true), new DeviceCounters("dm-0", 10, 10, false)));
        counters.update(List.of(new DeviceCounters("sda", 1600, 700, true), new DeviceCounters("dm-0", 500, 500, false)));

        assertThat(counters.totalIn()).isEqualTo(600);
        assertThat(counters.totalOut()).isEqualTo(200);
        assertThat(counters.perDevice().get("dm-0")).containsExactly(490, 490);
    }

    @Test
    void aCounterThatResetsCountsFromZeroAgain() {
        counters.update(List.of(new DeviceCounters("eth0", 1000, 1000, true)));
        counters.update(List.of(new DeviceCounters("eth0", 1500, 1200, true)));
        counters.update(List.of(new DeviceCounters("eth0", 300, 100, true)));

        assertThat(counters.totalIn()).isEqualTo(500 + 300);
        assertThat(counters.totalOut()).isEqualTo(200 + 100);
    }

    @Test
    void aDeviceThatAppearsLaterStartsFromItsOwnFirstReading() {
        counters.update(List.of(new DeviceCounters("eth0", 0, 0, true)));
        counters.update(List.of(new DeviceCounters("eth0", 100, 0, true), new DeviceCounters("wg0", 5000, 5000, true)));
        counters.update(List.of(new DeviceCounters("eth0", 100, 0, true), new DeviceCounters("wg0", 5070, 5000, true)));

        assertThat(counters.totalIn()).isEqualTo(170);
    }

    @Test
    void aDeviceThatVanishesKeepsWhatItContributed() {
        counters.update(List.of(new DeviceCounters("eth0", 0, 0, true), new DeviceCounters("veth1", 0, 0, true)));
        counters.update(List.of(new DeviceCounters("eth0", 100, 0, true), new DeviceCounters("veth1", 900, 0, true)));
        counters.update(List.of(new DeviceCounters("eth0", 150, 0, true)));

        assertThat(counters.totalIn()).isEqualTo(100 + 900 + 50);
    }

    @Test
    void trafficAfterADeviceVanishedAddsToWhatItContributed() {
        // The numbers: 5.6 MB through a veth, the veth deleted, 5.6 MB on loopback.
        long frames = 5_600_000;
        counters.update(List.of(new DeviceCounters("lo", 1000, 1000, true), new DeviceCounters("veth0", 0, 0, true)));
        counters.update(List.of(new DeviceCounters("lo", 1000, 1000, true), new DeviceCounters("veth0", 0, frames, true)));
        counters.update(List.of(new DeviceCounters("lo", 1000, 1000, true)));
        counters.update(List.of(new DeviceCounters("lo", 1000 + frames, 1000 + frames, true)));

        assertThat(counters.totalOut()).isEqualTo(2 * frames);
        assertThat(counters.totalIn()).isEqualTo(frames);
    }

    @Test
    void aDeviceThatComesBackWithAFreshCounterStartsAgainFromItsNewReading() {
        counters.update(List.of(new DeviceCounters("eth0", 0, 0, true), new DeviceCounters("veth1", 0, 0, true)));
        counters.update(List.of(new DeviceCounters("eth0", 0, 0, true), new DeviceCounters("veth1", 4000, 3000, true)));
        counters.update(List.of(new DeviceCounters("eth0", 0, 0, true)));
        counters.update(List.of(new DeviceCounters("eth0", 0, 0, true), new DeviceCounters("veth1", 10, 20, true)));
        counters.update(List.of(new DeviceCounters("eth0", 0, 0, true), new DeviceCounters("veth1", 110, 220, true)));

        assertThat(counters.totalIn()).isEqualTo(4000 + 100);
        assertThat(counters.totalOut()).isEqualTo(3000 + 200);
        assertThat(counters.perDevice().get("veth1")).containsExactly(100, 200);
    }

    @Test
    void aCounterThatGoesBackwardsWhileTheDeviceStaysNeverSubtracts() {
        counters.update(List.of(new DeviceCounters("eth0", 5000, 5000, true)));
        counters.update(List.of(new DeviceCounters("eth0", 9000, 9000, true)));
        counters.update(List.of(new DeviceCounters("eth0", 0, 0, true)));

        assertThat(counters.totalIn()).isEqualTo(4000);
        assertThat(counters.totalOut()).isEqualTo(4000);
        assertThat(counters.perDevice().get("eth0")).containsExactly(4000, 4000);
    }

    @Test
    void onlyDevicesOfTheLatestReadingAreKept() {
        for (int container = 0; container < 1000; container++) {
            counters.update(List.of(new DeviceCounters("eth0", container, 0, true),
                    new DeviceCounters("veth" + container, 0, 0, true)));
        }

        assertThat(counters.perDevice()).containsOnlyKeys("eth0", "veth999");
        assertThat(counters.totalIn()).isEqualTo(999);
    }
}
