package io.sysgauge.plugin.ipu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class GcInfoParserTest {

    @Test
    void theRealM2000DumpIsOneIdleDeviceWithEveryAttributeInOrder() {
        List<DeviceAttributes> devices = GcInfoParser.deviceInfo(Fixtures.text("gc-info-device-info-m2000.txt"));

        assertThat(devices).singleElement().satisfies(device -> {
            assertThat(device.id()).isEqualTo("0");
            assertThat(device.attributes()).hasSize(41);
            assertThat(device.attributes().keySet()).startsWith("id", "target", "average board temp")
                    .endsWith("remote buffers supported", "total board power");
            assertThat(device.attributes()).contains(entry("clock", "1330MHz"), entry("ipu power", "N/A"),
                    entry("ipu utilisation (session)", "0.00%"), entry("link speed", "16 GT/s"),
                    entry("ipuof partition id", "pt-jiwoongc-16-ipus"), entry("firmware version", "2.4.4"));
            assertThat(device.userProcessId()).isEmpty();
        });
    }

    @Test
    void indentedDumpsKeepColonsInsideValuesAndNameTheirProcess() {
        DeviceAttributes c600 = GcInfoParser.deviceInfo(Fixtures.text("gc-info-device-info-c600.txt")).get(0);
        DeviceAttributes c2 = GcInfoParser.deviceInfo(Fixtures.text("gc-info-device-info-c2.txt")).get(0);

        assertThat(c600.attributes()).hasSize(40).contains(entry("pci id", "0000:35:00.0"),
                entry("average board temp", "17.8 C"), entry("parity error threshold interval", "7776000 seconds"),
                entry("user executable", "gc-hosttraffictest"));
        assertThat(c600.userProcessId()).isEqualTo(OptionalLong.of(1262065));
        assertThat(c2.attributes()).contains(entry("process start time", "20211122T224648Z"),
                entry("total board power", "99.5 W")).doesNotContainKey("ipu power");
        assertThat(c2.userProcessId()).isEqualTo(OptionalLong.of(38641));
    }

    @Test
    void outputsRunTogetherAreOneDevicePerDeviceInfoHeading() {
        String four = Fixtures.text("gc-info-device-info-pod4-ipu0.txt") + Fixtures.text("gc-info-device-info-pod4-ipu1.txt")
                + Fixtures.text("gc-info-device-info-pod4-ipu2.txt") + Fixtures.text("gc-info-device-info-pod4-ipu3.txt");

        List<DeviceAttributes> devices = GcInfoParser.deviceInfo(four);

        assertThat(devices).extracting(DeviceAttributes::id).containsExactly("0", "1", "2", "3");
        assertThat(devices).extracting(DeviceAttributes::userProcessId).containsExactly(OptionalLong.of(4242),
                OptionalLong.of(4243), OptionalLong.of(5151), OptionalLong.empty());
        assertThat(devices.get(2).attributes()).containsEntry("ipu power", "88.0 W").hasSize(44);
        assertThat(devices.get(3).attributes()).hasSize(41);
    }

    @Test
    void withoutHeadingsASecondIdStartsTheNextDeviceAndBlocksWithoutIdAreDropped() {
        String output = """
                warning: IPUOF_CONFIG_PATH not set
                clock: 100MHz

                - id: 7
                  clock: 1850MHz
                  user process id: 12
                - id: 8
                  clock: 1330MHz
                  user process id: not-a-pid
                """;

        List<DeviceAttributes> devices = GcInfoParser.deviceInfo(output);

        assertThat(devices).extracting(DeviceAttributes::id).containsExactly("7", "8");
        assertThat(devices.get(0).attributes()).containsExactly(entry("id", "7"), entry("clock", "1850MHz"),
                entry("user process id", "12"));
        assertThat(devices.get(1).userProcessId()).isEmpty();
    }

    @Test
    void theListingGivesTheSingleIpusAndLeavesMultiIpuDevicesOut() {
        assertThat(GcInfoParser.singleIpuIds(Fixtures.text("gc-info-list-devices-pod.txt")))
                .containsExactly("0", "1", "2", "3");
        // Spacing as another site's gc-info printed it, and PCIe cards.
        assertThat(GcInfoParser.singleIpuIds("""
                -+- Id:  [0], target: [PCIe], PCI Domain: [0000:1a:00.0]
                -+- Id:  [1], target: [PCIe], PCI Domain: [0000:1b:00.0]
                -+- Id:  [2], target: [Multi IPU]
                 |--- Id:  [0], DNC Id: [0]
                """)).containsExactly("0", "1");
        assertThat(GcInfoParser.singleIpuIds("Graphcore device listing:\n")).isEmpty();
    }
}
