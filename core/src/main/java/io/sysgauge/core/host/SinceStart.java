package io.sysgauge.core.host;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns cumulative device counters into amounts since the first reading. Each device is
 * tracked on its own, so a counter that resets (a NIC re-created, a 32-bit counter wrapping)
 * or a device that appears later neither loses nor invents traffic.
 */
public final class SinceStart {

    private final Map<String, long[]> lastRaw = new HashMap<>();
    // name -> {in, out} accumulated since the device was first seen; insertion order = first seen
    private final Map<String, long[]> accumulated = new LinkedHashMap<>();
    private long totalIn;
    private long totalOut;

    /** @param readings the current cumulative counters */
    public void update(List<DeviceCounters> readings) {
        long sumIn = 0;
        long sumOut = 0;
        for (DeviceCounters reading : readings) {
            long[] previous = lastRaw.get(reading.name());
            long[] sums = accumulated.computeIfAbsent(reading.name(), name -> new long[2]);
            if (previous != null) {
                sums[0] += advance(previous[0], reading.in());
                sums[1] += advance(previous[1], reading.out());
                previous[0] = reading.in();
                previous[1] = reading.out();
            } else {
                lastRaw.put(reading.name(), new long[] {reading.in(), reading.out()});
            }
            if (reading.countsInTotal()) {
                sumIn += sums[0];
                sumOut += sums[1];
            }
        }
        // A device that vanished keeps what it contributed.
        totalIn = Math.max(totalIn, sumIn);
        totalOut = Math.max(totalOut, sumOut);
    }

    private static long advance(long previous, long current) {
        return current >= previous ? current - previous : current;
    }

    /** @return total in (received, read) since the first reading over devices that count */
    public long totalIn() {
        return totalIn;
    }

    /** @return total out (sent, written) since the first reading over devices that count */
    public long totalOut() {
        return totalOut;
    }

    /** @return per device, {in, out} since the device was first seen */
    public Map<String, long[]> perDevice() {
        return accumulated;
    }
}
