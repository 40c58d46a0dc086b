package io.sysgauge.plugin.nvidia;

import io.sysgauge.spi.CollectorContext;
import io.sysgauge.spi.DeviceSelection;
import io.sysgauge.spi.MetricCollector;
import io.sysgauge.spi.Probe;
import io.sysgauge.spi.SampleWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The nvidia collector: NVIDIA GPUs through NVML. NVML is loaded only once the library file is
 * found (or {@code nvidia.library} names it); a machine without it gets an absent probe that says
 * where sysgauge looked.
 */
@Extension
public final class NvidiaCollector implements MetricCollector {

    private static final Logger logger = LoggerFactory.getLogger(NvidiaCollector.class);

    static final String ID = "nvidia";
    private static final String LIBRARY_KEY = "library";

    private Nvml nvml;
    private NvidiaSampler sampler;
    private GpuHealth health; // health (issue 17)

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Set<String> configKeys() {
        return Set.of(LIBRARY_KEY);
    }

    @Override
    public Probe probe(CollectorContext context) {
        NvmlLibraryLocator locator = NvmlLibraryLocator.forThisMachine();
        Optional<String> configured = context.config().string(LIBRARY_KEY);
        Optional<Path> found = Optional.empty();
        if (configured.isPresent()) {
            Path path = Path.of(configured.get()).toAbsolutePath();
            if (!Files.isRegularFile(path)) {
                return Probe.absent("nvidia.library is " + path + ", which is not a file; point it at "
                        + locator.fileName() + ", or remove the setting to search the usual places");
            }
            found = Optional.of(path);
        } else {
            found = locator.find();
        }
        // Not found in a known place: the dynamic linker may still know it (ld.so.cache).
        String library = found.map(Path::toString).orElse(locator.fileName());
        Nvml loaded;
        try {
            loaded = JnaNvml.load(library);
        } catch (UnsatisfiedLinkError e) {
            return Probe.absent(found.isEmpty() ? locator.notFound()
                    : "could not load " + library + ": " + firstLine(e.getMessage()));
        }
        Probe probe = open(loaded, library, context);
        if (!probe.isPresent()) {
            loaded.close();
        }
        return probe;
    }

    private Probe open(Nvml loaded, String library, CollectorContext context) {
        int count;
        String driverVersion;
        try {
            loaded.init();
            count = loaded.deviceCount();
            driverVersion = loaded.driverVersion();
        } catch (NvmlException e) {
            return Probe.absent(describeStartFailure(library, e));
        }
        DeviceSelection selection = context.gpuDevices();
        List<GpuDevice> devices = new ArrayList<>();
        for (int index = 0; index < count; index++) {
            if (!selection.includes(index)) {
                continue;
            }
            try {
                devices.add(GpuDevice.open(loaded, index, loaded.deviceHandle(index)));
            } catch (NvmlException e) {
                logger.warn("NVIDIA GPU {} is left out: {}", index, e.getMessage());
            }
        }
        if (devices.isEmpty()) {
            if (count == 0) {
                return Probe.absent("NVML (" + library + ") reports no NVIDIA GPU");
            }
            return Probe.absent(selection.isAll() ? "none of the " + count + " NVIDIA GPUs could be opened"
                    : "gpu.devices " + selection + " selects none of the " + count + " NVIDIA GPUs (indices 0-"
                            + (count - 1) + ")");
        }
        nvml = loaded;
        opened = List.copyOf(devices); // gpm, links, energy (issue 17)
        sampler = new NvidiaSampler(loaded, devices, context.processScope(), context.procRoot(), context.interval(),
                context::nanoTime, () -> TimeUnit.MILLISECONDS.toMicros(System.currentTimeMillis()));
        health = GpuHealth.start(loaded.health(), devices, context.health(), context::currentTimeMillis);
        return Probe.present(metadata(loaded, library, driverVersion, count, devices))
                .withGpus(devices.stream().map(GpuDevice::reported).toList());
    }

    private static Map<String, Object> metadata(Nvml nvml, String library, String driverVersion, int count,
            List<GpuDevice> devices) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("gpu", devices.get(0).facts().getOrDefault("name", "NVIDIA GPU"));
        metadata.put("gpu_count", count);
        metadata.put("driver_version", driverVersion);
        try {
            metadata.put("cuda_version", NvmlUnits.cudaVersion(nvml.cudaDriverVersion()));
        } catch (NvmlException e) {
            logger.debug("no CUDA driver version: {}", e.getMessage());
        }
        metadata.put("gpu_nvidia", devices.stream().map(GpuDevice::facts).toList());
        metadata.put("library", library);
        gpmAbsence(devices).ifPresent(reason -> metadata.put("gpm", reason)); // gpm, links, energy (issue 17)
        return metadata;
    }

    // gpm, links, energy (issue 17)

    private List<GpuDevice> opened = List.of();

    /** @return why GPM metrics are missing, GPU by GPU, for metadata.json; empty when every GPU has them */
    static Optional<String> gpmAbsence(List<GpuDevice> devices) {
        List<String> reasons = devices.stream().map(GpuDevice::gpmAbsence).flatMap(Optional::stream).distinct()
                .toList();
        return reasons.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", reasons));
    }

    private static String describeStartFailure(String library, NvmlException e) {
        return switch (e.code()) {
            case NvmlException.DRIVER_NOT_LOADED -> "NVML found (" + library
                    + "), but the NVIDIA kernel driver is not loaded: " + e.getMessage();
            case NvmlException.LIB_RM_VERSION_MISMATCH -> "NVML (" + library
                    + ") and the loaded NVIDIA kernel driver differ in version; reboot or reload the nvidia module: "
                    + e.getMessage();
            case NvmlException.NO_PERMISSION -> "NVML (" + library + ") may not open the GPUs: " + e.getMessage()
                    + "; check the permissions of /dev/nvidia*";
            default -> "NVML (" + library + ") did not start: " + e.getMessage();
        };
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "not a loadable library";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    @Override
    public void sample(SampleWriter out) {
        if (sampler != null) {
            sampler.sample(out);
            health.sample(out);
        }
    }

    @Override
    public void close() {
        if (nvml != null) {
            opened.forEach(device -> device.close(nvml)); // gpm, links, energy (issue 17): before NVML shuts down
            health.close(); // before NVML shuts down: the event set is freed, open episodes end
            nvml.close();
            nvml = null;
            sampler = null;
            health = null;
        }
    }
}
