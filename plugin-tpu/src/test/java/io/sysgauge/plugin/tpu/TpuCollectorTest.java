package io.sysgauge.plugin.tpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.sysgauge.plugin.tpu.testing.LoopbackTpuService;
import io.sysgauge.spi.ConfigException;
import io.sysgauge.spi.DeviceSelection;
import io.sysgauge.spi.Probe;
import io.sysgauge.testkit.RecordingWriter;
import io.sysgauge.testkit.TestContext;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TpuCollectorTest {

    private static final long GIB = 1L << 30;

    @TempDir
    Path sys;

    private final TpuCollector collector = new TpuCollector();
    private LoopbackTpuService service;

    @AfterEach
    void close() {
        collector.close();
        if (service != null) {
            service.close();
        }
    }

    @Test
    void readsTheServiceIntoEveryKeyOfEachDevice() throws IOException {
        chips(4, "0x0063");
        service = fourV5eChips();

        Probe probe = collector.probe(context().set("address", service.address()));

        assertThat(probe.metadata()).containsEntry("tpu", "TPU v5e").containsEntry("chip_count", 4)
                .containsEntry("service", "answering").containsEntry("device_count", 4);
        assertThat(sample()).contains(
                entry("tpu.0.memoryUsageBytes", (double) (3 * GIB)),
                entry("tpu.0.hbmCapacityTotal", (double) (16 * GIB)),
                entry("tpu.0.memoryUsage", 100.0 * 3 / 16),
                entry("tpu.0.dutyCycle", 97.5),
                entry("tpu.3.memoryUsageBytes", 0.0),
                entry("tpu.3.dutyCycle", 0.0)).hasSize(16);
    }

    @Test
    void newerLibtpuNamesDevicesByOrdinalAndChipsWithTwoDevicesShareTheirDutyCycle() throws IOException {
        chips(1, "0x0076"); // one TPU7x chip shows two devices
        service = LoopbackTpuService.start()
                .metricByOrdinal(TpuMetrics.MEMORY_USAGE, 0, 40 * GIB, 1, 50 * GIB)
                .metricByOrdinal(TpuMetrics.MEMORY_TOTAL, 0, 96 * GIB, 1, 96 * GIB)
                .metricByOrdinal(TpuMetrics.DUTY_CYCLE, 0, 62.25);

        collector.probe(context().set("address", service.address()));

        assertThat(sample()).contains(entry("tpu.0.dutyCycle", 62.25), entry("tpu.1.dutyCycle", 62.25),
                entry("tpu.1.memoryUsageBytes", (double) (50 * GIB)), entry("tpu.1.memoryUsage", 100.0 * 50 / 96));
    }

    @Test
    void withoutAWorkloadTheServiceIsNotThereAndTheCollectorStaysQuietUntilItIs() throws IOException {
        chips(4, "0x0063");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }

        Probe probe = collector.probe(context().set("address", "127.0.0.1:" + port));
        Map<String, Double> idle = sample();
        service = LoopbackTpuService.start(port).metric(TpuMetrics.MEMORY_USAGE, 0, 1024)
                .metric(TpuMetrics.MEMORY_TOTAL, 0, 2048).metric(TpuMetrics.DUTY_CYCLE, 0, 12.5);
        Map<String, Double> busy = sample();

        assertThat(probe.isPresent()).isTrue();
        assertThat(probe.metadata()).containsEntry("service", "not running yet (no TPU workload)");
        assertThat(idle).isEmpty();
        assertThat(busy).containsEntry("tpu.0.memoryUsage", 50.0);
    }

    @Test
    void aStalledServiceCostsThatTickOnly() throws IOException {
        chips(4, "0x0063");
        service = fourV5eChips();
        collector.probe(context().set("address", service.address()).interval(Duration.ofSeconds(3)));
        int probeCalls = service.deadlines().size();
        Map<String, Double> answering = sample();
        List<Optional<Duration>> tickDeadlines = service.deadlines().subList(probeCalls, service.deadlines().size());

        service.hold();
        // The service answers only after release(): the tick can end before that only by giving up.
        Map<String, Double> stalled = sample();
        service.release();
        Map<String, Double> next = sample();

        assertThat(answering).hasSize(16);
        // What the call had left when it arrived: load can only make it less.
        assertThat(tickDeadlines).as("the calls give up at half the interval").hasSize(3)
                .allSatisfy(left -> assertThat(left).hasValueSatisfying(
                        time -> assertThat(time).isLessThanOrEqualTo(Duration.ofMillis(1500))));
        assertThat(stalled).isEmpty();
        assertThat(next).hasSize(16);
    }

    @Test
    void gpuDevicesSelectsTpuDevicesToo() throws IOException {
        chips(4, "0x0063");
        service = fourV5eChips();

        collector.probe(context().set("address", service.address()).devices(DeviceSelection.of(List.of(2))));

        assertThat(sample().keySet()).containsExactlyInAnyOrder("tpu.2.memoryUsageBytes", "tpu.2.hbmCapacityTotal",
                "tpu.2.memoryUsage", "tpu.2.dutyCycle");
    }

    @Test
    void aMetricTheServiceDoesNotOfferCostsOnlyItsKeys() throws IOException {
        chips(4, "0x0063");
        service = LoopbackTpuService.start().metric(TpuMetrics.MEMORY_USAGE, 0, 1024)
                .metric(TpuMetrics.DUTY_CYCLE, 0, 3.5);

        collector.probe(context().set("address", service.address()));

        assertThat(sample()).containsOnly(entry("tpu.0.memoryUsageBytes", 1024.0), entry("tpu.0.dutyCycle", 3.5));
    }

    @Test
    void withoutATpuOnThePciBusAutoIsAbsentAndForceAsksTheServiceAnyway() throws IOException {
        service = fourV5eChips();

        Probe auto = collector.probe(context().set("address", service.address()));
        Probe forced = collector.probe(context().set("address", service.address()).set("detect", "force"));

        assertThat(auto.reason()).hasValue("no Google TPU on the PCI bus (vendor 0x1ae0 under /sys/bus/pci/devices);"
                + " set tpu.detect=force to ask the metrics service at " + service.address() + " anyway");
        assertThat(forced.isPresent()).isTrue();
        assertThat(sample()).containsEntry("tpu.1.dutyCycle", 55.0);
    }

    @Test
    void anAddressThatIsNotHostAndPortIsAConfigurationError() {
        assertThatThrownBy(() -> collector.probe(context().set("address", "localhost")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("tpu.address: expected host:port such as 127.0.0.1:8431, got 'localhost'");
    }

    static LoopbackTpuService fourV5eChips() {
        return LoopbackTpuService.start()
                .metric(TpuMetrics.MEMORY_USAGE, 0, 3 * GIB, 1, 8 * GIB, 2, 12 * GIB, 3, 0)
                .metric(TpuMetrics.MEMORY_TOTAL, 0, 16 * GIB, 1, 16 * GIB, 2, 16 * GIB, 3, 16 * GIB)
                .metric(TpuMetrics.DUTY_CYCLE, 0, 97.5, 1, 55.0, 2, 100.0, 3, 0.0);
    }

    private TestContext context() {
        return new TestContext(TpuCollector.ID).sysRoot(sys);
    }

    private void chips(int count, String deviceId) throws IOException {
        chips(sys, count, deviceId);
    }

    /** PCI functions of Google TPU chips under {@code sys/bus/pci/devices}, as sysfs shows them. */
    static void chips(Path sys, int count, String deviceId) throws IOException {
        for (int slot = 0; slot < count; slot++) {
            Path device = Files.createDirectories(sys.resolve("bus/pci/devices/0000:00:0" + (4 + slot) + ".0"));
            Files.writeString(device.resolve("vendor"), "0x1ae0\n");
            Files.writeString(device.resolve("device"), deviceId + "\n");
            Files.writeString(device.resolve("subsystem_device"), "0x1ae0\n");
        }
    }

    private Map<String, Double> sample() {
        RecordingWriter writer = new RecordingWriter();
        collector.sample(writer);
        return writer.values();
    }
}
