package com.example.sysgauge.hwmon;

import io.sysgauge.spi.CollectorContext;
import io.sysgauge.spi.ConfigException;
import io.sysgauge.spi.MetricCollector;
import io.sysgauge.spi.MetricDescriptor;
import io.sysgauge.spi.Probe;
import io.sysgauge.spi.SampleWriter;
import io.sysgauge.spi.Unit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Temperatures of the Linux hwmon sensors, as {@code hwmon.<chip>.<sensor>} in degrees Celsius
 * ({@code hwmon.coretemp.temp1}). Settings: {@code hwmon.chips}, the chip names to read (all by
 * default); {@code hwmon.sysfs}, where the host's sysfs is mounted (the context's {@code /sys} by
 * default), for a container that sees the host's under another path.
 */
@Extension
public final class HwmonCollector implements MetricCollector {

    static final String ID = "hwmon";
    static final MetricDescriptor TEMPERATURE = MetricDescriptor.of("hwmon.{chip}.{sensor}", Unit.CELSIUS,
            "Temperature of a Linux hwmon sensor");

    private static final Logger logger = LoggerFactory.getLogger(HwmonCollector.class);

    private volatile List<HwmonSensors.Sensor> sensors = List.of();
    // Sensors that could not be read on the last tick: logged when they start failing, not on every tick.
    private final Set<HwmonSensors.Sensor> failing = new LinkedHashSet<>();

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Set<String> configKeys() {
        return Set.of("chips", "sysfs");
    }

    @Override
    public Probe probe(CollectorContext context) {
        Path hwmonClass = sysfs(context).resolve("class/hwmon");
        if (!Files.isDirectory(hwmonClass)) {
            return Probe.absent("no " + hwmonClass + " on this machine (virtual machines and containers usually have"
                    + " none); set hwmon.sysfs where the host's sysfs is mounted");
        }
        List<HwmonSensors.Sensor> found;
        try {
            found = HwmonSensors.discover(hwmonClass);
        } catch (IOException e) {
            return Probe.absent("cannot list " + hwmonClass + ": " + e.getMessage());
        }
        if (found.isEmpty()) {
            return Probe.absent("no hwmon chip under " + hwmonClass + " has a temperature sensor");
        }
        List<String> chips = context.config().strings("chips");
        List<HwmonSensors.Sensor> selected = found.stream()
                .filter(sensor -> chips.isEmpty() || chips.contains(sensor.chip())).toList();
        if (selected.isEmpty()) {
            return Probe.absent("hwmon.chips " + chips + " selects none of the chips here: "
                    + String.join(", ", found.stream().map(HwmonSensors.Sensor::chip).distinct().toList()));
        }
        sensors = selected;
        return Probe.present(metadata(selected));
    }

    private static Path sysfs(CollectorContext context) {
        String configured = context.config().string("sysfs").orElse(null);
        if (configured == null) {
            return context.sysRoot();
        }
        try {
            return Path.of(configured);
        } catch (InvalidPathException e) {
            throw new ConfigException("hwmon.sysfs", "'" + configured + "' is not a path");
        }
    }

    private static Map<String, Object> metadata(List<HwmonSensors.Sensor> sensors) {
        Map<String, Map<String, String>> labels = new LinkedHashMap<>();
        for (HwmonSensors.Sensor sensor : sensors) {
            labels.computeIfAbsent(sensor.chip(), chip -> new LinkedHashMap<>()).put(sensor.sensor(), sensor.label());
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("hwmon_sensor_count", sensors.size());
        metadata.put("hwmon_labels", labels);
        return metadata;
    }

    @Override
    public void sample(SampleWriter out) {
        List<HwmonSensors.Sensor> failedNow = new ArrayList<>();
        for (HwmonSensors.Sensor sensor : sensors) {
            OptionalDouble celsius = HwmonSensors.celsius(sensor);
            if (celsius.isPresent()) {
                out.write(TEMPERATURE, celsius.getAsDouble(), sensor.chip(), sensor.sensor());
            } else {
                failedNow.add(sensor);
            }
        }
        for (HwmonSensors.Sensor sensor : failedNow) {
            if (!failing.contains(sensor)) {
                logger.warn("hwmon sensor {} ({}) cannot be read; it is left out until it can", sensor.input(),
                        sensor.label());
            }
        }
        failing.clear();
        failing.addAll(failedNow);
    }

    @Override
    public void close() {
        sensors = List.of();
    }
}
