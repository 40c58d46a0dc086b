package io.sysgauge.plugin.tpu;

import io.grpc.Deadline;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.sysgauge.plugin.tpu.proto.MetricRequest;
import io.sysgauge.plugin.tpu.proto.MetricResponse;
import io.sysgauge.plugin.tpu.proto.RuntimeMetricServiceGrpc;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC edge: libtpu's {@code RuntimeMetricService} over a plaintext HTTP/2 channel to a
 * loopback address (the service takes gRPC local credentials, which do not encrypt).
 */
final class RuntimeMetricsClient implements AutoCloseable {

    private final InetSocketAddress address;
    private ManagedChannel channel;
    private RuntimeMetricServiceGrpc.RuntimeMetricServiceBlockingStub stub;

    RuntimeMetricsClient(InetSocketAddress address) {
        this.address = address;
        connect();
    }

    private void connect() {
        // A socket address, not a target string: no name resolver is looked up through ServiceLoader, which a
        // plugin's class loader need not see.
        channel = NettyChannelBuilder.forAddress(address).usePlaintext().build();
        stub = RuntimeMetricServiceGrpc.newBlockingStub(channel);
    }

    /**
     * @param metricName a libtpu metric, such as {@code tpu.runtime.hbm.memory.usage.bytes}
     * @param deadline when the call must have ended
     * @return the metric's data points
     * @throws StatusRuntimeException when the service is not there, too slow, or fails
     */
    List<io.sysgauge.plugin.tpu.proto.Metric> metric(String metricName, Deadline deadline) {
        MetricResponse response = stub.withDeadline(deadline)
                .getRuntimeMetric(MetricRequest.newBuilder().setMetricName(metricName).build());
        return response.getMetric().getMetricsList();
    }

    /**
     * Starts over with a new channel. One whose connection was refused backs off for up to two
     * minutes and fails calls at once meanwhile; a TPU workload that starts should be seen on the
     * next tick, and a new channel's first call waits for its first connection attempt.
     */
    void reconnect() {
        channel.shutdownNow();
        connect();
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
