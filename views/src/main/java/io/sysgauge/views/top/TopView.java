package io.sysgauge.views.top;

import io.sysgauge.core.config.Durations;
import io.sysgauge.core.sampling.Record;
import io.sysgauge.spi.ExportedValue;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One screen of {@code sysgauge top}: a record drawn as text lines with bars. Pure: it returns
 * the text, and the command decides how to put it on the terminal.
 */
public final class TopView {

    /** Room for the label in front of a bar: "Memory", "GPU 12", "  mem". */
    private static final int LABEL_WIDTH = 8;
    /** Room after a bar: " 100.0%" and the tree's share, such as "  tree 1234.5 MB". */
    private static final int VALUE_WIDTH = 7;
    private static final int NOTE_WIDTH = 22;
    private static final int MIN_BAR_WIDTH = 10;
    private static final Pattern GPU_INDEX = Pattern.compile("gpu\\.(\\d+)\\..*");
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private final String hostName;
    private final Duration interval;
    private final ZoneId zone;

    /**
     * @param hostName shown in the header
     * @param interval the refresh period, shown in the header
     * @param zone the time zone of the header's clock
     */
    public TopView(String hostName, Duration interval, ZoneId zone) {
        this.hostName = hostName;
        this.interval = interval;
        this.zone = zone;
    }

    /**
     * @param record one tick's values
     * @param width the terminal's columns; bars stretch to fill it
     * @return the screen, one entry a line, none longer than width where width allows
     */
    public List<String> render(Record record, int width) {
        int barWidth = Math.max(MIN_BAR_WIDTH, width - LABEL_WIDTH - 2 - VALUE_WIDTH - NOTE_WIDTH);
        List<String> lines = new ArrayList<>();
        String time = CLOCK.format(Instant.ofEpochMilli(Math.round(record.timestamp() * 1000)).atZone(zone));
        lines.add("sysgauge top  " + hostName + "  " + time + "  every " + Durations.format(interval));
        lines.add("");
        lines.add(barLine("CPU", record.value("cpu_percent"), barWidth,
                share(record.value("cpu"), "tree %.1f%%")));
        lines.add(barLine("Memory", record.value("memory_percent"), barWidth,
                share(record.value("proc.memory.rssMB"), "tree %.1f MB")));
        for (int gpu : gpuIndices(record)) {
            String device = "gpu." + gpu + ".";
            String process = "gpu.process." + gpu + ".";
            lines.add("");
            lines.add(barLine("GPU " + gpu, record.value(device + "gpu"), barWidth,
                    share(record.value(process + "gpu"), "tree %.1f%%")));
            lines.add(barLine("  mem", record.value(device + "memoryAllocated"), barWidth,
                    share(record.value(process + "memoryAllocatedBytes") / (1 << 20), "tree %.1f MB")));
            lines.add(String.format(Locale.ROOT, "%-" + LABEL_WIDTH + "s%s  %s", "", number(record.value(device + "powerWatts"), "W"),
                    number(record.value(device + "temp"), "°C")).stripTrailing());
        }
        List<String> others = otherAccelerators(record);
        if (!others.isEmpty()) {
            lines.add("");
            lines.addAll(others);
        }
        return lines;
    }

    /** {@code [#####.....]  45.0%}, or an empty bar with n/a where the value is missing. */
    static String bar(double percent, int barWidth) {
        if (Double.isNaN(percent)) {
            return "[" + ".".repeat(barWidth) + "]" + String.format(Locale.ROOT, "%" + VALUE_WIDTH + "s", "n/a");
        }
        // Values a little over 100 happen (powerPercent, rounding); the bar stops at full.
        int filled = (int) Math.round(Math.max(0, Math.min(100, percent)) / 100 * barWidth);
        return "[" + "#".repeat(filled) + ".".repeat(barWidth - filled) + "]"
                + String.format(Locale.ROOT, "%" + (VALUE_WIDTH - 1) + ".1f%%", percent);
    }

    private static String barLine(String label, double percent, int barWidth, String note) {
        return (String.format(Locale.ROOT, "%-" + LABEL_WIDTH + "s", label) + bar(percent, barWidth) + note).stripTrailing();
    }

    private static String share(double value, String format) {
        return Double.isNaN(value) ? "" : "  " + String.format(Locale.ROOT, format, value);
    }

    private static String number(double value, String unit) {
        return Double.isNaN(value) ? "- " + unit : String.format(Locale.ROOT, "%.1f %s", value, unit);
    }

    private static SortedSet<Integer> gpuIndices(Record record) {
        SortedSet<Integer> indices = new TreeSet<>();
        for (ExportedValue sample : record.samples()) {
            Matcher matcher = GPU_INDEX.matcher(sample.key());
            if (matcher.matches()) {
                indices.add(Integer.parseInt(matcher.group(1)));
            }
        }
        return indices;
    }

    /** TPU and Trainium keys as they come: their shapes differ too much for one bar layout. */
    private static List<String> otherAccelerators(Record record) {
        List<String> lines = new ArrayList<>();
        for (ExportedValue sample : record.samples()) {
            if (sample.key().startsWith("tpu.") || sample.key().startsWith("trn.")) {
                lines.add(String.format(Locale.ROOT, "%-" + LABEL_WIDTH + "s%s %s", "", sample.key(), plain(sample.value())));
            }
        }
        return lines;
    }

    private static String plain(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
