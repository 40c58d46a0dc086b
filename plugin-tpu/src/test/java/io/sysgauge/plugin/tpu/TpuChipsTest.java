package io.sysgauge.plugin.tpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TpuChipsTest {

    @TempDir
    Path sys;

    @Test
    void countsTheGoogleTpusOnThePciBusByGeneration() throws IOException {
        for (int slot = 0; slot < 4; slot++) {
            device("0000:00:0" + (4 + slot) + ".0", "0x1ae0", "0x0063", "0x1ae0");
        }
        device("0000:00:01.0", "0x8086", "0x1237", "0x1100"); // the host bridge
        device("0000:00:03.0", "0x1ae0", "0x0042", "0x0001"); // a Google device that is no TPU (gVNIC)

        assertThat(TpuChips.scan(sys)).hasValue(new TpuChips.Found(new TpuChips.Generation("v5e", 1), 4));
    }

    @Test
    void v2AndV3ShareADeviceIdAndDifferBySubsystem() {
        assertThat(TpuChips.generation("0x0027", "0x004e")).isEqualTo(new TpuChips.Generation("v2", 2));
        assertThat(TpuChips.generation("0x0027", "0x004f")).isEqualTo(new TpuChips.Generation("v3", 2));
        assertThat(TpuChips.generation("0x0076", null)).isEqualTo(new TpuChips.Generation("7x", 2));
        assertThat(TpuChips.generation("0x0027", "0x0001")).isNull();
    }

    @Test
    void noPciTreeOrNoGoogleDeviceIsNoTpu() throws IOException {
        assertThat(TpuChips.scan(sys)).isEmpty();
        device("0000:00:01.0", "0x8086", "0x1237", "0x1100");
        assertThat(TpuChips.scan(sys)).isEmpty();
    }

    private void device(String address, String vendor, String device, String subsystem) throws IOException {
        Path directory = Files.createDirectories(sys.resolve("bus/pci/devices").resolve(address));
        Files.writeString(directory.resolve("vendor"), vendor + "\n");
        Files.writeString(directory.resolve("device"), device + "\n");
        Files.writeString(directory.resolve("subsystem_device"), subsystem + "\n");
    }
}
