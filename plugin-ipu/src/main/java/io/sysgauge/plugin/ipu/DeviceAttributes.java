package io.sysgauge.plugin.ipu;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One IPU's attributes as gc-info prints them: {@code "average board temp" -> "28.5 C"}, in the
 * tool's order.
 *
 * @param id the {@code id} attribute, which W&amp;B used as the device's label in its keys
 * @param attributes every attribute, values as printed
 */
record DeviceAttributes(String id, Map<String, String> attributes) {

    static final String ID = "id";
    static final String USER_PROCESS_ID = "user process id";

    DeviceAttributes {
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    /** @return the attribute's value as printed, if the tool printed it */
    Optional<String> get(String attribute) {
        return Optional.ofNullable(attributes.get(attribute));
    }

    /** @return the pid of the process that has the IPU open; empty for an idle IPU */
    OptionalLong userProcessId() {
        String pid = attributes.get(USER_PROCESS_ID);
        if (pid == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(pid.strip()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
