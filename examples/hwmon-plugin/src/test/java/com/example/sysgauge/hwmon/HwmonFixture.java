package com.example.sysgauge.hwmon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A sysfs tree with the hwmon chips of a desktop: an Intel CPU's coretemp, two NVMe drives (both
 * named "nvme") and ACPI's thermal zone, with the values and labels those drivers print.
 */
final class HwmonFixture {

    private HwmonFixture() {}

    /**
     * @param sys the folder standing for /sys
     * @return {@code sys}
     * @throws IOException if the files cannot be written
     */
    static Path desktop(Path sys) throws IOException {
        chip(sys, 0, "acpitz");
        input(sys, 0, "temp1", "27800", null);
        chip(sys, 1, "nvme");
        input(sys, 1, "temp1", "38850", "Composite");
        input(sys, 1, "temp2", "41850", "Sensor 1");
        chip(sys, 2, "coretemp");
        input(sys, 2, "temp1", "45000", "Package id 0");
        input(sys, 2, "temp2", "43000", "Core 0");
        input(sys, 2, "temp3", "44000", "Core 1");
        chip(sys, 3, "nvme");
        input(sys, 3, "temp1", "35850", "Composite");
        return sys;
    }

    /** Makes {@code class/hwmon/hwmon<number>} with its name file. */
    static void chip(Path sys, int number, String name) throws IOException {
        Path chip = Files.createDirectories(sys.resolve("class/hwmon/hwmon" + number));
        Files.writeString(chip.resolve("name"), name + "\n");
    }

    /** Writes {@code temp<k>_input} (millidegrees) and, when given, {@code temp<k>_label} into a chip. */
    static void input(Path sys, int number, String sensor, String millidegrees, String label) throws IOException {
        Path chip = sys.resolve("class/hwmon/hwmon" + number);
        Files.writeString(chip.resolve(sensor + "_input"), millidegrees + "\n");
        if (label != null) {
            Files.writeString(chip.resolve(sensor + "_label"), label + "\n");
        }
    }
}
