package io.sysgauge.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One GPU's throttle episodes, from the reasons a tool or library says are active at each tick: an
 * episode of a reason starts at the first tick that finds it active and ends at the first tick that
 * finds it inactive (or at {@link #endAll}), one episode per reason per contiguous window. A reason
 * a tick could not read is left out of that tick's states: it neither ends nor starts an episode.
 * Not thread-safe: fed by the sampling thread.
 */
public final class ThrottleEpisodes {

    /**
     * One finished episode.
     *
     * @param reason the reason's name, such as {@code hwThermalSlowdown}
     * @param start when it began, seconds since the epoch
     * @param end when it ended, seconds since the epoch
     */
    public record Episode(String reason, double start, double end) {
        /** @return its length in seconds */
        public double seconds() {
            return end - start;
        }
    }

    // Open episodes by reason, in the order they opened.
    private final Map<String, Double> openSince = new LinkedHashMap<>();

    /**
     * @param states this tick's readings: each reason read, and whether it is active
     * @param now this tick's time, seconds since the epoch
     * @return the episodes this tick ended, in the order of {@code states}
     */
    public List<Episode> update(Map<String, Boolean> states, double now) {
        List<Episode> ended = new ArrayList<>();
        states.forEach((reason, active) -> {
            Double start = openSince.get(reason);
            if (active) {
                openSince.putIfAbsent(reason, now);
            } else if (start != null) {
                openSince.remove(reason);
                ended.add(new Episode(reason, start, now));
            }
        });
        return ended;
    }

    /**
     * @param now when sampling stops (or the GPU was lost), seconds since the epoch
     * @return the episodes still open, ended now, in the order they opened
     */
    public List<Episode> endAll(double now) {
        List<Episode> ended = new ArrayList<>();
        openSince.forEach((reason, start) -> ended.add(new Episode(reason, start, now)));
        openSince.clear();
        return ended;
    }
}
