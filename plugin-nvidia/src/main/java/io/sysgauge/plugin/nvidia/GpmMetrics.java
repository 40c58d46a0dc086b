package io.sysgauge.plugin.nvidia;

import io.sysgauge.spi.MetricDescriptor;
import io.sysgauge.spi.Unit;
import java.util.List;

/**
 * The NVML GPM metrics sysgauge reads, by {@code nvmlGpmMetricId_t}, with the keys and units W&amp;B's
 * system monitor gives them ({@code gpu_nvidia.rs}: SM_UTIL is {@code smActive}, ANY_TENSOR_UTIL
 * {@code pipeTensorActive}, DRAM_BW_UTIL {@code dramActive}; the link rates, in MiB/s from NVML,
 * become bytes per second). Also the link and energy keys older GPUs get without GPM.
 */
final class GpmMetrics {

    static final double MIB = 1024.0 * 1024.0;

    /** One GPM metric: its NVML id, its keys for a GPU and for a MIG instance, and NVML's value times scale. */
    record Metric(int nvmlId, MetricDescriptor device, MetricDescriptor mig, double scale) {

        double convert(double nvmlValue) {
            return nvmlValue * scale;
        }
    }

    static final MetricDescriptor PCIE_TX = rate("pcieTxBytes", "PCIe traffic out of the GPU");
    static final MetricDescriptor PCIE_RX = rate("pcieRxBytes", "PCIe traffic into the GPU");
    static final MetricDescriptor NVLINK_TX = rate("nvlinkTxBytes", "NVLink traffic out of the GPU, all links");
    static final MetricDescriptor NVLINK_RX = rate("nvlinkRxBytes", "NVLink traffic into the GPU, all links");

    static final MetricDescriptor ENERGY = MetricDescriptor.counter("gpu.{gpu}.energyJoules", Unit.JOULES,
            "Energy the GPU used since the first sample");

    /** In the order they are asked for in one {@code nvmlGpmMetricsGet}. */
    static final List<Metric> ALL = List.of(
            percent(2, "smActive", "Share of SMs busy (GPM SM_UTIL)"),
            percent(3, "smOccupancy", "Resident warps over the SMs' maximum (GPM SM_OCCUPANCY)"),
            percent(5, "pipeTensorActive", "Time the SMs ran any tensor instruction (GPM ANY_TENSOR_UTIL)"),
            percent(11, "pipeFp64Active", "Time the SMs ran non-tensor FP64 math (GPM FP64_UTIL)"),
            percent(12, "pipeFp32Active", "Time the SMs ran non-tensor FP32 math (GPM FP32_UTIL)"),
            percent(13, "pipeFp16Active", "Time the SMs ran non-tensor FP16 math (GPM FP16_UTIL)"),
            percent(10, "dramActive", "DRAM bandwidth used over its maximum (GPM DRAM_BW_UTIL)"),
            new Metric(20, PCIE_TX, migRate("pcieTxBytes", PCIE_TX), MIB),
            new Metric(21, PCIE_RX, migRate("pcieRxBytes", PCIE_RX), MIB),
            new Metric(61, NVLINK_TX, migRate("nvlinkTxBytes", NVLINK_TX), MIB),
            new Metric(60, NVLINK_RX, migRate("nvlinkRxBytes", NVLINK_RX), MIB));

    /** The ids of {@link #ALL}, in its order. */
    static final int[] IDS = ALL.stream().mapToInt(Metric::nvmlId).toArray();

    private GpmMetrics() {}

    private static Metric percent(int nvmlId, String name, String help) {
        return new Metric(nvmlId, MetricDescriptor.of("gpu.{gpu}." + name, Unit.PERCENT, help),
                MetricDescriptor.of("gpu.{gpu}.mig.{mig}." + name, Unit.PERCENT, help + ", one MIG instance"), 1.0);
    }

    private static MetricDescriptor rate(String name, String help) {
        return MetricDescriptor.of("gpu.{gpu}." + name, Unit.BYTES_PER_SECOND, help);
    }

    private static MetricDescriptor migRate(String name, MetricDescriptor device) {
        return MetricDescriptor.of("gpu.{gpu}.mig.{mig}." + name, Unit.BYTES_PER_SECOND,
                device.help() + ", one MIG instance");
    }
}
