package io.sysgauge.spi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * What sysgauge gives every plugin: this SPI and, from its {@code lib/} folder, the libraries
 * named by {@link #sharedLibraries()} (PF4J, SLF4J, Jackson, OSHI, JNA). A plugin compiles against
 * them in {@code provided} scope and never bundles a copy.
 *
 * <p>The platform's version is the SPI's ({@link SpiVersion}) and the version of the
 * {@code io.sysgauge:sysgauge-bom} that lists them. A plugin's {@code Plugin-Requires} is a range
 * on it: its major goes up when the SPI breaks or when a shared library moves to a new major (say
 * Jackson 3), so a plugin compiled against the old one is refused at load instead of failing at
 * run time.
 *
 * @since 1.2.0
 */
public final class Platform {

    private static final String SHARED_PREFIX = "shared.";
    // The order plugin authors read them in.
    private static final List<String> ORDER = List.of("PF4J", "SLF4J", "Jackson", "OSHI", "JNA");
    private static final Map<String, String> SHARED = load();

    private Platform() {}

    /** @return the platform version, which is {@link SpiVersion#current()}, such as {@code "1.3.0"} */
    public static String version() {
        return SpiVersion.current();
    }

    /**
     * @return the shared libraries by name, such as {@code Jackson -> 2.23.0}, in the order PF4J,
     *     SLF4J, Jackson, OSHI, JNA
     */
    public static Map<String, String> sharedLibraries() {
        return SHARED;
    }

    /**
     * @return one line for messages: {@code platform 1.3.0 (SPI 1.3.0, PF4J 3, SLF4J 2, Jackson 2,
     *     OSHI 7, JNA 5)}, with each shared library's major version
     */
    public static String describe() {
        return "platform " + version() + " (SPI " + version() + ", " + SHARED.entrySet().stream()
                .map(entry -> entry.getKey() + " " + major(entry.getValue()))
                .collect(Collectors.joining(", ")) + ")";
    }

    /**
     * @param version a version such as {@code "2.23.0"}
     * @return its major number, such as {@code 2}
     * @throws NumberFormatException if it does not start with a number
     */
    public static int major(String version) {
        int dot = version.indexOf('.');
        return Integer.parseInt(dot < 0 ? version : version.substring(0, dot));
    }

    private static Map<String, String> load() {
        try (InputStream in = Platform.class.getResourceAsStream("spi.properties")) {
            if (in == null) {
                throw new IllegalStateException("spi.properties is missing from the SPI jar");
            }
            Properties properties = new Properties();
            properties.load(in);
            Map<String, String> shared = new LinkedHashMap<>();
            for (String name : ORDER) {
                String version = properties.getProperty(SHARED_PREFIX + name);
                if (version == null) {
                    throw new IllegalStateException("spi.properties names no version of " + name);
                }
                shared.put(name, version);
            }
            return Collections.unmodifiableMap(shared);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
