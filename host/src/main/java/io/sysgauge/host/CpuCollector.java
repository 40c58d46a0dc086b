package io.sysgauge.host;

import io.sysgauge.spi.CollectorContext;
import io.sysgauge.spi.MetricCollector;
import io.sysgauge.spi.Probe;
import io.sysgauge.spi.SampleWriter;

/** {@code cpu_percent}, {@code cpu_iowait_percent}, and {@code cpu.{c}.cpu_percent} with {@code cpu.perCore: true}. */
public final class CpuCollector implements MetricCollector {

    private final HostSource source;
    private final boolean perCore;
    private CpuTimes previous;

    /**
     * @param source machine counters
     * @param perCore whether to write one value per logical CPU
     */
    public CpuCollector(HostSource source, boolean perCore) {
        this.source = source;
        this.perCore = perCore;
    }

    @Override
    public String id() {
        return "cpu";
    }

    @Override
    public Probe probe(CollectorContext context) {
        try {
            previous = source.cpuTimes();
            return Probe.present();
        } catch (Exception e) {
            return Probe.absent("cannot read CPU times: " + e.getMessage());
        }
    }

    @Override
    public void sample(SampleWriter out) throws Exception {
        CpuTimes current = source.cpuTimes();
        out.write(HostMetrics.SYSTEM_CPU, current.busyPercentSince(previous));
        out.write(HostMetrics.SYSTEM_IOWAIT, current.iowaitPercentSince(previous));
        if (perCore) {
            for (int cpu : current.cpus()) {
                out.write(HostMetrics.CORE_CPU, current.busyPercentSince(previous, cpu), Integer.toString(cpu));
            }
        }
        previous = current;
    }
}
