package io.sysgauge.plugin.tpu.testing;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.sysgauge.plugin.tpu.proto.AttrValue;
import io.sysgauge.plugin.tpu.proto.Attribute;
import io.sysgauge.plugin.tpu.proto.Gauge;
import io.sysgauge.plugin.tpu.proto.KeyValueList;
import io.sysgauge.plugin.tpu.proto.Metric;
import io.sysgauge.plugin.tpu.proto.MetricRequest;
import io.sysgauge.plugin.tpu.proto.MetricResponse;
import io.sysgauge.plugin.tpu.proto.RuntimeMetricServiceGrpc;
import io.sysgauge.plugin.tpu.proto.TPUMetric;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * libtpu's runtime metrics service for tests: a real gRPC server on a loopback port, speaking the
 * service's messages, answering with the data points a test gives it, or holding calls unanswered
 * until the test releases them.
 */
public final class LoopbackTpuService implements AutoCloseable {

    private final Map<String, List<Metric>> metrics = new ConcurrentHashMap<>();
    private final AtomicInteger calls = new AtomicInteger();
    private final List<Optional<Duration>> deadlines = new CopyOnWriteArrayList<>();
    private final Server server;
    private volatile Hold hold;

    /** Calls wait for the latch, or until the time is up: a test that would hang ends instead. */
    private record Hold(CountDownLatch released, long untilNanos) {}

    private LoopbackTpuService(int port) {
        try {
            server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
                    .addService(new Service()).build().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return a service on a free loopback port */
    public static LoopbackTpuService start() {
        return new LoopbackTpuService(0);
    }

    /** @return a service on this port (a test that stops and starts the service keeps its address) */
    public static LoopbackTpuService start(int port) {
        return new LoopbackTpuService(port);
    }

    /** @return {@code 127.0.0.1:<port>}, for {@code tpu.address} */
    public String address() {
        return "127.0.0.1:" + server.getPort();
    }

    public int port() {
        return server.getPort();
    }

    /**
     * Sets a metric's data points as older libtpu versions give them: {@code device-id} as an
     * integer attribute, one gauge each.
     *
     * @param name the metric
     * @param values device index and value, alternately; whole numbers go out as as_int, others as as_double
     * @return this service
     */
    public LoopbackTpuService metric(String name, Number... values) {
        List<Metric> points = new ArrayList<>();
        for (int i = 0; i + 1 < values.length; i += 2) {
            Attribute device = Attribute.newBuilder().setKey("device-id")
                    .setValue(AttrValue.newBuilder().setIntAttr(values[i].longValue())).build();
            points.add(Metric.newBuilder().setAttribute(device).setGauge(gauge(values[i + 1])).build());
        }
        metrics.put(name, points);
        return this;
    }

    /** The same, with the device as newer libtpu versions name it: {@code device_ordinal} in a key list, as a string. */
    public LoopbackTpuService metricByOrdinal(String name, Number... values) {
        List<Metric> points = new ArrayList<>();
        for (int i = 0; i + 1 < values.length; i += 2) {
            Attribute ordinal = Attribute.newBuilder().setKey("device_ordinal")
                    .setValue(AttrValue.newBuilder().setStringAttr(Long.toString(values[i].longValue()))).build();
            Attribute coreType = Attribute.newBuilder().setKey("core_type")
                    .setValue(AttrValue.newBuilder().setStringAttr("TPU_CORE_TYPE_TENSOR_CORE")).build();
            Attribute list = Attribute.newBuilder().setKey("")
                    .setValue(AttrValue.newBuilder().setKvlistAttr(
                            KeyValueList.newBuilder().addAttributes(ordinal).addAttributes(coreType))).build();
            points.add(Metric.newBuilder().setAttribute(list).setGauge(gauge(values[i + 1])).build());
        }
        metrics.put(name, points);
        return this;
    }

    /**
     * Makes every later call wait, unanswered, until {@link #release}; after a minute they answer
     * anyway, so that a client that would wait for ever gets its answer, late, instead of hanging.
     */
    public LoopbackTpuService hold() {
        hold = new Hold(new CountDownLatch(1), System.nanoTime() + TimeUnit.MINUTES.toNanos(1));
        return this;
    }

    /** Ends {@link #hold}: calls waiting now, and later ones, answer. */
    public LoopbackTpuService release() {
        Hold held = hold;
        hold = null;
        if (held != null) {
            held.released().countDown();
        }
        return this;
    }

    /**
     * @return for each call the service has had, in order of arrival, how long its deadline left it
     *     when it arrived; empty for a call without a deadline
     */
    public List<Optional<Duration>> deadlines() {
        return List.copyOf(deadlines);
    }

    /** @return how many calls the service has had */
    public int calls() {
        return calls.get();
    }

    @Override
    public void close() {
        release();
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Gauge gauge(Number value) {
        double number = value.doubleValue();
        return number == Math.rint(number) && !(value instanceof Double)
                ? Gauge.newBuilder().setAsInt(value.longValue()).build()
                : Gauge.newBuilder().setAsDouble(number).build();
    }

    private final class Service extends RuntimeMetricServiceGrpc.RuntimeMetricServiceImplBase {
        @Override
        public void getRuntimeMetric(MetricRequest request, StreamObserver<MetricResponse> response) {
            calls.incrementAndGet();
            Deadline deadline = Context.current().getDeadline();
            deadlines.add(deadline == null ? Optional.empty()
                    : Optional.of(Duration.ofNanos(deadline.timeRemaining(TimeUnit.NANOSECONDS))));
            Hold held = hold;
            if (held != null) {
                try {
                    held.released().await(held.untilNanos() - System.nanoTime(), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            List<Metric> points = metrics.get(request.getMetricName());
            if (points == null) {
                response.onError(Status.NOT_FOUND.withDescription("metric " + request.getMetricName()
                        + " is not supported").asRuntimeException());
                return;
            }
            response.onNext(MetricResponse.newBuilder().setMetric(TPUMetric.newBuilder()
                    .setName(request.getMetricName()).addAllMetrics(points)).build());
            response.onCompleted();
        }
    }
}
