package io.sysgauge.plugin.nvidia;

import java.util.EnumSet;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which NVML readings of one GPU are off for good, and which failed and were warned about. A
 * reading this GPU or driver cannot give is not asked again; one that fails for a while is
 * logged once and left out while it lasts.
 *
 * @param <R> the readings
 */
final class ReadingSwitches<R extends Enum<R>> {

    private static final Logger logger = LoggerFactory.getLogger(ReadingSwitches.class);

    private final int gpu;
    private final EnumSet<R> off;
    private final EnumSet<R> warned;

    /**
     * @param gpu the GPU's index, for the log
     * @param readings the readings' enum
     */
    ReadingSwitches(int gpu, Class<R> readings) {
        this.gpu = gpu;
        this.off = EnumSet.noneOf(readings);
        this.warned = EnumSet.noneOf(readings);
    }

    boolean isOff(R reading) {
        return off.contains(reading);
    }

    /** Turns a reading off for good, saying why once. */
    void turnOff(R reading, String why) {
        if (off.add(reading)) {
            logger.debug("GPU {}: {} is not available ({}); not asked again", gpu, describe(reading), why);
        }
    }

    /** After a failed call: one that cannot work on this GPU turns the reading off, any other is warned about once. */
    void failed(R reading, NvmlException e) {
        if (e.isPermanent()) {
            turnOff(reading, e.getMessage());
        } else if (warned.add(reading)) {
            logger.warn("GPU {}: reading {} failed ({}); its value is left out while this lasts", gpu, describe(reading),
                    e.getMessage());
        }
    }

    private static String describe(Enum<?> reading) {
        return reading.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
