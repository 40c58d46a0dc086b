package io.sysgauge.plugin.nvidia;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where the NVIDIA driver puts NVML: the directories searched, in order, before the library is
 * loaded, so that a machine without it is told where sysgauge looked instead of getting a linker
 * error. The dynamic linker's own search (ld.so.cache) is the last resort, tried by loading the
 * bare file name.
 */
final class NvmlLibraryLocator {

    private final Path root;
    private final Map<String, String> environment;
    private final boolean windows;
    private final String multiarch;

    /**
     * @param root where the filesystem starts ({@code /} in production, a fixture tree in tests)
     * @param environment the process environment
     * @param osName the {@code os.name} property
     * @param osArch the {@code os.arch} property
     */
    NvmlLibraryLocator(Path root, Map<String, String> environment, String osName, String osArch) {
        this.root = root;
        this.environment = environment;
        this.windows = osName.toLowerCase(Locale.ROOT).startsWith("windows");
        this.multiarch = switch (osArch) {
            case "amd64", "x86_64" -> "x86_64-linux-gnu";
            case "aarch64", "arm64" -> "aarch64-linux-gnu";
            case "ppc64le" -> "powerpc64le-linux-gnu";
            default -> osArch + "-linux-gnu";
        };
    }

    static NvmlLibraryLocator forThisMachine() {
        return new NvmlLibraryLocator(Path.of("/"), System.getenv(), System.getProperty("os.name"),
                System.getProperty("os.arch"));
    }

    /** @return the file name the driver installs NVML under */
    String fileName() {
        return windows ? "nvml.dll" : "libnvidia-ml.so.1";
    }

    /** @return the directories searched, in order, without duplicates */
    List<String> directories() {
        Set<String> directories = new LinkedHashSet<>();
        if (windows) {
            addIfSet(directories, environment.get("NVML_DLL_PATH"));
            String programFiles = environment.getOrDefault("ProgramW6432", "C:\\Program Files");
            directories.add(programFiles + "\\NVIDIA Corporation\\NVSMI");
            directories.add(environment.getOrDefault("WINDIR", "C:\\Windows") + "\\System32");
            return new ArrayList<>(directories);
        }
        for (String entry : environment.getOrDefault("LD_LIBRARY_PATH", "").split(File.pathSeparator)) {
            addIfSet(directories, entry);
        }
        directories.add("/usr/lib/" + multiarch);   // Debian and Ubuntu packages, the NVIDIA container toolkit
        directories.add("/usr/lib64");              // RHEL, SUSE
        directories.add("/usr/lib");
        directories.add("/usr/local/nvidia/lib64"); // GKE and images that mount the driver there
        directories.add("/usr/lib/wsl/lib");        // WSL 2
        return new ArrayList<>(directories);
    }

    /** @return the first directory's copy of the library, if any has one */
    Optional<Path> find() {
        for (String directory : directories()) {
            Path candidate = resolve(directory).resolve(fileName());
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** @return why NVML is missing, where sysgauge looked, and what to do */
    String notFound() {
        return fileName() + " not found in " + String.join(", ", directories())
                + (windows ? "" : " or by the dynamic linker")
                + "; install the NVIDIA driver, or set nvidia.library to the library's path";
    }

    private Path resolve(String directory) {
        Path path = Path.of(directory);
        return !windows && path.isAbsolute() ? root.resolve(directory.substring(1)) : path;
    }

    private static void addIfSet(Set<String> directories, String directory) {
        if (directory != null && !directory.isBlank()) {
            directories.add(directory.trim());
        }
    }
}
