package io.sysgauge.core.session;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** sysgauge's release version, from the build. */
public final class Version {

    private static final String VERSION = load();

    private Version() {}

    /** @return the version, such as {@code 0.1.0} */
    public static String current() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = Version.class.getResourceAsStream("/io/sysgauge/core/version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
