package io.sysgauge.spi;

/**
 * The GPU keys every GPU family writes, defined once so that all vendors' values land in one
 * Prometheus family with one help text. Spelled as W&amp;B's system metrics spell them; the
 * {@code {gpu}} placeholder is the vendor's device index (see {@link GpuDevice}).
 *
 * @since 1.2.0
 */
public final class GpuMetrics {

    /** {@code gpu.{gpu}.gpu}: share of time the GPU's compute engine was busy. */
    public static final MetricDescriptor GPU = MetricDescriptor.of("gpu.{gpu}.gpu", Unit.PERCENT,
            "Time the GPU's compute engine was busy over the driver's last sample period");
    /** {@code gpu.{gpu}.memory}: share of time the memory controller was busy. */
    public static final MetricDescriptor MEMORY = MetricDescriptor.of("gpu.{gpu}.memory", Unit.PERCENT,
            "Time the GPU memory controller was busy over the driver's last sample period");
    /** {@code gpu.{gpu}.memoryAllocated}: device memory in use over total. */
    public static final MetricDescriptor MEMORY_ALLOCATED = MetricDescriptor.of("gpu.{gpu}.memoryAllocated",
            Unit.PERCENT, "GPU memory in use over total GPU memory");
    /** {@code gpu.{gpu}.memoryAllocatedBytes}: device memory in use. */
    public static final MetricDescriptor MEMORY_ALLOCATED_BYTES = MetricDescriptor.of(
            "gpu.{gpu}.memoryAllocatedBytes", Unit.BYTES, "GPU memory in use");
    /** {@code gpu.{gpu}.temp}: GPU temperature. */
    public static final MetricDescriptor TEMP = MetricDescriptor.of("gpu.{gpu}.temp", Unit.CELSIUS,
            "GPU temperature");
    /** {@code gpu.{gpu}.powerWatts}: power draw. */
    public static final MetricDescriptor POWER_WATTS = MetricDescriptor.of("gpu.{gpu}.powerWatts", Unit.WATTS,
            "GPU power draw");
    /** {@code gpu.{gpu}.powerPercent}: power draw over the power limit. */
    public static final MetricDescriptor POWER_PERCENT = MetricDescriptor.of("gpu.{gpu}.powerPercent", Unit.PERCENT,
            "GPU power draw over its power limit (Apple GPUs: over W&B's fixed 16.5 W reference)");

    private GpuMetrics() {}
}
