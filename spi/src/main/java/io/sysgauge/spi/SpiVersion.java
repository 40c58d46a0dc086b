package io.sysgauge.spi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version of this SPI. Core tells PF4J this version, so a plugin whose
 * {@code Plugin-Requires} range (such as {@code >=1.1.0 & <2.0.0}) excludes it is refused.
 */
public final class SpiVersion {

    private static final String VERSION = load();

    private SpiVersion() {}

    /** @return the SPI version, such as {@code "1.1.0"} */
    public static String current() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = SpiVersion.class.getResourceAsStream("spi.properties")) {
            if (in == null) {
                throw new IllegalStateException("spi.properties is missing from the SPI jar");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
