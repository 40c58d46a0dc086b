package io.sysgauge.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes fake /proc and /sys files under a test's temporary folder. */
public final class FixtureTree {

    private final Path root;

    public FixtureTree(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public FixtureTree file(String relative, String content) {
        Path file = root.resolve(relative);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public FixtureTree dir(String relative) {
        try {
            Files.createDirectories(root.resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }
}
