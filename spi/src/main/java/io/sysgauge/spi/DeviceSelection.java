package io.sysgauge.spi;

import java.util.Collection;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which accelerator devices to read and report: the {@code gpu.devices} key. Every GPU vendor
 * collector honours it, by the vendor's own device index.
 */
public final class DeviceSelection {

    private static final DeviceSelection ALL = new DeviceSelection(null);

    // null means every device
    private final Set<Integer> indices;

    private DeviceSelection(Set<Integer> indices) {
        this.indices = indices;
    }

    /** @return the selection of every device */
    public static DeviceSelection all() {
        return ALL;
    }

    /**
     * @param indices device indices as the vendor numbers them
     * @return a selection of just these devices
     */
    public static DeviceSelection of(Collection<Integer> indices) {
        return new DeviceSelection(Collections.unmodifiableSet(new TreeSet<>(indices)));
    }

    /**
     * @param index a vendor device index
     * @return whether the device is to be read
     */
    public boolean includes(int index) {
        return indices == null || indices.contains(index);
    }

    /** @return whether every device is selected */
    public boolean isAll() {
        return indices == null;
    }

    /** @return the selected indices in ascending order; empty when every device is selected */
    public Set<Integer> indices() {
        return indices == null ? Set.of() : indices;
    }

    @Override
    public String toString() {
        return indices == null ? "all" : indices.toString();
    }
}
