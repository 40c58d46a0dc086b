package io.sysgauge.core.plugin;

import io.sysgauge.spi.Platform;

/** The one sentence for a jar whose {@code Plugin-Requires} does not admit this sysgauge's plugin platform. */
public final class PlatformMismatch {

    private PlatformMismatch() {}

    /**
     * @param requires the jar's Plugin-Requires range
     * @return such as {@code it requires platform >=2.0.0 & <3.0.0 but this sysgauge provides
     *     platform 1.2.0 (SPI 1.2.0, PF4J 3, SLF4J 2, Jackson 2, OSHI 7, JNA 5)}
     */
    public static String reason(String requires) {
        return "it requires platform " + requires + " but this sysgauge provides " + Platform.describe();
    }
}
