package io.sysgauge.plugin.nvidia;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One GPU's throttle episodes, from the reasons mask read at each tick: an episode of a reason
 * starts at the first tick that finds its bit set and ends at the first tick that finds it clear
 * (or at {@link #endAll}), one episode per reason per contiguous window. A tick whose read failed
 * is simply not fed: it neither ends nor starts an episode. Not thread-safe: fed by the sampling thread.
 */
final class ThrottleEpisodes {

    /** One finished episode; times in seconds since the epoch. */
    record Episode(ThrottleReasons reason, double start, double end) {
        double seconds() {
            return end - start;
        }
    }

    private final Map<ThrottleReasons, Double> openSince = new EnumMap<>(ThrottleReasons.class);

    /**
     * @param mask this tick's reasons mask
     * @param now this tick's time, seconds since the epoch
     * @return the episodes this tick ended, in bit order
     */
    List<Episode> update(long mask, double now) {
        List<Episode> ended = new ArrayList<>();
        for (ThrottleReasons reason : ThrottleReasons.ALL) {
            Double start = openSince.get(reason);
            if (reason.isActiveIn(mask)) {
                if (start == null) {
                    openSince.put(reason, now);
                }
            } else if (start != null) {
                openSince.remove(reason);
                ended.add(new Episode(reason, start, now));
            }
        }
        return ended;
    }

    /**
     * @param now when sampling stops, seconds since the epoch
     * @return the episodes still open, ended now, in bit order
     */
    List<Episode> endAll(double now) {
        return update(0, now);
    }
}
