package io.sysgauge.cli.console;

import io.sysgauge.host.HostMetrics;
import io.sysgauge.core.sampling.Record;
import io.sysgauge.core.sampling.RecordSink;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line live display on a terminal, redrawn in place at every record: elapsed time,
 * records written and the headline figures. {@code run} draws it only when standard error is a
 * terminal and it runs no command: a command's own output on that terminal would land inside the
 * line, and sysgauge cannot see that output to redraw around it.
 */
public final class ProgressLine implements RecordSink {

    private final PrintWriter terminal;
    private long records;
    private boolean drawn;

    /** @param terminal where to draw (standard error, so standard output stays clean) */
    public ProgressLine(PrintWriter terminal) {
        this.terminal = terminal;
    }

    @Override
    public void accept(Record record) {
        records++;
        StringBuilder text = new StringBuilder(120);
        long seconds = (long) record.runtime();
        text.append(String.format(Locale.ROOT, "sysgauge %02d:%02d:%02d  %d record%s", seconds / 3600, seconds / 60 % 60,
                seconds % 60, records, records == 1 ? "" : "s"));
        append(text, "cpu", record.value(HostMetrics.PROCESS_CPU.key()), "%.0f%%");
        append(text, "rss", record.value(HostMetrics.PROCESS_RSS.key()), "%.0f MB");
        append(text, "host cpu", record.value(HostMetrics.SYSTEM_CPU.key()), "%.0f%%");
        append(text, "mem", record.value(HostMetrics.MEMORY_PERCENT.key()), "%.0f%%");
        terminal.print("\r\033[K" + text);
        terminal.flush();
        drawn = true;
    }

    private static void append(StringBuilder text, String label, double value, String format) {
        if (!Double.isNaN(value)) {
            text.append("  ").append(label).append(' ').append(String.format(Locale.ROOT, format, value));
        }
    }

    /** Ends the line so later output starts on a fresh one. */
    @Override
    public void close() {
        if (drawn) {
            terminal.println();
            terminal.flush();
        }
    }

    @Override
    public String toString() {
        return "progress line";
    }
}
