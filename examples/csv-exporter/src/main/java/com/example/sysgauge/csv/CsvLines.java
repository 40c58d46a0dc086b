package com.example.sysgauge.csv;

import io.sysgauge.spi.ExportedRecord;
import io.sysgauge.spi.ExportedValue;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns records into CSV lines (RFC 4180): {@code _timestamp,_runtime,} then one column per key.
 * A header line comes first and again whenever a record's keys differ from the last header's,
 * since plugins join late and devices leave. A value that is not a number (NaN) is an empty cell.
 */
final class CsvLines {

    private List<String> header = List.of();

    /**
     * @param record one record
     * @return its line, after a header line when its keys differ from the last header's; each ends with a newline
     */
    String lines(ExportedRecord record) {
        List<String> keys = new ArrayList<>(record.values().size());
        for (ExportedValue value : record.values()) {
            keys.add(value.key());
        }
        StringBuilder out = new StringBuilder();
        if (!keys.equals(header)) {
            header = keys;
            out.append("_timestamp,_runtime");
            for (String key : keys) {
                out.append(',').append(cell(key));
            }
            out.append('\n');
        }
        out.append(number(record.timestamp())).append(',').append(number(record.runtime()));
        for (ExportedValue value : record.values()) {
            out.append(',').append(number(value.value()));
        }
        return out.append('\n').toString();
    }

    private static String number(double value) {
        if (Double.isNaN(value)) {
            return "";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    // Keys are dotted names, but a scraped series' may hold anything: quote what CSV must.
    private static String cell(String text) {
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }
}
