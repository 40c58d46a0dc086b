package io.sysgauge.events;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** One run's folder: {@code <output.dir>/run-<UTC time>-<random>/} with its files. */
public final class RunDirectory {

    /** The records file. */
    public static final String EVENTS = "events.jsonl";
    /** The run's description. */
    public static final String METADATA = "metadata.json";
    // health (issue 17)
    /** Device health events (XIDs, throttle episodes...): only when there were some. */
    public static final String HEALTH = "health.jsonl";

    private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC);

    private final Path path;

    private RunDirectory(Path path) {
        this.path = path;
    }

    /**
     * Creates a new run folder, never reusing an existing one.
     *
     * @param outputDir the parent, created if needed
     * @param started the run's start, part of the name
     * @return the run folder
     * @throws IOException if it cannot be created
     */
    public static RunDirectory create(Path outputDir, Instant started) throws IOException {
        Files.createDirectories(outputDir);
        while (true) {
            String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0x1000000));
            Path candidate = outputDir.resolve("run-" + NAME_TIME.format(started) + "-" + suffix);
            try {
                return new RunDirectory(Files.createDirectory(candidate));
            } catch (FileAlreadyExistsException e) {
                // another run started in the same second drew the same suffix: draw again
            }
        }
    }

    /** @return the folder */
    public Path path() {
        return path;
    }

    /** @return the events file inside it */
    public Path events() {
        return path.resolve(EVENTS);
    }

    /**
     * Writes {@code metadata.json} through a temporary file and a rename, so a reader never
     * sees half of it.
     *
     * @param metadata the content
     * @throws IOException if it cannot be written
     */
    public void writeMetadata(Map<String, Object> metadata) throws IOException {
        writeAtomically(path.resolve(METADATA), Json.pretty(metadata) + "\n");
    }

    /**
     * Writes a file whole or not at all: through a temporary file beside it and a rename. A
     * full disk leaves the old file, if any, and no temporary one.
     *
     * @param target the file
     * @param content its new content, in UTF-8
     * @throws IOException if it cannot be written
     */
    public static void writeAtomically(Path target, CharSequence content) throws IOException {
        writeAtomically(target, out -> out.write(content.toString()));
    }

    /** What writes a file's content. */
    @FunctionalInterface
    public interface Content {
        /**
         * @param out where the content goes; closed by the caller
         * @throws IOException from out
         */
        void writeTo(Writer out) throws IOException;
    }

    /**
     * Writes a file whole or not at all: through a temporary file beside it and a rename.
     *
     * @param target the file
     * @param content what writes its content
     * @throws IOException if it cannot be written
     */
    public static void writeAtomically(Path target, Content content) throws IOException {
        Path folder = target.toAbsolutePath().getParent();
        // A name of its own: two writers of one file never share a temporary one.
        Path temporary = Files.createTempFile(folder, "." + target.getFileName(), ".tmp");
        boolean moved = false;
        try {
            try (Writer out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                content.writeTo(out);
            }
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(temporary); // a full disk must not leave half a file behind
            }
        }
    }
}
