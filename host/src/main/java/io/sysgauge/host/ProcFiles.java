package io.sysgauge.host;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
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
    public static long field(CharSequence content, String name) {
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

    // Index just after "Name:" at the start of a line, or -1; compares in place, as the tick
    // reads meminfo every 100 ms and "\n" + name + ":" would be two strings a call.
    private static int valueStart(CharSequence content, String name) {
        int length = content.length();
        for (int line = 0; line < length; ) {
            if (startsWith(content, line, name) && line + name.length() < length
                    && content.charAt(line + name.length()) == ':') {
                return line + name.length() + 1;
            }
            int newline = indexOf(content, '\n', line);
            line = newline < 0 ? length : newline + 1;
        }
        return -1;
    }

    /**
     * @param content text
     * @param at where to look
     * @param prefix what to look for
     * @return whether {@code content} holds {@code prefix} at {@code at}
     */
    public static boolean startsWith(CharSequence content, int at, String prefix) {
        if (at < 0 || at + prefix.length() > content.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (content.charAt(at + i) != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * @param content text
     * @param c a character
     * @param from where to start
     * @return the first index of {@code c} at or after {@code from}, or -1
     */
    public static int indexOf(CharSequence content, char c, int from) {
        for (int i = Math.max(0, from); i < content.length(); i++) {
            if (content.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }

    /**
     * A /proc file read into a byte array kept from one read to the next, seen as Latin-1 text
     * (one char per byte, as {@link #read} decodes it). A steady tick reads the same four files
     * every 100 ms: {@link Files#readAllBytes} grows and copies its array for every /proc file
     * (they report size 0) and the String copies it again, which was most of a tick's garbage.
     * Not thread-safe: one per reader, or guarded by the caller.
     */
    public static final class Buffer implements CharSequence {
        private byte[] bytes = new byte[8192];
        private ByteBuffer view = ByteBuffer.wrap(bytes);
        private int length;
        // The field found by the last nextField: [fieldStart, fieldEnd).
        private int fieldStart;
        private int fieldEnd;

        /**
         * @param file a /proc or /sys file
         * @return this buffer, holding the file's content
         * @throws IOException if it cannot be read
         */
        public Buffer read(Path file) throws IOException {
            length = 0;
            try (FileChannel channel = FileChannel.open(file)) {
                while (true) {
                    if (length == bytes.length) {
                        bytes = java.util.Arrays.copyOf(bytes, bytes.length * 2);
                        view = ByteBuffer.wrap(bytes);
                    }
                    view.limit(bytes.length).position(length);
                    int read = channel.read(view);
                    if (read < 0) {
                        return this;
                    }
                    length += read;
                }
            }
        }

        /**
         * @param start where a line starts
         * @return where it ends: its newline, or the end of the content
         */
        public int lineEnd(int start) {
            int end = indexOf(this, '\n', start);
            return end < 0 ? length() : end;
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public char charAt(int index) {
            if (index < 0 || index >= length) {
                throw new IndexOutOfBoundsException(index);
            }
            return (char) (bytes[index] & 0xff);
        }

        @Override
        public String subSequence(int start, int end) {
            if (start < 0 || end > length || start > end) {
                throw new IndexOutOfBoundsException(start + ".." + end);
            }
            return new String(bytes, start, end - start, StandardCharsets.ISO_8859_1);
        }

        @Override
        public String toString() {
            return subSequence(0, length);
        }

        /**
         * Finds the next space- or tab-separated field, as {@link #fields} splits a line.
         *
         * @param from where to start looking
         * @param end where the line ends (exclusive)
         * @return whether a field was found; then {@link #fieldStart()} and {@link #fieldEnd()} hold it
         */
        public boolean nextField(int from, int end) {
            int i = from;
            while (i < end && isSeparator(bytes[i])) {
                i++;
            }
            if (i >= end) {
                return false;
            }
            fieldStart = i;
            while (i < end && !isSeparator(bytes[i])) {
                i++;
            }
            fieldEnd = i;
            return true;
        }

        /** @return the start of the field found last */
        public int fieldStart() {
            return fieldStart;
        }

        /** @return the end (exclusive) of the field found last */
        public int fieldEnd() {
            return fieldEnd;
        }

        /**
         * @return the field found last as a number, exactly as {@link Long#parseLong(String)} reads it
         * @throws NumberFormatException if it is not one
         */
        public long fieldAsLong() {
            return Long.parseLong(this, fieldStart, fieldEnd, 10);
        }

        /**
         * @param text a string
         * @return whether the field found last equals it
         */
        public boolean fieldEquals(String text) {
            return fieldEnd - fieldStart == text.length() && startsWith(this, fieldStart, text);
        }

        private static boolean isSeparator(byte b) {
            return b == ' ' || b == '\t';
        }
    }
}
