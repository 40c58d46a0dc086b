package io.sysgauge.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the small text files of /proc and /sys, and splits their lines cheaply. */
public final class ProcFiles {

    private ProcFiles() {}

    /**
     * @param file a /proc or /sys file
     * @return its content; the files are ASCII, so no charset decoding cost
     * @throws IOException if it cannot be read (a process that exited, a missing file)
     */
    public static String read(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    }

    /**
     * @param line a line of space- or tab-separated fields
     * @return the fields, without empty ones
     */
    public static List<String> fields(String line) {
        List<String> fields = new ArrayList<>(24);
        int length = line.length();
        int start = -1;
        for (int i = 0; i < length; i++) {
            char c = line.charAt(i);
            boolean separator = c == ' ' || c == '\t';
            if (separator && start >= 0) {
                fields.add(line.substring(start, i));
                start = -1;
            } else if (!separator && start < 0) {
                start = i;
            }
        }
        if (start >= 0) {
            fields.add(line.substring(start));
        }
        return fields;
    }

    /**
     * Reads {@code Name:   value unit} lines such as those of /proc/meminfo or /proc/pid/status.
     *
     * @param content the file content
     * @param name the field name without the colon
     * @return the first number after the name, or -1 if the field is absent
     */
    public static long field(String content, String name) {
        int i = valueStart(content, name);
        if (i < 0) {
            return -1;
        }
        while (i < content.length() && (content.charAt(i) == ' ' || content.charAt(i) == '\t')) {
            i++;
        }
        long value = 0;
        int digits = 0;
        for (; i < content.length() && Character.isDigit(content.charAt(i)); i++, digits++) {
            value = value * 10 + (content.charAt(i) - '0');
        }
        return digits == 0 ? -1 : value;
    }

    /**
     * @param content the file content
     * @param name the field name without the colon
     * @return the rest of the line after {@code Name:}, stripped, or null if absent
     */
    public static String text(String content, String name) {
        int start = valueStart(content, name);
        if (start < 0) {
            return null;
        }
        int end = content.indexOf('\n', start);
        return content.substring(start, end < 0 ? content.length() : end).strip();
    }

    // Index just after "Name:" at the start of a line, or -1.
    private static int valueStart(String content, String name) {
        int at = content.startsWith(name + ":") ? 0 : content.indexOf("\n" + name + ":");
        return at < 0 ? -1 : content.indexOf(':', at) + 1;
    }
}
