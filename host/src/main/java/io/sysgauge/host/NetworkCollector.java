package io.sysgauge.host;

import io.sysgauge.spi.CollectorContext;
import io.sysgauge.spi.MetricCollector;
import io.sysgauge.spi.Probe;
import io.sysgauge.spi.SampleWriter;

/** {@code network.sent} and {@code network.recv}: bytes on all interfaces since the first sample. */
public final class NetworkCollector implements MetricCollector {

    private final HostSource source;
    private final SinceStart counters = new SinceStart();

    /** @param source machine counters */
    public NetworkCollector(HostSource source) {
        this.source = source;
    }

    @Override
    public String id() {
        return "network";
    }

    @Override
    public Probe probe(CollectorContext context) {
        try {
            source.networkInterfaces();
            return Probe.present();
        } catch (Exception e) {
            return Probe.absent("cannot read network counters: " + e.getMessage());
        }
    }

    @Override
    public void sample(SampleWriter out) throws Exception {
        counters.update(source.networkInterfaces());
        out.write(HostMetrics.NETWORK_SENT, counters.totalOut());
        out.write(HostMetrics.NETWORK_RECEIVED, counters.totalIn());
    }
}
