package io.sysgauge.core.config;

import java.util.Locale;

/**
 * One configuration key core knows: its dotted name, shape and a line of help.
 *
 * @param key dotted name, such as {@code sampling.interval}
 * @param type the value's shape
 * @param help one line for {@code --help} and the shipped {@code conf/sysgauge.yaml}
 */
record KeySpec(String key, ValueType type, String help) {

    /**
     * The environment variable that sets this key: {@code sampling.interval} is
     * {@code SYSGAUGE_SAMPLING_INTERVAL}, {@code amd.rocmSmi} is {@code SYSGAUGE_AMD_ROCM_SMI}.
     */
    String environmentVariable() {
        return environmentVariable(key);
    }

    static String environmentVariable(String dottedKey) {
        StringBuilder name = new StringBuilder("SYSGAUGE_");
        for (int i = 0; i < dottedKey.length(); i++) {
            char c = dottedKey.charAt(i);
            if (c == '.' || c == '-') {
                name.append('_');
            } else if (Character.isUpperCase(c) && i > 0 && Character.isLowerCase(dottedKey.charAt(i - 1))) {
                name.append('_').append(c);
            } else {
                name.append(Character.toUpperCase(c));
            }
        }
        return name.toString().toUpperCase(Locale.ROOT);
    }
}
