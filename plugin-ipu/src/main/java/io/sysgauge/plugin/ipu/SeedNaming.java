package io.sysgauge.plugin.ipu;

import io.sysgauge.spi.Unit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How W&amp;B's legacy IPU monitor (the seed: {@code IPUStats} in wandb's
 * {@code sdk/internal/system/assets/ipu.py}, removed in 2025) turned a device attribute into a
 * metric, reproduced rule for rule so that the keys match:
 * <ul>
 *   <li>a unit at the end of the value moves into the name when the name ends as the rule says:
 *       {@code average board temp: 28.5 C} becomes {@code average board temp (C)} = 28.5,
 *       {@code link speed: 16 GT/s} becomes {@code link speed (GT/s)} = 16;
 *   <li>what is left must read as a number, or the attribute is not a metric ({@code N/A},
 *       {@code 2.4.4}, {@code ipu2}, {@code 7776000 seconds}).
 * </ul>
 */
final class SeedNaming {

    /**
     * The attributes the seed wrote on every sample; the others it wrote only the first time it
     * saw a device.
     */
    static final Set<String> VARIABLE_ATTRIBUTES = Set.of("average board temp", "average die temp", "clock",
            "ipu power", "ipu utilisation", "ipu utilisation (session)");

    private record UnitRule(String nameEnding, String valueEnding, Unit unit) {}

    // The seed's table, in its order; every rule that matches applies, one after the other.
    private static final List<UnitRule> RULES = List.of(
            new UnitRule("temp", "C", Unit.CELSIUS),
            new UnitRule("clock", "MHz", Unit.MEGAHERTZ),
            new UnitRule("power", "W", Unit.WATTS),
            new UnitRule("utilisation", "%", Unit.PERCENT),
            new UnitRule("utilisation (session)", "%", Unit.PERCENT),
            new UnitRule("speed", "GT/s", Unit.GIGATRANSFERS_PER_SECOND));

    // What Python's float() reads, whitespace around it aside: digits with single underscores between them, an
    // optional fraction and exponent. Java's own parser would also take "2d", "0x1p3" and "NaN", which the seed did
    // not turn into numbers (or, for nan and inf, into values any writer keeps).
    private static final String DIGITS = "\\d(?:_?\\d)*";
    private static final Pattern PYTHON_FLOAT = Pattern.compile(
            "[+-]?(?:" + DIGITS + "(?:\\.(?:" + DIGITS + ")?)?|\\." + DIGITS + ")(?:[eE][+-]?" + DIGITS + ")?");

    private SeedNaming() {}

    /**
     * @param device a device's attributes
     * @return every attribute that is a number, under the seed's name, in gc-info's order
     */
    static List<IpuMetric> metrics(DeviceAttributes device) {
        List<IpuMetric> metrics = new ArrayList<>();
        for (Map.Entry<String, String> attribute : device.attributes().entrySet()) {
            metric(attribute.getKey(), attribute.getValue()).ifPresent(metrics::add);
        }
        return metrics;
    }

    /**
     * @param attribute the attribute name, such as {@code "clock"}
     * @param value the value as printed, such as {@code "1330MHz"}
     * @return the metric, such as {@code clock (MHz)} = 1330; empty when the value is no number
     */
    static Optional<IpuMetric> metric(String attribute, String value) {
        String name = attribute;
        String number = value;
        Unit unit = attribute.endsWith("(bytes)") ? Unit.BYTES : Unit.NONE;
        for (UnitRule rule : RULES) {
            if (name.endsWith(rule.nameEnding()) && number.endsWith(rule.valueEnding())) {
                number = number.substring(0, number.length() - rule.valueEnding().length());
                name = name + " (" + rule.valueEnding() + ")";
                unit = rule.unit();
            }
        }
        String digits = number.strip();
        if (!PYTHON_FLOAT.matcher(digits).matches()) {
            return Optional.empty();
        }
        return Optional.of(new IpuMetric(name, Double.parseDouble(digits.replace("_", "")), unit, attribute));
    }

    /**
     * One metric of a device.
     *
     * @param key the part of the flat key after {@code ipu.<id>.}, such as {@code "clock (MHz)"}
     * @param value the number
     * @param unit the unit the name carries, {@link Unit#NONE} when it carries none
     * @param attribute the gc-info attribute it was read from, such as {@code "clock"}
     */
    record IpuMetric(String key, double value, Unit unit, String attribute) {

        /**
         * @return whether the seed wrote it on every sample; the others are fixed facts, which run
         *     files keep when first seen and when they change
         */
        boolean variable() {
            return VARIABLE_ATTRIBUTES.contains(attribute);
        }
    }
}
