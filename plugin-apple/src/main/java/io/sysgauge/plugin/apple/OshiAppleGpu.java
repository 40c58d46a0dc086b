package io.sysgauge.plugin.apple;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import oshi.SystemInfo;
import oshi.hardware.GpuStats;
import oshi.hardware.GraphicsCard;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.util.Constants;

/**
 * The Apple silicon GPU as OSHI sees it: the one place the plugin touches OSHI's hardware layer. It finds the Apple
 * card among those {@code system_profiler SPDisplaysDataType} lists, opens OSHI's IOReport-based stats session on
 * it (no sudo needed) and reads the machine's total memory, which the GPU shares.
 */
final class OshiAppleGpu implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(OshiAppleGpu.class);

    private final GraphicsCard card;
    private final GpuStats stats;
    private final long totalMemoryBytes;

    OshiAppleGpu(GraphicsCard card, GpuStats stats, long totalMemoryBytes) {
        this.card = card;
        this.stats = stats;
        this.totalMemoryBytes = totalMemoryBytes;
    }

    /** Opens an {@link OshiAppleGpu}; the collector's seam for tests. */
    @FunctionalInterface
    interface Opener {
        OshiAppleGpu open() throws Unavailable;
    }

    /** No Apple GPU could be opened on this Mac; the message is the probe's absent reason. */
    static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        Unavailable(String reason) {
            super(reason);
        }
    }

    /**
     * Why this JVM cannot read an Apple silicon GPU, judged from its system properties alone.
     *
     * @param osName the {@code os.name} property
     * @param osArch the {@code os.arch} property
     * @return the absent reason, or empty on an arm64 macOS JVM
     */
    static Optional<String> unsupportedPlatform(String osName, String osArch) {
        if (!osName.startsWith("Mac")) {
            return Optional.of("Apple silicon GPUs are read on macOS only; this machine runs " + osName);
        }
        // OSHI reads IOReport's GPU channels only when it runs as arm64 code (its own test is os.arch aarch64).
        if (!"aarch64".equals(osArch)) {
            return Optional.of("Apple silicon GPUs are read by an arm64 JVM; this one runs as " + osArch
                    + " (an Intel Mac, or an Intel JVM under Rosetta)");
        }
        return Optional.empty();
    }

    /**
     * Finds the Apple GPU through OSHI and opens a stats session on it.
     *
     * @throws Unavailable when OSHI lists no Apple GPU or cannot start
     */
    static OshiAppleGpu open() throws Unavailable {
        GraphicsCard card;
        long totalMemoryBytes;
        try {
            HardwareAbstractionLayer hardware = new SystemInfo().getHardware();
            List<GraphicsCard> cards = hardware.getGraphicsCards();
            card = appleCard(cards).orElseThrow(() -> new Unavailable(
                    "OSHI lists no Apple GPU from system_profiler SPDisplaysDataType (cards found: "
                            + describe(cards) + ")"));
            totalMemoryBytes = hardware.getMemory().getTotal();
        } catch (RuntimeException | LinkageError e) {
            throw new Unavailable("OSHI could not read this Mac's graphics cards: " + e);
        }
        GpuStats stats;
        try {
            stats = card.createStatsSession();
        } catch (RuntimeException | LinkageError e) {
            throw new Unavailable("OSHI could not open a stats session on " + card.getName() + ": " + e);
        }
        // IOReport utilization and power are differences between two samples: a first read now makes the first
        // tick's values cover the time since the probe instead of being missing.
        try {
            stats.getGpuUtilization();
            stats.getPowerDraw();
        } catch (RuntimeException e) {
            logger.debug("first Apple GPU reading failed; the first tick may miss utilization and power: {}",
                    e.toString());
        }
        logger.debug("Apple GPU {} opened; {} bytes of unified memory", card.getName(), totalMemoryBytes);
        return new OshiAppleGpu(card, stats, totalMemoryBytes);
    }

    /**
     * @param cards the graphics cards OSHI lists
     * @return the first whose vendor or name says Apple
     */
    static Optional<GraphicsCard> appleCard(List<GraphicsCard> cards) {
        return cards.stream().filter(card -> mentionsApple(card.getVendor()) || mentionsApple(card.getName()))
                .findFirst();
    }

    private static boolean mentionsApple(String text) {
        return text != null && text.toLowerCase(Locale.ROOT).contains("apple");
    }

    private static String describe(List<GraphicsCard> cards) {
        return cards.isEmpty() ? "none"
                : cards.stream().map(card -> card.getName() + " by " + card.getVendor())
                        .collect(Collectors.joining(", "));
    }

    /** @return the card's static facts for {@code metadata.json}, leaving out what OSHI calls unknown */
    Map<String, Object> facts() {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("index", 0);
        putIfKnown(facts, "name", card.getName());
        putIfKnown(facts, "vendor", card.getVendor());
        putIfKnown(facts, "device_id", card.getDeviceId());
        // OSHI keeps system_profiler's version and revision lines here; it does not parse the GPU core count.
        putIfKnown(facts, "version_info", card.getVersionInfo());
        if (totalMemoryBytes > 0) {
            facts.put("memory_total", totalMemoryBytes);
        }
        return facts;
    }

    /** @return the card's name, or {@code "Apple GPU"} when OSHI has none */
    String name() {
        String name = card.getName();
        return isKnown(name) ? name : "Apple GPU";
    }

    AppleGpuSampler sampler() {
        return new AppleGpuSampler(stats, totalMemoryBytes);
    }

    private static void putIfKnown(Map<String, Object> facts, String key, String value) {
        if (isKnown(value)) {
            facts.put(key, value);
        }
    }

    private static boolean isKnown(String value) {
        return value != null && !value.isBlank() && !Constants.UNKNOWN.equals(value);
    }

    /** Releases the IOReport subscription. */
    @Override
    public void close() {
        try {
            stats.close();
        } catch (RuntimeException e) {
            // close must not throw: the subscription goes with the process anyway.
            logger.warn("closing the Apple GPU stats session failed: {}", e.toString());
        }
    }
}
