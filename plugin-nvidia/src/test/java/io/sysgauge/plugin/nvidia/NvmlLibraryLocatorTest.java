package io.sysgauge.plugin.nvidia;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NvmlLibraryLocatorTest {

    @TempDir
    Path root;

    @Test
    void searchesLdLibraryPathFirstThenTheDriversUsualDirectories() throws IOException {
        install("usr/lib64");
        install("opt/driver/lib");
        NvmlLibraryLocator locator = new NvmlLibraryLocator(root, Map.of("LD_LIBRARY_PATH", "/opt/driver/lib:"),
                "Linux", "amd64");

        assertThat(locator.directories()).containsExactly("/opt/driver/lib", "/usr/lib/x86_64-linux-gnu",
                "/usr/lib64", "/usr/lib", "/usr/local/nvidia/lib64", "/usr/lib/wsl/lib");
        assertThat(locator.find()).hasValue(root.resolve("opt/driver/lib/libnvidia-ml.so.1"));
    }

    @Test
    void findsTheDistributionsCopy() throws IOException {
        install("usr/lib/aarch64-linux-gnu");

        NvmlLibraryLocator locator = new NvmlLibraryLocator(root, Map.of(), "Linux", "aarch64");

        assertThat(locator.find()).hasValue(root.resolve("usr/lib/aarch64-linux-gnu/libnvidia-ml.so.1"));
    }

    @Test
    void notFoundSaysWhereItLookedAndWhatToDo() {
        NvmlLibraryLocator locator = new NvmlLibraryLocator(root, Map.of(), "Linux", "amd64");

        assertThat(locator.find()).isEmpty();
        assertThat(locator.notFound()).isEqualTo("libnvidia-ml.so.1 not found in /usr/lib/x86_64-linux-gnu,"
                + " /usr/lib64, /usr/lib, /usr/local/nvidia/lib64, /usr/lib/wsl/lib or by the dynamic linker;"
                + " install the NVIDIA driver, or set nvidia.library to the library's path");
    }

    @Test
    void onWindowsLooksForNvmlDllWhereTheDriverPutsIt() {
        NvmlLibraryLocator locator = new NvmlLibraryLocator(root,
                Map.of("ProgramW6432", "D:\\Programs", "WINDIR", "C:\\Windows"), "Windows 11", "amd64");

        assertThat(locator.fileName()).isEqualTo("nvml.dll");
        assertThat(locator.directories()).containsExactly("D:\\Programs\\NVIDIA Corporation\\NVSMI",
                "C:\\Windows\\System32");
    }

    private void install(String directory) throws IOException {
        Files.createDirectories(root.resolve(directory));
        Files.writeString(root.resolve(directory).resolve("libnvidia-ml.so.1"), "ELF");
    }
}
