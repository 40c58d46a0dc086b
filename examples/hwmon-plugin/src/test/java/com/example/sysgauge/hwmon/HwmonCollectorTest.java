package com.example.sysgauge.hwmon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.sysgauge.spi.Probe;
import io.sysgauge.testkit.RecordingWriter;
import io.sysgauge.testkit.TestContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HwmonCollectorTest {

    @TempDir
    Path dir;

    private final HwmonCollector collector = new HwmonCollector();

    @Test
    void everyTemperatureInDegreesWithChipsThatShareANameKeptApart() throws IOException {
        Probe probe = collector.probe(new TestContext("hwmon").sysRoot(HwmonFixture.desktop(dir)));

        assertThat(probe.isPresent()).as("%s", probe).isTrue();
        assertThat(sample()).containsExactly(
                entry("hwmon.acpitz.temp1", 27.8),
                entry("hwmon.coretemp.temp1", 45.0),
                entry("hwmon.coretemp.temp2", 43.0),
                entry("hwmon.coretemp.temp3", 44.0),
                entry("hwmon.nvme_1.temp1", 38.85),
                entry("hwmon.nvme_1.temp2", 41.85),
                entry("hwmon.nvme_3.temp1", 35.85));
        assertThat(probe.metadata()).containsEntry("hwmon_sensor_count", 7);
        assertThat(probe.metadata().get("hwmon_labels")).isEqualTo(Map.of(
                "acpitz", Map.of("temp1", "temp1"),
                "nvme_1", Map.of("temp1", "Composite", "temp2", "Sensor 1"),
                "coretemp", Map.of("temp1", "Package id 0", "temp2", "Core 0", "temp3", "Core 1"),
                "nvme_3", Map.of("temp1", "Composite")));
    }

    @Test
    void chipsSelectsByNameAndSysfsPointsAtAnotherMount() throws IOException {
        Path hostSys = HwmonFixture.desktop(dir.resolve("host/sys"));

        Probe probe = collector.probe(new TestContext("hwmon").sysRoot(dir.resolve("container-sys"))
                .set("sysfs", hostSys).set("chips", List.of("coretemp")));

        assertThat(probe.isPresent()).as("%s", probe).isTrue();
        assertThat(sample()).containsOnlyKeys("hwmon.coretemp.temp1", "hwmon.coretemp.temp2", "hwmon.coretemp.temp3");
    }

    @Test
    void olderDriversKeepTheirFilesInTheDeviceFolder() throws IOException {
        Path device = Files.createDirectories(dir.resolve("class/hwmon/hwmon0/device"));
        Files.writeString(device.resolve("name"), "it87\n");
        Files.writeString(device.resolve("temp2_input"), "51000\n");

        collector.probe(new TestContext("hwmon").sysRoot(dir));

        assertThat(sample()).containsExactly(entry("hwmon.it87.temp2", 51.0));
    }

    @Test
    void aSensorThatCannotBeReadIsLeftOutAndTheOthersStay() throws IOException {
        HwmonFixture.desktop(dir);
        collector.probe(new TestContext("hwmon").sysRoot(dir));
        // A disconnected probe: some drivers then print garbage, others fail the read.
        HwmonFixture.input(dir, 2, "temp2", "N/A", null);
        Files.delete(dir.resolve("class/hwmon/hwmon2/temp3_input"));

        assertThat(sample()).containsOnlyKeys("hwmon.acpitz.temp1", "hwmon.coretemp.temp1", "hwmon.nvme_1.temp1",
                "hwmon.nvme_1.temp2", "hwmon.nvme_3.temp1");
    }

    @Test
    void saysWhyWhenThereIsNothingToRead() throws IOException {
        Probe noClass = collector.probe(new TestContext("hwmon").sysRoot(dir));
        HwmonFixture.chip(dir, 0, "nct6775");
        Probe noTemperature = collector.probe(new TestContext("hwmon").sysRoot(dir));
        HwmonFixture.input(dir, 0, "temp1", "30000", "SYSTIN");
        Probe noneSelected = collector.probe(new TestContext("hwmon").sysRoot(dir).set("chips", List.of("k10temp")));

        assertThat(noClass.reason()).hasValue("no " + dir.resolve("class/hwmon") + " on this machine (virtual machines"
                + " and containers usually have none); set hwmon.sysfs where the host's sysfs is mounted");
        assertThat(noTemperature.reason()).hasValue("no hwmon chip under " + dir.resolve("class/hwmon")
                + " has a temperature sensor");
        assertThat(noneSelected.reason()).hasValue("hwmon.chips [k10temp] selects none of the chips here: nct6775");
    }

    private Map<String, Double> sample() {
        RecordingWriter out = new RecordingWriter();
        collector.sample(out);
        return out.values();
    }
}
