package io.sysgauge.plugin.apple;

import io.sysgauge.spi.CollectorContext;
import io.sysgauge.spi.DeviceSelection;
import io.sysgauge.spi.GpuDevice;
import io.sysgauge.spi.MetricCollector;
import io.sysgauge.spi.Probe;
import io.sysgauge.spi.SampleWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The apple collector: the GPU of an Apple silicon Mac, through OSHI's IOReport-based {@code GpuStats} (no sudo).
 * It writes {@code gpu.0.gpu}, {@code gpu.0.memoryAllocated}, {@code gpu.0.temp}, {@code gpu.0.powerWatts} and
 * {@code gpu.0.powerPercent}, each only when OSHI could read it. On any other operating system, or in an x86_64 JVM,
 * the probe is absent and says why. It has no configuration keys; {@code gpu.devices} selects the GPU as index 0.
 */
@Extension
public final class AppleCollector implements MetricCollector {

    private static final Logger logger = LoggerFactory.getLogger(AppleCollector.class);

    static final String ID = "apple";

    private final String osName;
    private final String osArch;
    private final OshiAppleGpu.Opener opener;
    private OshiAppleGpu gpu;
    private AppleGpuSampler sampler;

    /** The collector PF4J creates: cheap, it touches no hardware until {@link #probe}. */
    public AppleCollector() {
        this(System.getProperty("os.name"), System.getProperty("os.arch"), OshiAppleGpu::open);
    }

    /** For tests: another platform, and a GPU that is not OSHI's. */
    AppleCollector(String osName, String osArch, OshiAppleGpu.Opener opener) {
        this.osName = osName;
        this.osArch = osArch;
        this.opener = opener;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Set<String> configKeys() {
        return Set.of();
    }

    @Override
    public Probe probe(CollectorContext context) {
        Optional<String> unsupported = OshiAppleGpu.unsupportedPlatform(osName, osArch);
        if (unsupported.isPresent()) {
            return Probe.absent(unsupported.get());
        }
        DeviceSelection selection = context.gpuDevices();
        if (!selection.includes(0)) {
            return Probe.absent("gpu.devices " + selection + " selects no Apple GPU; this Mac has one, index 0");
        }
        OshiAppleGpu opened;
        try {
            opened = opener.open();
        } catch (OshiAppleGpu.Unavailable e) {
            return Probe.absent(e.getMessage());
        }
        gpu = opened;
        sampler = opened.sampler();
        logger.debug("sampling Apple GPU {}", opened.name());
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("gpu", opened.name());
        metadata.put("gpu_count", 1);
        metadata.put("gpu_apple", opened.facts());
        return Probe.present(metadata).withGpus(List.of(new GpuDevice(0, opened.name(), null)));
    }

    @Override
    public void sample(SampleWriter out) {
        if (sampler != null) {
            sampler.sample(out);
        }
    }

    @Override
    public void close() {
        if (gpu != null) {
            gpu.close();
            gpu = null;
            sampler = null;
        }
    }
}
