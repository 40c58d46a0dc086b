package io.sysgauge.plugin.tpu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Google TPU chips on the PCI bus: vendor 0x1ae0 under {@code /sys/bus/pci/devices}, the chip
 * generation told by the device id (v2 and v3 share one, told apart by the subsystem id).
 */
final class TpuChips {

    static final String GOOGLE_VENDOR = "0x1ae0";

    /**
     * A chip generation.
     *
     * @param name as Google writes it ("v5e")
     * @param devicesPerChip how many TPU devices (cores with their own HBM) a chip shows
     */
    record Generation(String name, int devicesPerChip) {}

    /**
     * What the bus shows.
     *
     * @param generation the chips' generation; all chips of a host are of one
     * @param count how many chips
     */
    record Found(Generation generation, int count) {}

    private static final Map<String, Generation> BY_DEVICE_ID = Map.of(
            "0x005e", new Generation("v4", 1),
            "0x0063", new Generation("v5e", 1),
            "0x0062", new Generation("v5p", 1),
            "0x006f", new Generation("v6e", 1),
            "0x0076", new Generation("7x", 2));
    private static final String V2_V3_DEVICE_ID = "0x0027";

    private TpuChips() {}

    /**
     * @param sysRoot where {@code /sys} is
     * @return the TPU chips on the bus, if any
     */
    static Optional<Found> scan(Path sysRoot) {
        Map<String, Integer> counts = new TreeMap<>();
        Map<String, Generation> generations = new TreeMap<>();
        Path devices = sysRoot.resolve("bus/pci/devices");
        if (!Files.isDirectory(devices)) {
            return Optional.empty();
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(devices)) {
            for (Path device : entries) {
                if (!GOOGLE_VENDOR.equals(read(device.resolve("vendor")))) {
                    continue;
                }
                Generation generation = generation(read(device.resolve("device")),
                        read(device.resolve("subsystem_device")));
                if (generation != null) {
                    counts.merge(generation.name(), 1, Integer::sum);
                    generations.put(generation.name(), generation);
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        // One generation per host; should a host ever mix them, the most numerous names it.
        return counts.entrySet().stream().max(Map.Entry.comparingByValue())
                .map(most -> new Found(generations.get(most.getKey()), most.getValue()));
    }

    /** @return the generation of a Google PCI device, or null when it is not a TPU */
    static Generation generation(String deviceId, String subsystemId) {
        if (V2_V3_DEVICE_ID.equals(deviceId)) {
            return switch (subsystemId == null ? "" : subsystemId) {
                case "0x004e" -> new Generation("v2", 2);
                case "0x004f" -> new Generation("v3", 2);
                default -> null;
            };
        }
        return BY_DEVICE_ID.get(deviceId);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII).trim().toLowerCase(java.util.Locale.ROOT);
        } catch (IOException e) {
            return null;
        }
    }
}
