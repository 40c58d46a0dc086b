package io.sysgauge.host;

/**
 * The machine's memory.
 *
 * @param totalBytes physical memory
 * @param availableBytes memory available to new work without swapping (MemAvailable)
 */
public record MemoryState(long totalBytes, long availableBytes) {}
