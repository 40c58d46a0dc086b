package com.example.sysgauge.hwmon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The temperature sensors the kernel's hwmon class shows under {@code <sysfs>/class/hwmon}: each
 * {@code hwmonN} folder is a chip with a {@code name} and {@code tempK_input} files in
 * millidegrees Celsius, with an optional {@code tempK_label}. Older drivers keep these files in
 * the chip's {@code device} folder instead.
 */
final class HwmonSensors {

    private static final Pattern CHIP_FOLDER = Pattern.compile("hwmon(\\d+)");
    private static final Pattern TEMP_INPUT = Pattern.compile("(temp\\d+)_input");
    private static final Pattern NOT_A_KEY_CHARACTER = Pattern.compile("[^A-Za-z0-9_]");
    private static final double ABSOLUTE_ZERO_CELSIUS = -273.15;

    /** One temperature input of one chip. */
    record Sensor(String chip, String sensor, String label, Path input) {}

    private HwmonSensors() {}

    /**
     * Lists every temperature input, in chip order. A chip whose name another chip shares is
     * named {@code <name>_<N>} after its {@code hwmonN} folder, so keys stay apart.
     *
     * @param hwmonClass the {@code class/hwmon} folder
     * @return the sensors, chip by chip
     * @throws IOException if the folder cannot be listed
     */
    static List<Sensor> discover(Path hwmonClass) throws IOException {
        List<Path> chips = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(hwmonClass, "hwmon*")) {
            entries.forEach(chips::add);
        }
        chips.sort(Comparator.comparingInt(HwmonSensors::chipNumber));
        Map<Path, String> names = new LinkedHashMap<>();
        Map<String, Integer> sharing = new HashMap<>();
        for (Path chip : chips) {
            Path files = filesOf(chip);
            String name = readLine(files.resolve("name"));
            if (name != null) {
                String keyName = NOT_A_KEY_CHARACTER.matcher(name).replaceAll("_");
                names.put(chip, keyName);
                sharing.merge(keyName, 1, Integer::sum);
            }
        }
        List<Sensor> sensors = new ArrayList<>();
        for (Map.Entry<Path, String> chip : names.entrySet()) {
            String name = sharing.get(chip.getValue()) > 1 ? chip.getValue() + "_" + chipNumber(chip.getKey())
                    : chip.getValue();
            sensors.addAll(temperatures(name, filesOf(chip.getKey())));
        }
        return sensors;
    }

    /**
     * Reads one input.
     *
     * @param sensor the sensor
     * @return degrees Celsius; empty when the file cannot be read (a sensor that went away answers
     *     EIO or ENODATA) or holds no temperature
     */
    static OptionalDouble celsius(Sensor sensor) {
        String text = readLine(sensor.input());
        if (text == null) {
            return OptionalDouble.empty();
        }
        try {
            double celsius = Long.parseLong(text) / 1000.0;
            return celsius < ABSOLUTE_ZERO_CELSIUS ? OptionalDouble.empty() : OptionalDouble.of(celsius);
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }

    private static List<Sensor> temperatures(String chip, Path files) throws IOException {
        List<Sensor> sensors = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(files, "temp*_input")) {
            for (Path input : entries) {
                Matcher matcher = TEMP_INPUT.matcher(input.getFileName().toString());
                if (matcher.matches()) {
                    String sensor = matcher.group(1);
                    String label = readLine(files.resolve(sensor + "_label"));
                    sensors.add(new Sensor(chip, sensor, label == null ? sensor : label, input));
                }
            }
        }
        sensors.sort(Comparator.comparingInt(sensor -> Integer.parseInt(sensor.sensor().substring("temp".length()))));
        return sensors;
    }

    /** @return the chip folder, or its {@code device} folder where older drivers keep the files */
    private static Path filesOf(Path chip) {
        return Files.exists(chip.resolve("name")) ? chip : chip.resolve("device");
    }

    private static int chipNumber(Path chip) {
        Matcher matcher = CHIP_FOLDER.matcher(chip.getFileName().toString());
        return matcher.matches() ? Integer.parseInt(matcher.group(1)) : Integer.MAX_VALUE;
    }

    /** @return the file's first line, stripped; null when it cannot be read */
    private static String readLine(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
            int newline = text.indexOf('\n');
            return newline < 0 ? text : text.substring(0, newline);
        } catch (IOException e) {
            return null;
        }
    }
}
