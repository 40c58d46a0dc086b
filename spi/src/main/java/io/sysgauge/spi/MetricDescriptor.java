package io.sysgauge.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Names one metric: a key template with named placeholders, a unit, one line of help and its
 * {@link MetricKind kind} (a gauge unless made with {@link #counter}).
 *
 * <p>{@code MetricDescriptor.of("gpu.{gpu}.powerWatts", Unit.WATTS, "GPU power draw")} expands,
 * with the label value {@code "0"}, to the flat key {@code gpu.0.powerWatts} that run files
 * carry; the template itself gives exporters a family name and labels
 * ({@code sysgauge_gpu_power_watts{gpu="0"}}). Create descriptors once, as constants, and reuse
 * them on every tick.
 */
public final class MetricDescriptor {

    private static final Pattern LABEL_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final String keyTemplate;
    private final Unit unit;
    private final String help;
    private final MetricKind kind;
    // Literal text around placeholders: literals.size() == labelNames.size() + 1.
    private final List<String> literals;
    private final List<String> labelNames;
    private final boolean recordedOnChange;

    private MetricDescriptor(MetricDescriptor original, boolean recordedOnChange) {
        this.keyTemplate = original.keyTemplate;
        this.unit = original.unit;
        this.help = original.help;
        this.kind = original.kind;
        this.literals = original.literals;
        this.labelNames = original.labelNames;
        this.recordedOnChange = recordedOnChange;
    }

    private MetricDescriptor(String keyTemplate, Unit unit, String help, MetricKind kind) {
        this.recordedOnChange = false;
        this.kind = kind;
        this.keyTemplate = keyTemplate;
        this.unit = unit;
        this.help = help;
        List<String> parsedLiterals = new ArrayList<>();
        List<String> parsedLabels = new ArrayList<>();
        int position = 0;
        while (true) {
            int open = keyTemplate.indexOf('{', position);
            int strayClose = keyTemplate.indexOf('}', position);
            if (strayClose >= 0 && (open < 0 || strayClose < open)) {
                throw new IllegalArgumentException("unbalanced '}' in key template: " + keyTemplate);
            }
            if (open < 0) {
                parsedLiterals.add(keyTemplate.substring(position));
                break;
            }
            int close = keyTemplate.indexOf('}', open);
            if (close < 0) {
                throw new IllegalArgumentException("unclosed '{' in key template: " + keyTemplate);
            }
            String name = keyTemplate.substring(open + 1, close);
            if (!LABEL_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(
                        "placeholder '{" + name + "}' is not a valid label name in: " + keyTemplate);
            }
            if (parsedLabels.contains(name)) {
                throw new IllegalArgumentException("placeholder '{" + name + "}' appears twice in: " + keyTemplate);
            }
            parsedLiterals.add(keyTemplate.substring(position, open));
            parsedLabels.add(name);
            position = close + 1;
        }
        this.literals = List.copyOf(parsedLiterals);
        this.labelNames = List.copyOf(parsedLabels);
    }

    /**
     * Creates a gauge: a reading at one moment, such as a temperature.
     *
     * @param keyTemplate the flat key with {@code {name}} placeholders, such as
     *     {@code "gpu.{gpu}.temp"} or {@code "memory_percent"}
     * @param unit the value's unit
     * @param help one line saying what the value is
     * @return the descriptor
     * @throws IllegalArgumentException if the template is blank or its braces are malformed
     */
    public static MetricDescriptor of(String keyTemplate, Unit unit, String help) {
        return create(keyTemplate, unit, help, MetricKind.GAUGE);
    }

    /**
     * Creates a counter: a running total that only grows, such as bytes sent since boot or energy
     * in joules. Write the source's raw total on every tick, not a difference. A plugin that calls
     * this needs SPI 1.2 ({@code Plugin-Requires: >=1.2.0}).
     *
     * @param keyTemplate the flat key with {@code {name}} placeholders, such as
     *     {@code "network.{interface}.sent"}
     * @param unit the unit of the total, such as {@link Unit#BYTES} or {@link Unit#JOULES}
     * @param help one line saying what is counted
     * @return the descriptor
     * @throws IllegalArgumentException if the template is blank or its braces are malformed
     * @since 1.2.0
     */
    public static MetricDescriptor counter(String keyTemplate, Unit unit, String help) {
        return create(keyTemplate, unit, help, MetricKind.COUNTER);
    }

    private static MetricDescriptor create(String keyTemplate, Unit unit, String help, MetricKind kind) {
        Objects.requireNonNull(keyTemplate, "keyTemplate");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(help, "help");
        if (keyTemplate.isBlank()) {
            throw new IllegalArgumentException("key template is blank");
        }
        return new MetricDescriptor(keyTemplate, unit, help, kind);
    }

    /** @return the key template, such as {@code "gpu.{gpu}.temp"} */
    public String keyTemplate() {
        return keyTemplate;
    }

    /** @return the unit */
    public Unit unit() {
        return unit;
    }

    /** @return one line of help */
    public String help() {
        return help;
    }

    /**
     * @return {@link MetricKind#COUNTER} for a descriptor made by {@link #counter}, else
     *     {@link MetricKind#GAUGE}
     * @since 1.2.0
     */
    public MetricKind kind() {
        return kind;
    }

    /**
     * This metric as a fixed fact: written on every tick, so that exporters such as
     * {@code /metrics} always show it, while run files ({@code events.jsonl}) keep a key's value
     * only the first time and whenever it changes, as W&amp;B's event files carry an IPU's link
     * speed or firmware version. A plugin that calls this needs SPI 1.1
     * ({@code Plugin-Requires: >=1.1.0}).
     *
     * @return a descriptor like this one, recorded on change
     * @since 1.1.0
     */
    public MetricDescriptor recordedOnChange() {
        return recordedOnChange ? this : new MetricDescriptor(this, true);
    }

    /**
     * @return whether run files keep this metric's values only when they change
     * @since 1.1.0
     */
    public boolean isRecordedOnChange() {
        return recordedOnChange;
    }

    /** @return the placeholder names in order of appearance, such as {@code ["gpu"]} */
    public List<String> labelNames() {
        return labelNames;
    }

    /**
     * Expands the template.
     *
     * @param labelValues one value per placeholder, in order
     * @return the flat key, such as {@code "gpu.0.temp"}
     * @throws IllegalArgumentException if the number of values does not match the placeholders
     */
    public String key(String... labelValues) {
        if (labelValues.length != labelNames.size()) {
            throw new IllegalArgumentException(keyTemplate + " takes " + labelNames.size()
                    + " label value(s), got " + labelValues.length);
        }
        if (labelValues.length == 0) {
            return keyTemplate;
        }
        StringBuilder key = new StringBuilder(keyTemplate.length() + 8);
        for (int i = 0; i < labelValues.length; i++) {
            key.append(literals.get(i)).append(Objects.requireNonNull(labelValues[i], "label value"));
        }
        return key.append(literals.get(labelValues.length)).toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MetricDescriptor that
                && keyTemplate.equals(that.keyTemplate)
                && unit.equals(that.unit)
                && help.equals(that.help)
                && kind == that.kind
                && recordedOnChange == that.recordedOnChange;
    }

    @Override
    public int hashCode() {
        return Objects.hash(keyTemplate, unit, help, kind, recordedOnChange);
    }

    @Override
    public String toString() {
        return keyTemplate + " [" + unit + (kind == MetricKind.COUNTER ? ", counter]" : "]");
    }
}
