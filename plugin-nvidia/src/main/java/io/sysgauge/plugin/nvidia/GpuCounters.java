package io.sysgauge.plugin.nvidia;

import io.sysgauge.plugin.nvidia.Nvml.FieldValue;
import io.sysgauge.spi.MetricDescriptor;
import io.sysgauge.spi.SampleWriter;

/**
 * A GPU's energy since the first sample, and the link throughput of GPUs without GPM: PCIe from
 * {@code nvmlDeviceGetPcieThroughput}, NVLink from the data-throughput counters of
 * {@code nvmlDeviceGetFieldValues} ({@code NVML_FI_DEV_NVLINK_THROUGHPUT_DATA_TX/RX}, running
 * totals in KiB that current drivers keep; {@code nvmlDeviceGetNvLinkUtilizationCounter} is
 * deprecated and answers NOT_SUPPORTED from Ampere on). Each reading is switched off on its own when
 * the GPU or the driver lacks it, so an older GPU loses only those keys.
 */
final class GpuCounters {

    static final int NVLINK_THROUGHPUT_DATA_TX = 138; // NVML_FI_DEV_NVLINK_THROUGHPUT_DATA_TX
    static final int NVLINK_THROUGHPUT_DATA_RX = 139; // NVML_FI_DEV_NVLINK_THROUGHPUT_DATA_RX
    private static final int[] NVLINK_FIELDS = {NVLINK_THROUGHPUT_DATA_TX, NVLINK_THROUGHPUT_DATA_RX};
    // NVML's KB in nvmlDeviceGetPcieThroughput and KiB in the NVLink counters are both 1024 bytes.
    private static final double KIB = 1024.0;

    private enum Reading {
        ENERGY, PCIE, NVLINK, NVLINK_TX, NVLINK_RX
    }

    private final String label;
    private final ReadingSwitches<Reading> readings;
    private long lastEnergyMillijoules = -1;
    private long energyMillijoules; // since the first reading
    private FieldValue[] lastNvlink;

    GpuCounters(int index) {
        this.readings = new ReadingSwitches<>(index, Reading.class);
        this.label = Integer.toString(index);
    }

    /**
     * @param linksFromGpm whether GPM gave this tick's link throughput, leaving energy only; a GPU
     *     whose GPM stops answering gets the older readings from then on
     */
    void sample(Nvml nvml, long handle, boolean linksFromGpm, SampleWriter out) {
        Long energy = read(Reading.ENERGY, () -> nvml.totalEnergyMillijoules(handle));
        if (energy != null) {
            if (lastEnergyMillijoules >= 0) {
                // A total that went back (the driver reloaded) starts again from zero.
                energyMillijoules += energy >= lastEnergyMillijoules ? energy - lastEnergyMillijoules : energy;
            }
            lastEnergyMillijoules = energy;
            out.write(GpmMetrics.ENERGY, energyMillijoules / 1000.0, label);
        }
        if (linksFromGpm) {
            return;
        }
        Long transmit = read(Reading.PCIE, () -> nvml.pcieThroughputKilobytesPerSecond(handle, true));
        Long receive = read(Reading.PCIE, () -> nvml.pcieThroughputKilobytesPerSecond(handle, false));
        if (transmit != null && receive != null) {
            out.write(GpmMetrics.PCIE_TX, transmit * KIB, label);
            out.write(GpmMetrics.PCIE_RX, receive * KIB, label);
        }
        if (!readings.isOff(Reading.NVLINK_TX) || !readings.isOff(Reading.NVLINK_RX)) {
            FieldValue[] nvlink = read(Reading.NVLINK, () -> nvml.fieldValues(handle, NVLINK_FIELDS));
            if (nvlink != null) {
                writeRate(out, GpmMetrics.NVLINK_TX, Reading.NVLINK_TX, nvlink, 0);
                writeRate(out, GpmMetrics.NVLINK_RX, Reading.NVLINK_RX, nvlink, 1);
            }
            lastNvlink = nvlink;
        }
    }

    /** Writes one direction's bytes per second between the last reading and this one, by NVML's stamps. */
    private void writeRate(SampleWriter out, MetricDescriptor metric, Reading reading,
            FieldValue[] now, int field) {
        if (readings.isOff(reading)) {
            return;
        }
        FieldValue value = now[field];
        if (!value.ok()) {
            // A GPU without NVLink says NOT_SUPPORTED for the field; anything else may pass.
            if (value.nvmlReturn() == NvmlException.NOT_SUPPORTED) {
                readings.turnOff(reading, "NVML error " + value.nvmlReturn());
            }
            return;
        }
        FieldValue before = lastNvlink == null ? null : lastNvlink[field];
        if (before == null || !before.ok()) {
            return;
        }
        long micros = value.timestampMicros() - before.timestampMicros();
        double kibibytes = value.value() - before.value();
        if (micros > 0 && kibibytes >= 0) { // a counter that went back was reset: no rate this tick
            out.write(metric, kibibytes * KIB * 1e6 / micros, label);
        }
    }

    private <T> T read(Reading reading, GpuDevice.Read<T> read) {
        if (readings.isOff(reading)) {
            return null;
        }
        try {
            return read.read();
        } catch (NvmlException e) {
            readings.failed(reading, e);
            return null;
        }
    }
}
