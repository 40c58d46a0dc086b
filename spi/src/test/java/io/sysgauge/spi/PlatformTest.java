package io.sysgauge.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PlatformTest {

    /**
     * The shared libraries' majors for each platform major. A library moving to a new major (bom/pom.xml)
     * breaks plugins compiled against the old one, so it needs a new platform major: bump
     * sysgauge.spi.version's major in bom/pom.xml (and spi/pom.xml, test-kit/pom.xml) and add its row here.
     */
    private static final Map<Integer, Map<String, Integer>> SHARED_MAJORS = Map.of(
            1, Map.of("PF4J", 3, "SLF4J", 2, "Jackson", 2, "OSHI", 7, "JNA", 5));

    @Test
    void aSharedLibraryChangesMajorOnlyWithThePlatformMajor() {
        int platformMajor = Platform.major(Platform.version());

        assertThat(SHARED_MAJORS).as("shared library majors of platform " + platformMajor).containsKey(platformMajor);
        Platform.sharedLibraries().forEach((name, version) -> assertThat(Platform.major(version))
                .as(name + " " + version + " in platform " + Platform.version() + ": a new major of a shared library"
                        + " needs a new platform major")
                .isEqualTo(SHARED_MAJORS.get(platformMajor).get(name)));
    }

    @Test
    void thePlatformIsTheSpiVersionAndFiveSharedLibraries() {
        assertThat(Platform.version()).isEqualTo(SpiVersion.current());
        assertThat(Platform.sharedLibraries()).containsOnlyKeys("PF4J", "SLF4J", "Jackson", "OSHI", "JNA");
        assertThat(Platform.sharedLibraries().values()).allMatch(version -> version.matches("\\d+\\.\\d+.*"));
        assertThat(Platform.describe()).isEqualTo("platform " + SpiVersion.current() + " (SPI " + SpiVersion.current()
                + ", PF4J 3, SLF4J 2, Jackson 2, OSHI 7, JNA 5)");
    }

    @Test
    void majorReadsTheFirstNumber() {
        assertThat(Platform.major("2.23.0")).isEqualTo(2);
        assertThat(Platform.major("7")).isEqualTo(7);
        assertThat(Platform.major("10.0.1-rc1")).isEqualTo(10);
    }
}
