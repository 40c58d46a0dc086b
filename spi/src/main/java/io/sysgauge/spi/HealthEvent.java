package io.sysgauge.spi;

import java.util.Objects;

/**
 * One fact about a device's health, as a line of the run folder's {@code health.jsonl}: an error
 * the driver reported (an NVIDIA XID, an ECC error), a device that was lost, or an episode of
 * clock throttling with its start and length. Absent fields are null and are left out of the file.
 *
 * <p>Make one with the factories ({@link #xid}, {@link #ecc}, {@link #lost}, {@link #episode}).
 *
 * @param timestamp when it happened, in seconds since the epoch (the clock of a record's
 *     {@code _timestamp}); for an episode, when it ended
 * @param device the device's key prefix, such as {@code gpu.3}
 * @param kind {@link #XID}, {@link #ECC}, {@link #THROTTLE} or {@link #LOST}
 * @param code the XID number for {@link #XID}; null otherwise
 * @param reason for {@link #THROTTLE}: one of NVML's clock-event reason names ({@code swPowerCap},
 *     {@code hwThermalSlowdown}...); for {@link #ECC}: {@code singleBit} or {@code doubleBit}; null otherwise
 * @param start an episode's start, in seconds since the epoch; null for single events
 * @param durationSeconds an episode's length; null for single events
 * @param message one sentence for people, such as {@code XID 79: GPU has fallen off the bus}
 * @since 1.3.0
 */
public record HealthEvent(double timestamp, String device, String kind, Integer code, String reason, Double start,
        Double durationSeconds, String message) {

    /** A driver-reported critical error, with its number in {@code code}. */
    public static final String XID = "xid";
    /** A memory error the hardware detected, corrected or not ({@code reason}). */
    public static final String ECC = "ecc";
    /** An episode during which the clocks were held down for {@code reason}. */
    public static final String THROTTLE = "throttle";
    /** A device that fell off the bus or stopped answering. */
    public static final String LOST = "lost";

    /**
     * Checks the fields: device, kind and message are required, the timestamp is finite, and an
     * episode has both a start and a duration (a single event neither).
     *
     * @param timestamp seconds since the epoch
     * @param device the key prefix
     * @param kind the kind
     * @param code the XID number, or null
     * @param reason the reason, or null
     * @param start an episode's start, or null
     * @param durationSeconds an episode's length, or null
     * @param message one sentence
     */
    public HealthEvent {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
        if (!Double.isFinite(timestamp)) {
            throw new IllegalArgumentException("a health event's timestamp is a finite number: " + timestamp);
        }
        if ((start == null) != (durationSeconds == null)) {
            throw new IllegalArgumentException("an episode has both a start and a duration, a single event neither");
        }
    }

    /**
     * @param timestamp seconds since the epoch
     * @param device such as {@code gpu.3}
     * @param code the XID number
     * @param message such as {@code XID 79: GPU has fallen off the bus}
     * @return an {@link #XID} event
     */
    public static HealthEvent xid(double timestamp, String device, int code, String message) {
        return new HealthEvent(timestamp, device, XID, code, null, null, null, message);
    }

    /**
     * @param timestamp seconds since the epoch
     * @param device such as {@code gpu.3}
     * @param reason {@code singleBit} or {@code doubleBit}
     * @param message one sentence
     * @return an {@link #ECC} event
     */
    public static HealthEvent ecc(double timestamp, String device, String reason, String message) {
        return new HealthEvent(timestamp, device, ECC, null, reason, null, null, message);
    }

    /**
     * @param timestamp seconds since the epoch
     * @param device such as {@code gpu.3}
     * @param message one sentence, such as what the driver answered
     * @return a {@link #LOST} event
     */
    public static HealthEvent lost(double timestamp, String device, String message) {
        return new HealthEvent(timestamp, device, LOST, null, null, null, null, message);
    }

    /**
     * @param start when the episode began, seconds since the epoch
     * @param end when it ended (the event's timestamp)
     * @param device such as {@code gpu.3}
     * @param kind such as {@link #THROTTLE}
     * @param reason such as {@code hwThermalSlowdown}
     * @param message one sentence
     * @return an episode
     */
    public static HealthEvent episode(double start, double end, String device, String kind, String reason,
            String message) {
        return new HealthEvent(end, device, kind, null, reason, start, end - start, message);
    }

    /** @return whether this is an episode (it has a start and a duration) */
    public boolean isEpisode() {
        return start != null;
    }

    /**
     * How messages and summaries spell a length, so that every plugin's read alike: {@code 12 s},
     * {@code 4 min 12 s}, {@code 2 h 5 min}; rounded to whole seconds.
     *
     * @param seconds a length, not negative
     * @return the text
     */
    public static String describeDuration(double seconds) {
        long whole = Math.round(Math.max(0, seconds));
        if (whole < 60) {
            return whole + " s";
        }
        if (whole < 3600) {
            return whole / 60 + " min" + (whole % 60 == 0 ? "" : " " + whole % 60 + " s");
        }
        long minutes = whole / 60 % 60;
        return whole / 3600 + " h" + (minutes == 0 ? "" : " " + minutes + " min");
    }
}
