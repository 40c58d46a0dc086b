package io.sysgauge.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysgauge.core.sampling.Record;
import io.sysgauge.spi.ExportedValue;
import io.sysgauge.spi.MetricDescriptor;
import io.sysgauge.spi.Unit;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The events file on a disk that fills up: a real file whose channel stops taking bytes past a free-space mark. */
class EventFileSinkFullDiskTest {

    private static final MetricDescriptor CPU = MetricDescriptor.of("cpu", Unit.PERCENT, "cpu");
    private static final MetricDescriptor WIDTH = MetricDescriptor.of("ipu.{ipu}.width", Unit.NONE, "width").recordedOnChange();

    @TempDir
    Path tmp;

    private final List<String> notices = new ArrayList<>();

    @Test
    void aShortWriteIsCutBackAndTheHeldRecordsFollowInOrderWhenSpaceReturns() throws Exception {
        Path file = tmp.resolve("events.jsonl");
        FillingDisk disk = new FillingDisk(file);
        try (EventFileSink sink = new EventFileSink(file, disk, notices::add, 1 << 20)) {
            sink.accept(record(0, 8));
            disk.free = Files.size(file) + 20; // room for part of the next line only
            sink.accept(record(1, 8));
            sink.accept(record(2, 8));
            assertThat(Files.readString(file)).as("whole lines only").endsWith("\n").hasLineCount(1);
            assertThat(sink.records()).isEqualTo(1);

            disk.free = Long.MAX_VALUE;
            sink.accept(record(3, 8));
        }

        assertThat(Files.readAllLines(file)).extracting(line -> line.replaceAll(",\"_runtime.*?(,|})", "$1")).containsExactly(
                "{\"_timestamp\":0.000,\"system.ipu.0.width\":8}",
                "{\"_timestamp\":1.000}",
                // held: whole, the on-change value again, so the line stands on its own
                "{\"_timestamp\":2.000,\"system.ipu.0.width\":8}",
                "{\"_timestamp\":3.000,\"system.ipu.0.width\":8}");
        assertThat(notices).hasSize(2);
        assertThat(notices.get(0)).contains("cannot write " + file + " (No space left on device); keeping records in memory");
        assertThat(notices.get(1)).isEqualTo("writing " + file + " again: 3 records kept in memory written");
    }

    @Test
    void beyondTheMemoryBoundTheOldestHeldRecordsAreDroppedAndCounted() throws Exception {
        Path file = tmp.resolve("events.jsonl");
        FillingDisk disk = new FillingDisk(file);
        disk.free = 0;
        int lineBytes = ("{\"_timestamp\":0.000,\"_runtime\":0.000,\"system.ipu.0.width\":8}\n").length();
        try (EventFileSink sink = new EventFileSink(file, disk, notices::add, 3 * lineBytes + 2)) {
            for (int i = 0; i < 10; i++) {
                sink.accept(record(i, 8));
            }
            assertThat(sink.lost()).isEqualTo(10);
            disk.free = Long.MAX_VALUE;
            sink.accept(record(10, 8));
            assertThat(sink.records()).isEqualTo(3);
            assertThat(sink.lost()).isEqualTo(8);
        }

        assertThat(Files.readAllLines(file)).extracting(line -> line.substring(0, line.indexOf(','))).containsExactly(
                "{\"_timestamp\":8.000", "{\"_timestamp\":9.000", "{\"_timestamp\":10.000");
        assertThat(notices).hasSize(3);
        assertThat(notices.get(1)).endsWith("3 records kept in memory written, 8 dropped");
        assertThat(notices.get(2)).isEqualTo("8 records could not be written to " + file);
    }

    private static Record record(int second, double width) {
        return new Record(second, second, List.of(new ExportedValue(WIDTH, List.of("0"), "ipu.0.width", width)));
    }

    /** A real file; writes past {@code free} bytes of it write what fits, then fail as ENOSPC does. */
    private static final class FillingDisk extends FileChannel {
        private final FileChannel file;
        long free = Long.MAX_VALUE;

        FillingDisk(Path path) throws IOException {
            file = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
        }

        @Override
        public int write(ByteBuffer source, long position) throws IOException {
            long room = free - position;
            if (room <= 0) {
                throw new IOException("No space left on device");
            }
            if (source.remaining() > room) {
                ByteBuffer part = source.duplicate();
                part.limit(part.position() + (int) room);
                int written = file.write(part, position);
                source.position(source.position() + written);
                return written;
            }
            return file.write(source, position);
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            file.truncate(size);
            return this;
        }

        @Override
        public long size() throws IOException {
            return file.size();
        }

        @Override
        protected void implCloseChannel() throws IOException {
            file.close();
        }

        @Override
        public int read(ByteBuffer dst) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int write(ByteBuffer src) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long position() {
            throw new UnsupportedOperationException();
        }

        @Override
        public FileChannel position(long newPosition) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void force(boolean metaData) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int read(ByteBuffer dst, long position) {
            throw new UnsupportedOperationException();
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) {
            throw new UnsupportedOperationException();
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) {
            throw new UnsupportedOperationException();
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) {
            throw new UnsupportedOperationException();
        }
    }
}
