package io.sysgauge.plugin.tpu;

import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.sysgauge.spi.CollectorContext;
import io.sysgauge.spi.ConfigException;
import io.sysgauge.spi.Detect;
import io.sysgauge.spi.DeviceSelection;
import io.sysgauge.spi.MetricCollector;
import io.sysgauge.spi.Probe;
import io.sysgauge.spi.SampleWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tpu collector: Google TPUs through libtpu's runtime metrics service (gRPC, 127.0.0.1:8431 by
 * default). The service exists only while a workload holds the TPUs; until then the collector
 * asks again each tick and says nothing more than once.
 */
@Extension
public final class TpuCollector implements MetricCollector {

    private static final Logger logger = LoggerFactory.getLogger(TpuCollector.class);

    static final String ID = "tpu";
    private static final String ADDRESS_KEY = "address";
    private static final String DEFAULT_ADDRESS = "127.0.0.1:8431";
    private static final Duration LONGEST_CALLS = Duration.ofSeconds(2);

    /** What the service did last, so that each change is logged once. */
    private enum State { UNKNOWN, ANSWERING, NOT_RUNNING, FAILING }

    private RuntimeMetricsClient client;
    private String address;
    private DeviceSelection devices = DeviceSelection.all();
    private int devicesPerChip = 1;
    private long callBudgetMillis;
    private State state = State.UNKNOWN;
    private final Set<String> unsupported = new HashSet<>();

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Set<String> configKeys() {
        return Set.of(ADDRESS_KEY);
    }

    @Override
    public Probe probe(CollectorContext context) {
        address = context.config().string(ADDRESS_KEY).orElse(DEFAULT_ADDRESS);
        InetSocketAddress socketAddress = parse(address);
        Optional<TpuChips.Found> chips = TpuChips.scan(context.sysRoot());
        if (context.config().detect() == Detect.AUTO && chips.isEmpty()) {
            return Probe.absent("no Google TPU on the PCI bus (vendor " + TpuChips.GOOGLE_VENDOR
                    + " under /sys/bus/pci/devices); set tpu.detect=force to ask the metrics service at " + address
                    + " anyway");
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("address", address);
        chips.ifPresent(found -> {
            devicesPerChip = found.generation().devicesPerChip();
            metadata.put("tpu", "TPU " + found.generation().name());
            metadata.put("chip_count", found.count());
            metadata.put("devices_per_chip", devicesPerChip);
        });
        devices = context.gpuDevices();
        long halfInterval = context.interval().toMillis() / 2;
        callBudgetMillis = Math.max(1, Math.min(LONGEST_CALLS.toMillis(), halfInterval));
        client = new RuntimeMetricsClient(socketAddress);
        TpuReading first = read(Deadline.after(LONGEST_CALLS.toMillis(), TimeUnit.MILLISECONDS));
        metadata.put("service", first != null ? "answering"
                : state == State.NOT_RUNNING ? "not running yet (no TPU workload)" : "not answering");
        if (first != null) {
            metadata.put("device_count", first.usageBytes().size());
        }
        return Probe.present(metadata);
    }

    private static InetSocketAddress parse(String address) {
        int colon = address.lastIndexOf(':');
        try {
            int port = Integer.parseInt(address.substring(colon + 1));
            String host = address.substring(0, Math.max(colon, 0)).replace("[", "").replace("]", "");
            if (colon <= 0 || port <= 0 || port > 65_535) {
                throw new NumberFormatException();
            }
            return new InetSocketAddress(host, port);
        } catch (NumberFormatException e) {
            throw new ConfigException("tpu." + ADDRESS_KEY, "expected host:port such as " + DEFAULT_ADDRESS
                    + ", got '" + address + "'");
        }
    }

    @Override
    public void sample(SampleWriter out) {
        if (client == null) {
            return;
        }
        if (state != State.ANSWERING) {
            client.reconnect();
        }
        TpuReading reading = read(Deadline.after(callBudgetMillis, TimeUnit.MILLISECONDS));
        if (reading != null) {
            reading.write(out, devices, devicesPerChip);
        }
    }

    /** @return the three metrics, or null when the service is not there or did not answer in time */
    private TpuReading read(Deadline deadline) {
        try {
            TpuReading reading = new TpuReading(metric(TpuMetrics.MEMORY_USAGE, deadline),
                    metric(TpuMetrics.MEMORY_TOTAL, deadline), metric(TpuMetrics.DUTY_CYCLE, deadline));
            moveTo(State.ANSWERING, null);
            return reading;
        } catch (StatusRuntimeException e) {
            Status.Code code = e.getStatus().getCode();
            // UNAVAILABLE is a closed port: libtpu serves metrics only while a workload runs. A deadline
            // while it is not running is the reconnect to that closed port outlasting the budget on a busy
            // machine, not a new failure: saying so would flap the log between the two each tick.
            boolean stillNotRunning = code == Status.Code.DEADLINE_EXCEEDED && state == State.NOT_RUNNING;
            moveTo(code == Status.Code.UNAVAILABLE || stillNotRunning ? State.NOT_RUNNING : State.FAILING, e.getStatus());
            return null;
        }
    }

    /** One metric by device; one this libtpu does not offer is empty, and said once. */
    private Map<Integer, Double> metric(String name, Deadline deadline) {
        try {
            return TpuMetrics.byDevice(client.metric(name, deadline));
        } catch (StatusRuntimeException e) {
            Status.Code code = e.getStatus().getCode();
            if (code != Status.Code.NOT_FOUND && code != Status.Code.UNIMPLEMENTED
                    && code != Status.Code.INVALID_ARGUMENT) {
                throw e;
            }
            if (unsupported.add(name)) {
                logger.info("the TPU metrics service at {} does not offer {} ({}); its keys are left out", address,
                        name, code);
            }
            return Map.of();
        }
    }

    private void moveTo(State next, Status status) {
        if (next == state) {
            return;
        }
        State previous = state;
        state = next;
        switch (next) {
            case ANSWERING -> {
                if (previous != State.UNKNOWN) {
                    logger.info("the TPU metrics service at {} answers", address);
                }
            }
            case NOT_RUNNING -> logger.info("the TPU metrics service at {} is not running (no TPU workload yet);"
                    + " asking again each tick", address);
            case FAILING -> logger.warn("the TPU metrics service at {} {}; its values are left out while this lasts,"
                    + " and it is asked again each tick", address, status.getCode() == Status.Code.DEADLINE_EXCEEDED
                            ? "did not answer within " + callBudgetMillis + " ms" : "failed: " + status.getCode()
                                    + (status.getDescription() == null ? "" : " " + status.getDescription()));
            default -> { }
        }
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
            client = null;
        }
    }
}
