package io.sysgauge.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link MetricCollector#probe} found: the hardware is present, with static facts for
 * {@code metadata.json}, or absent, with the reason.
 *
 * <p>Metadata values must be JSON-friendly: {@link String}, {@link Number}, {@link Boolean},
 * {@link java.util.List} and {@link Map} of those. Insertion order is kept.
 */
public final class Probe {

    private final boolean present;
    private final String reason;
    private final Map<String, Object> metadata;
    private final List<GpuDevice> gpus;

    private Probe(boolean present, String reason, Map<String, ?> metadata, List<GpuDevice> gpus) {
        this.present = present;
        this.reason = reason;
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        this.gpus = List.copyOf(gpus);
    }

    /**
     * The hardware is there and will be sampled.
     *
     * @param metadata static facts (driver version, device names, counts); may be empty
     * @return a present probe
     */
    public static Probe present(Map<String, ?> metadata) {
        return new Probe(true, null, Objects.requireNonNull(metadata, "metadata"), List.of());
    }

    /**
     * The hardware is there and will be sampled; no metadata.
     *
     * @return a present probe
     */
    public static Probe present() {
        return present(Map.of());
    }

    /**
     * Nothing to sample, and why, in words a person can act on: {@code "libnvidia-ml.so.1 not
     * found (set nvidia.library)"}, {@code "no PCI device with vendor 0x1ae0"}.
     *
     * @param reason one line, no stack trace
     * @return an absent probe
     */
    public static Probe absent(String reason) {
        Objects.requireNonNull(reason, "reason");
        if (reason.isBlank()) {
            throw new IllegalArgumentException("an absent probe needs a reason");
        }
        return new Probe(false, reason.strip(), Map.of(), List.of());
    }

    /**
     * The GPUs a GPU family's collector writes {@code gpu.{gpu}.*} keys for. A collector that
     * reports GPUs takes part in the index space GPU families share: on a host with two GPU
     * vendors, core renumbers the later family's indices (see {@link GpuDevice}). A plugin that
     * calls this needs SPI 1.2 ({@code Plugin-Requires: >=1.2.0}).
     *
     * @param devices the GPUs, by the vendor's own index
     * @return a present probe with the same metadata and these GPUs
     * @throws IllegalStateException on an absent probe
     * @since 1.2.0
     */
    public Probe withGpus(List<GpuDevice> devices) {
        if (!present) {
            throw new IllegalStateException("an absent probe has no GPUs");
        }
        return new Probe(true, null, metadata, Objects.requireNonNull(devices, "devices"));
    }

    /**
     * @return the GPUs the collector writes keys for; empty for collectors that are no GPU family
     * @since 1.2.0
     */
    public List<GpuDevice> gpus() {
        return gpus;
    }

    /** @return whether the collector will be sampled */
    public boolean isPresent() {
        return present;
    }

    /** @return why the collector is absent; empty when present */
    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    /** @return static facts for {@code metadata.json}; empty when absent */
    public Map<String, Object> metadata() {
        return metadata;
    }

    @Override
    public String toString() {
        return present ? "present " + metadata : "absent: " + reason;
    }
}
