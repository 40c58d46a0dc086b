package io.sysgauge.host;

import io.sysgauge.spi.CollectorContext;
import io.sysgauge.spi.MetricCollector;
import io.sysgauge.spi.Probe;
import io.sysgauge.spi.SampleWriter;

/**
 * {@code memory_percent} and {@code proc.memory.availableMB}: the machine's, or the cgroup's
 * when sysgauge runs under a memory limit (a container's view, not the host's).
 */
public final class MemoryCollector implements MetricCollector {

    private final HostSource source;
    private final CgroupLimits cgroup;

    /**
     * @param source machine counters
     * @param cgroup limits that replace the machine's figures when set
     */
    public MemoryCollector(HostSource source, CgroupLimits cgroup) {
        this.source = source;
        this.cgroup = cgroup;
    }

    @Override
    public String id() {
        return "memory";
    }

    @Override
    public Probe probe(CollectorContext context) {
        try {
            source.memory();
            return Probe.present();
        } catch (Exception e) {
            return Probe.absent("cannot read memory figures: " + e.getMessage());
        }
    }

    @Override
    public void sample(SampleWriter out) throws Exception {
        if (cgroup.memoryLimitBytes().isPresent()) {
            long limit = cgroup.memoryLimitBytes().getAsLong();
            long current = cgroup.memoryCurrentBytes();
            out.write(HostMetrics.MEMORY_PERCENT, 100.0 * current / limit);
            out.write(HostMetrics.MEMORY_AVAILABLE, Math.max(0, limit - current) / HostMetrics.MB);
            return;
        }
        MemoryState memory = source.memory();
        out.write(HostMetrics.MEMORY_PERCENT, 100.0 * (memory.totalBytes() - memory.availableBytes()) / memory.totalBytes());
        out.write(HostMetrics.MEMORY_AVAILABLE, memory.availableBytes() / HostMetrics.MB);
    }
}
