package io.sysgauge.plugin.ipu;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the two gc-info outputs the plugin uses: the device listing of {@code --list-devices} and
 * the {@code key: value} attribute blocks of {@code --device-info}.
 */
final class GcInfoParser {

    // A top-level entry: "-+- Id: [0], target: [Fabric], IPU-M host: [10.1.5.10], IPU#: [3]". The member IPUs of a
    // multi-IPU device follow it on " |--- Id: ..." lines, which this does not match.
    private static final Pattern LISTED_DEVICE = Pattern.compile(
            "^-\\+-\\s*Id:\\s*\\[(\\d+)\\]\\s*,\\s*target:\\s*\\[([^\\]]*)\\]");
    private static final String MULTI_IPU_TARGET = "Multi IPU";

    private GcInfoParser() {}

    /**
     * The single IPUs of a listing. Multi-IPU devices are left out: they group IPUs that are listed
     * on their own, and the temperatures, clocks and power belong to those.
     *
     * @param listing what {@code gc-info --list-devices} printed
     * @return the device ids, in listing order
     */
    static List<String> singleIpuIds(String listing) {
        List<String> ids = new ArrayList<>();
        for (String line : listing.lines().toList()) {
            Matcher entry = LISTED_DEVICE.matcher(line.strip());
            if (entry.find() && !entry.group(2).strip().equalsIgnoreCase(MULTI_IPU_TARGET) && !ids.contains(entry.group(1))) {
                ids.add(entry.group(1));
            }
        }
        return ids;
    }

    /**
     * The devices of {@code --device-info} output. A device starts at a heading line such as
     * {@code Device Info:}, or at an {@code id:} line, so several devices' outputs run together are
     * read as several devices; indentation and a leading {@code "- "} are ignored.
     * A block without an {@code id} attribute is dropped: a device is known by its id.
     *
     * @param output what one or more runs printed
     * @return the devices, in output order
     */
    static List<DeviceAttributes> deviceInfo(String output) {
        List<DeviceAttributes> devices = new ArrayList<>();
        Map<String, String> block = new LinkedHashMap<>();
        for (String line : output.lines().toList()) {
            String text = line.strip();
            if (text.startsWith("- ")) {
                text = text.substring(2).strip();
            }
            // The key ends at the first colon: values such as "pci id: 0000:1a:00.0" have colons of their own.
            int colon = text.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String key = text.substring(0, colon).strip();
            String value = text.substring(colon + 1).strip();
            // gc-info prints the id first: an id line after other lines begins the next device.
            if (value.isEmpty() || (key.equals(DeviceAttributes.ID) && !block.isEmpty())) {
                close(block, devices);
                block = new LinkedHashMap<>();
                if (value.isEmpty()) {
                    continue;
                }
            }
            block.put(key, value);
        }
        close(block, devices);
        return devices;
    }

    private static void close(Map<String, String> block, List<DeviceAttributes> devices) {
        String id = block.get(DeviceAttributes.ID);
        if (id != null) {
            devices.add(new DeviceAttributes(id, block));
        }
    }
}
