package io.sysgauge.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysgauge.spi.HealthEvent;
import io.sysgauge.spi.HealthLog;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HealthRelayTest {

    private static final HealthEvent XID = HealthEvent.xid(100.5, "gpu.1", 79, "XID 79: GPU has fallen off the bus");

    @Test
    void eventsBeforeTheFirstListenerAreHeldForIt() {
        HealthRelay relay = new HealthRelay();
        relay.record(XID);
        List<HealthEvent> recorded = new ArrayList<>();

        relay.addListener(recorded::add);
        relay.record(HealthEvent.lost(101, "gpu.1", "GPU is lost"));

        assertThat(recorded).containsExactly(XID, HealthEvent.lost(101, "gpu.1", "GPU is lost"));
    }

    @Test
    void aCollectorsGpusAreMovedByItsOffsetInTheSharedIndexSpace() {
        HealthRelay relay = new HealthRelay();
        List<HealthEvent> recorded = new ArrayList<>();
        relay.addListener(recorded::add);
        AtomicInteger offset = new AtomicInteger();
        HealthLog amd = relay.shifted(offset::get);

        amd.record(XID);
        offset.set(8); // eight NVIDIA GPUs before it: known once it joined
        amd.record(XID);
        amd.record(HealthEvent.lost(102, "host", "not a GPU"));

        assertThat(recorded).extracting(HealthEvent::device).containsExactly("gpu.1", "gpu.9", "host");
        assertThat(recorded.get(1)).isEqualTo(HealthEvent.xid(100.5, "gpu.9", 79, "XID 79: GPU has fallen off the bus"));
    }

    @Test
    void closingClosesTheListenersAndDropsLaterEvents() {
        HealthRelay relay = new HealthRelay();
        List<HealthEvent> recorded = new ArrayList<>();
        AtomicInteger closes = new AtomicInteger();
        class ClosingLog implements HealthLog, AutoCloseable {
            @Override
            public void record(HealthEvent event) {
                recorded.add(event);
            }

            @Override
            public void close() {
                closes.incrementAndGet();
            }
        }
        relay.addListener(new ClosingLog());

        relay.close();
        relay.record(XID);

        assertThat(closes).hasValue(1);
        assertThat(recorded).isEmpty();
    }
}
