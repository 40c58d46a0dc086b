package io.sysgauge.core.plugin;

import java.nio.file.Path;

/**
 * A jar in the plugins folder that was not loaded, and why.
 *
 * @param jar the file
 * @param reason one line
 */
public record SkippedJar(Path jar, String reason) {}
