package io.sysgauge.plugin.apple;

import oshi.hardware.GpuStats;
import oshi.hardware.GpuTicks;

/**
 * A {@link GpuStats} session with settable readings, starting as OSHI's "unknown" (-1) for every one. Like OSHI's,
 * it throws once closed; a single reading set to {@link #FAILS} throws on its own.
 */
final class FakeGpuStats implements GpuStats {

    static final double FAILS = Double.NEGATIVE_INFINITY;

    double utilization = -1;
    long vramUsed = -1;
    long sharedMemoryUsed = -1;
    double temperature = -1;
    double powerDraw = -1;
    boolean closed;

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public GpuTicks getGpuTicks() {
        return new GpuTicks(0, 0);
    }

    @Override
    public double getGpuUtilization() {
        return orFail(utilization);
    }

    @Override
    public long getVramUsed() {
        checkOpen();
        return vramUsed;
    }

    @Override
    public long getSharedMemoryUsed() {
        checkOpen();
        return sharedMemoryUsed;
    }

    @Override
    public double getTemperature() {
        return orFail(temperature);
    }

    @Override
    public double getPowerDraw() {
        return orFail(powerDraw);
    }

    @Override
    public long getCoreClockMhz() {
        return -1;
    }

    @Override
    public long getMemoryClockMhz() {
        return -1;
    }

    @Override
    public double getFanSpeedPercent() {
        return -1;
    }

    private double orFail(double reading) {
        checkOpen();
        if (reading == FAILS) {
            throw new IllegalStateException("this reading fails");
        }
        return reading;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("GpuStats session has been closed");
        }
    }
}
