package io.sysgauge.spi;

import java.util.Objects;

/**
 * One GPU a collector found, as its probe reports it ({@link Probe#withGpus}). GPU families share
 * one {@code gpu.{i}} index space: on a host with GPUs of two vendors core renumbers the later
 * family's {@code {gpu}} placeholder values so that no key is written by both, and maps every
 * {@code gpu.{i}} back to the vendor's device in {@code metadata.json}. A collector always writes
 * its own index ({@code index} here); core does the renumbering.
 *
 * @param index the vendor's own index, as the collector writes it in {@code {gpu}} (NVML index, {@code cardN})
 * @param name the model name, such as {@code "NVIDIA H100 80GB HBM3"}
 * @param uuid the vendor's UUID or serial number; null when it gives none
 * @since 1.2.0
 */
public record GpuDevice(int index, String name, String uuid) {

    /**
     * @param index the vendor's own index, not negative
     * @param name the model name
     * @param uuid the vendor's UUID or serial number; null when it gives none
     */
    public GpuDevice {
        if (index < 0) {
            throw new IllegalArgumentException("a GPU index is not negative: " + index);
        }
        Objects.requireNonNull(name, "name");
    }
}
