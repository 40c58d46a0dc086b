package io.sysgauge.plugin.openmetrics;

import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * Decodes a gzip body (RFC 1952) as it arrives, chunk by chunk, which {@link java.util.zip.GZIPInputStream}
 * cannot do without a blocking stream: give it a chunk with {@link #input}, take the decoded bytes
 * with {@link #read} until it answers 0, then give it the next chunk; {@link #finish} at the end of
 * the body checks that the last member was whole. Each member's CRC-32 and length are checked;
 * concatenated members are read one after another, as gunzip does. Holds the inflater's window
 * and a few bytes of header, never the body; {@link #close} frees the inflater's native memory.
 */
final class GzipDecoder implements AutoCloseable {

    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;
    private static final int RESERVED_FLAGS = 0xe0;

    /** Where the decoder is in a member. */
    private enum Step { FIXED_HEADER, EXTRA_LENGTH, EXTRA, NAME, COMMENT, HEADER_CRC, BODY, TRAILER }

    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    // The fixed header (10 bytes), the extra field's length (2), the header CRC (2) or the trailer (8), as they arrive.
    private final byte[] field = new byte[10];
    private Step step = Step.FIXED_HEADER;
    private int flags;
    private int fieldLength;
    private int extraLeft;
    private long memberBytes;
    private int members;
    private byte[] input = new byte[0];
    private int position;
    private int end;

    /**
     * @param chunk the next bytes of the body; read from until {@link #read} answers 0, not after
     * @param offset where they start
     * @param length how many
     */
    void input(byte[] chunk, int offset, int length) {
        if (position < end) {
            throw new IllegalStateException("the previous chunk is not read yet");
        }
        input = chunk;
        position = offset;
        end = offset + length;
    }

    /**
     * @param out where decoded bytes go
     * @return how many were decoded; 0 once the chunk given is used up
     * @throws ZipException if the body is not gzip, or damaged
     */
    int read(byte[] out) throws ZipException {
        while (true) {
            switch (step) {
                case BODY -> {
                    if (inflater.needsInput()) {
                        if (position == end) {
                            return 0;
                        }
                        inflater.setInput(input, position, end - position);
                        position = end;
                    }
                    int decoded;
                    try {
                        decoded = inflater.inflate(out, 0, out.length);
                    } catch (DataFormatException e) {
                        throw new ZipException("damaged gzip body: " + e.getMessage());
                    }
                    if (decoded > 0) {
                        crc.update(out, 0, decoded);
                        memberBytes += decoded;
                        return decoded;
                    }
                    if (inflater.finished()) {
                        position = end - inflater.getRemaining(); // the rest of this chunk is the trailer and on
                        inflater.setInput(new byte[0]); // drop the inflater's hold on the chunk
                        step = Step.TRAILER;
                        fieldLength = 0;
                    } else if (inflater.needsDictionary()) {
                        throw new ZipException("damaged gzip body: it asks for a preset dictionary");
                    }
                }
                case TRAILER -> {
                    if (!fill(8)) {
                        return 0;
                    }
                    if (littleEndianInt(0) != (int) crc.getValue() || littleEndianInt(4) != (int) memberBytes) {
                        throw new ZipException("damaged gzip body: its CRC or length does not match");
                    }
                    members++;
                    step = Step.FIXED_HEADER;
                    fieldLength = 0;
                }
                default -> {
                    if (!header()) {
                        return 0;
                    }
                }
            }
        }
    }

    /**
     * The body has ended.
     *
     * @throws ZipException if it ended inside a member, or held none
     */
    void finish() throws ZipException {
        if (step != Step.FIXED_HEADER || fieldLength != 0 || members == 0) {
            throw new ZipException("the gzip body ends before its end (truncated?)");
        }
    }

    /** Reads the header's steps as far as the chunk goes. @return whether the body has been reached */
    private boolean header() throws ZipException {
        while (true) {
            switch (step) {
                case FIXED_HEADER -> {
                    if (!fill(10)) {
                        return false;
                    }
                    if ((field[0] & 0xff) != 0x1f || (field[1] & 0xff) != 0x8b || field[2] != 8) {
                        throw new ZipException("not a gzip body (Content-Encoding: gzip, but no gzip header)");
                    }
                    flags = field[3] & 0xff;
                    if ((flags & RESERVED_FLAGS) != 0) {
                        throw new ZipException("damaged gzip header: reserved flags set");
                    }
                    fieldLength = 0;
                    step = Step.EXTRA_LENGTH;
                }
                case EXTRA_LENGTH -> {
                    if ((flags & FEXTRA) != 0) {
                        if (!fill(2)) {
                            return false;
                        }
                        extraLeft = (field[0] & 0xff) | (field[1] & 0xff) << 8;
                    }
                    step = Step.EXTRA;
                }
                case EXTRA -> {
                    int skipped = Math.min(extraLeft, end - position);
                    position += skipped;
                    extraLeft -= skipped;
                    if (extraLeft > 0) {
                        return false;
                    }
                    step = Step.NAME;
                }
                case NAME, COMMENT -> {
                    if ((flags & (step == Step.NAME ? FNAME : FCOMMENT)) != 0) {
                        while (position < end && input[position] != 0) {
                            position++;
                        }
                        if (position == end) {
                            return false;
                        }
                        position++; // the terminating zero byte
                    }
                    step = step == Step.NAME ? Step.COMMENT : Step.HEADER_CRC;
                    fieldLength = 0;
                }
                case HEADER_CRC -> {
                    if ((flags & FHCRC) != 0 && !fill(2)) {
                        return false;
                    }
                    inflater.reset();
                    crc.reset();
                    memberBytes = 0;
                    step = Step.BODY;
                    return true;
                }
                default -> {
                    return true;
                }
            }
        }
    }

    /** Copies bytes of the chunk into {@code field} until it holds {@code length}. @return whether it does */
    private boolean fill(int length) {
        int copied = Math.min(length - fieldLength, end - position);
        System.arraycopy(input, position, field, fieldLength, copied);
        position += copied;
        fieldLength += copied;
        if (fieldLength < length) {
            return false;
        }
        fieldLength = 0;
        return true;
    }

    private int littleEndianInt(int at) {
        return (field[at] & 0xff) | (field[at + 1] & 0xff) << 8 | (field[at + 2] & 0xff) << 16 | (field[at + 3] & 0xff) << 24;
    }

    @Override
    public void close() {
        inflater.end();
    }
}
