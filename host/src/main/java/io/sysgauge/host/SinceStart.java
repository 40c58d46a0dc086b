package io.sysgauge.host;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns cumulative device counters into amounts since the first reading. The totals are sums
 * of each device's growth between consecutive readings, so a device that vanishes (a veth of a
 * finished container) keeps what it contributed, and later traffic on other devices adds to it.
 * A device is counted from its first reading on; one that vanishes is forgotten, so one that
 * comes back under the same name starts again from its new reading. A counter that goes
 * backwards (a NIC re-created between two readings, a 32-bit counter wrapping) counts as reset to
 * zero: its new value is what it gained, never a negative amount.
 */
public final class SinceStart {

    // Both maps hold the devices of the latest reading only, so churning devices do not pile up.
    private Map<String, long[]> lastRaw = new LinkedHashMap<>();
    // name -> {in, out} accumulated since the device was first seen; insertion order = reading order
    private Map<String, long[]> accumulated = new LinkedHashMap<>();
    private long totalIn;
    private long totalOut;

    /** @param readings the current cumulative counters */
    public void update(List<DeviceCounters> readings) {
        Map<String, long[]> raw = new LinkedHashMap<>();
        Map<String, long[]> sums = new LinkedHashMap<>();
        for (DeviceCounters reading : readings) {
            long[] previous = lastRaw.get(reading.name());
            long[] deviceSums = accumulated.getOrDefault(reading.name(), new long[2]);
            if (previous != null) {
                long in = advance(previous[0], reading.in());
                long out = advance(previous[1], reading.out());
                deviceSums[0] += in;
                deviceSums[1] += out;
                if (reading.countsInTotal()) {
                    totalIn += in;
                    totalOut += out;
                }
            }
            raw.put(reading.name(), new long[] {reading.in(), reading.out()});
            sums.put(reading.name(), deviceSums);
        }
        lastRaw = raw;
        accumulated = sums;
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

    /** @return per device of the latest reading, {in, out} since the device was first seen */
    public Map<String, long[]> perDevice() {
        return Collections.unmodifiableMap(accumulated);
    }
}
