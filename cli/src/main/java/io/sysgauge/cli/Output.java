package io.sysgauge.cli;

import io.sysgauge.core.sampling.Record;
import io.sysgauge.spi.ExportedValue;
import io.sysgauge.events.Json;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Printing records and tables for people and for scripts. */
final class Output {

    private Output() {}

    /** One flat JSON object of bare keys, as {@code once --format json} prints it. */
    static String json(Record record) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (ExportedValue sample : record.samples()) {
            values.put(sample.key(), sample.value());
        }
        return Json.pretty(values) + System.lineSeparator();
    }

    /** Key, value and unit columns. */
    static void table(Record record, PrintWriter out) {
        String[][] rows = new String[record.samples().size()][];
        for (int i = 0; i < rows.length; i++) {
            ExportedValue sample = record.samples().get(i);
            rows[i] = new String[] {sample.key(), number(sample.value()), sample.metric().unit().symbol()};
        }
        columns(List.of("KEY", "VALUE", "UNIT"), rows, out);
    }

    static void columns(List<String> header, String[][] rows, PrintWriter out) {
        int[] widths = new int[header.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = header.get(c).length();
            for (String[] row : rows) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        printRow(header.toArray(String[]::new), widths, out);
        for (String[] row : rows) {
            printRow(row, widths, out);
        }
        out.flush();
    }

    private static void printRow(String[] cells, int[] widths, PrintWriter out) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.length; c++) {
            line.append(c == cells.length - 1 ? cells[c] : String.format(Locale.ROOT, "%-" + widths[c] + "s  ", cells[c]));
        }
        out.println(line.toString().stripTrailing());
    }

    static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return String.format(Locale.ROOT, Math.abs(value) >= 100 ? "%.1f" : "%.2f", value);
    }
}
