package io.sysgauge.plugin.amd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The AMD GPUs the kernel's DRM layer lists, for a probe whose tool gave no first reading: their
 * {@code cardN} numbers are the indices rocm-smi and amd-smi report, so the GPUs still get their
 * place in the index space GPU families share.
 */
final class DrmCards {

    private static final Pattern CARD = Pattern.compile("card(\\d+)");
    private static final String AMD_VENDOR = "0x1002";

    private DrmCards() {}

    /**
     * @param sysRoot where /sys is
     * @return the numbers of the DRM cards whose PCI vendor is AMD, ascending; empty when none or unreadable
     */
    static List<Integer> amdCards(Path sysRoot) {
        List<Integer> cards = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(sysRoot.resolve("class/drm"))) {
            for (Path entry : entries) {
                Matcher card = CARD.matcher(entry.getFileName().toString());
                if (card.matches() && isAmd(entry.resolve("device/vendor"))) {
                    cards.add(Integer.parseInt(card.group(1)));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return List.of();
        }
        cards.sort(null);
        return cards;
    }

    private static boolean isAmd(Path vendorFile) {
        try {
            return Files.readString(vendorFile, StandardCharsets.US_ASCII).trim().equalsIgnoreCase(AMD_VENDOR);
        } catch (IOException e) {
            return false;
        }
    }
}
