package io.sysgauge.core.session;

import io.sysgauge.spi.GpuDevice;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code gpu.{i}} index space GPU families share. The first family to join keeps its
 * vendor's indices, so a host with GPUs of one vendor reads as it always did; each later family's
 * devices continue after the highest index used. {@link Session} lets families join in a stable
 * order (NVIDIA, AMD, Apple, then the rest by id), so the numbering does not depend on which
 * probe answered first.
 */
final class GpuIndexSpace {

    private final TreeMap<Integer, Map<String, Object>> devices = new TreeMap<>();

    /**
     * @param vendor the collector's id
     * @param gpus the GPUs its probe reported, by the vendor's own index
     * @return what to add to the vendor's index to get the shared one
     */
    int assign(String vendor, List<GpuDevice> gpus) {
        if (gpus.isEmpty()) {
            return 0;
        }
        int lowest = gpus.stream().mapToInt(GpuDevice::index).min().orElseThrow();
        int offset = devices.isEmpty() ? 0 : devices.lastKey() + 1 - lowest;
        for (GpuDevice gpu : gpus) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("vendor", vendor);
            entry.put("name", gpu.name());
            if (gpu.uuid() != null) {
                entry.put("uuid", gpu.uuid());
            }
            entry.put("index", gpu.index());
            devices.put(gpu.index() + offset, entry);
        }
        return offset;
    }

    /** @return for {@code metadata.json}: each shared index (as text) with vendor, name, UUID and the vendor's index */
    Map<String, Object> describe() {
        Map<String, Object> byIndex = new LinkedHashMap<>();
        devices.forEach((index, entry) -> byIndex.put(Integer.toString(index), entry));
        return byIndex;
    }
}
