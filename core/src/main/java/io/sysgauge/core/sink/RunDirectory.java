package io.sysgauge.core.sink;

import java.io.IOException;
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
        Path temporary = path.resolve(METADATA + ".tmp");
        try {
            Files.writeString(temporary, Json.pretty(metadata) + "\n");
            Files.move(temporary, path.resolve(METADATA), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.deleteIfExists(temporary); // a full disk must not leave half a file behind
            throw e;
        }
    }
}
