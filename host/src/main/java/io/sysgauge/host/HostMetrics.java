package io.sysgauge.host;

import io.sysgauge.spi.MetricDescriptor;
import io.sysgauge.spi.Unit;

/** The host and process keys of metrics.md, spelled as W&amp;B spells them. */
public final class HostMetrics {

    /** 2^20 bytes, W&amp;B's MB. */
    public static final double MB = 1024.0 * 1024.0;
    /** 2^30 bytes, W&amp;B's GB. */
    public static final double GB = 1024.0 * 1024.0 * 1024.0;

    public static final MetricDescriptor PROCESS_CPU = MetricDescriptor.of("cpu", Unit.PERCENT,
            "CPU used by the monitored process tree over the last interval, over the CPUs available to it");
    public static final MetricDescriptor PROCESS_THREADS = MetricDescriptor.of("proc.cpu.threads", Unit.COUNT,
            "threads of the monitored process tree");
    public static final MetricDescriptor PROCESS_RSS = MetricDescriptor.of("proc.memory.rssMB", Unit.MEBIBYTES,
            "resident set size of the monitored process tree");
    public static final MetricDescriptor PROCESS_MEMORY_PERCENT = MetricDescriptor.of("proc.memory.percent", Unit.PERCENT,
            "resident set size of the monitored process tree over total memory (the cgroup limit when set)");

    public static final MetricDescriptor SYSTEM_CPU = MetricDescriptor.of("cpu_percent", Unit.PERCENT,
            "whole-machine CPU busy over the last interval");
    public static final MetricDescriptor SYSTEM_IOWAIT = MetricDescriptor.of("cpu_iowait_percent", Unit.PERCENT,
            "whole-machine CPU time spent idle waiting on I/O over the last interval");
    public static final MetricDescriptor CORE_CPU = MetricDescriptor.of("cpu.{cpu}.cpu_percent", Unit.PERCENT,
            "busy share of one logical CPU over the last interval");

    public static final MetricDescriptor MEMORY_PERCENT = MetricDescriptor.of("memory_percent", Unit.PERCENT,
            "system memory in use over total (cgroup usage over limit when set)");
    public static final MetricDescriptor MEMORY_AVAILABLE = MetricDescriptor.of("proc.memory.availableMB", Unit.MEBIBYTES,
            "system memory available (cgroup limit minus usage when set)");

    public static final MetricDescriptor DISK_USAGE_PERCENT = MetricDescriptor.of("disk.{path}.usagePercent", Unit.PERCENT,
            "used share of the filesystem holding the path");
    public static final MetricDescriptor DISK_USAGE_GB = MetricDescriptor.of("disk.{path}.usageGB", Unit.GIBIBYTES,
            "used space of the filesystem holding the path");
    public static final MetricDescriptor DISK_IN = MetricDescriptor.counter("disk.in", Unit.MEBIBYTES,
            "bytes read from all disks since the first sample");
    public static final MetricDescriptor DISK_OUT = MetricDescriptor.counter("disk.out", Unit.MEBIBYTES,
            "bytes written to all disks since the first sample");
    public static final MetricDescriptor DEVICE_IN = MetricDescriptor.counter("disk.{device}.in", Unit.MEBIBYTES,
            "bytes read from the block device since the first sample");
    public static final MetricDescriptor DEVICE_OUT = MetricDescriptor.counter("disk.{device}.out", Unit.MEBIBYTES,
            "bytes written to the block device since the first sample");

    public static final MetricDescriptor NETWORK_SENT = MetricDescriptor.counter("network.sent", Unit.BYTES,
            "bytes sent on all interfaces since the first sample");
    public static final MetricDescriptor NETWORK_RECEIVED = MetricDescriptor.counter("network.recv", Unit.BYTES,
            "bytes received on all interfaces since the first sample");

    private HostMetrics() {}
}
