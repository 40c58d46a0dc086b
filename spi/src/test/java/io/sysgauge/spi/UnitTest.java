package io.sysgauge.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnitTest {

    @Test
    void theNewHardwareUnitsHaveSymbolsAndPrometheusBaseNames() {
        assertThat(List.of(Unit.VOLTS, Unit.AMPERES, Unit.RPM, Unit.JOULES, Unit.BYTES_PER_SECOND, Unit.RATIO))
                .extracting(Unit::symbol, Unit::baseName)
                .map(tuple -> tuple.toList())
                .containsExactly(List.of("V", "volts"), List.of("A", "amperes"), List.of("rpm", "rpm"),
                        List.of("J", "joules"), List.of("B/s", "bytes_per_second"), List.of("", "ratio"));
    }

    @Test
    void aPluginNamesAUnitOfItsOwn() {
        Unit lux = Unit.of("lx", "lux");

        assertThat(lux.symbol()).isEqualTo("lx");
        assertThat(lux.baseName()).isEqualTo("lux");
        assertThat(lux.name()).isEqualTo("LUX");
        assertThat(lux).isEqualTo(Unit.of("lx", "lux")).hasSameHashCodeAs(Unit.of("lx", "lux"))
                .isNotEqualTo(Unit.of("lux", "lux")).hasToString("LUX");
        assertThat(lux.ordinal()).isEqualTo(-1);
        assertThat(MetricDescriptor.of("sensor.{chip}.light", lux, "light").unit()).isSameAs(lux);
    }

    @Test
    void ofReturnsTheConstantItNames() {
        assertThat(Unit.of("W", "watts")).isSameAs(Unit.WATTS);
        assertThat(Unit.of("B/s", "bytes_per_second")).isSameAs(Unit.BYTES_PER_SECOND);
        // Same base name, another symbol: a unit of its own, not WATTS.
        assertThat(Unit.of("watt", "watts")).isNotEqualTo(Unit.WATTS);
    }

    @Test
    void countAndNoneStayDistinctThoughBothAreBlank() {
        assertThat(Unit.COUNT).isNotEqualTo(Unit.NONE);
        assertThat(Unit.COUNT.symbol()).isEqualTo(Unit.NONE.symbol()).isEmpty();
    }

    @Test
    void refusesABaseNamePrometheusCannotCarry() {
        for (String bad : new String[] {"", "Volts", "bytes per second", "_x", "x__y", "metres/s"}) {
            assertThatThrownBy(() -> Unit.of("?", bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("lowercase words joined by '_'");
        }
    }

    @Test
    void valuesAndOrdinalsAreThoseTheEnumHad() {
        Unit[] values = Unit.values();

        assertThat(values).extracting(Unit::name).startsWith("PERCENT", "BYTES", "MEBIBYTES", "GIBIBYTES", "WATTS",
                "CELSIUS", "MEGAHERTZ", "SECONDS", "GIGATRANSFERS_PER_SECOND", "COUNT", "NONE");
        for (int i = 0; i < values.length; i++) {
            assertThat(values[i].ordinal()).isEqualTo(i);
        }
        values[0] = null;
        assertThat(Unit.values()[0]).isSameAs(Unit.PERCENT);
    }

    /**
     * A plugin built against SPI 1.1, where Unit was an enum, and switching on it: javac compiled
     * that switch to Unit.values() and ordinal(). Compiled here against a copy of the old enum,
     * then run against this SPI's class.
     */
    @Test
    void aSwitchCompiledAgainstTheOldEnumStillRuns(@TempDir Path temp) throws Exception {
        Path sources = Files.createDirectories(temp.resolve("src/io/sysgauge/spi"));
        Files.writeString(sources.resolve("Unit.java"), """
                package io.sysgauge.spi;
                public enum Unit { PERCENT, BYTES, MEBIBYTES, GIBIBYTES, WATTS, CELSIUS, MEGAHERTZ, SECONDS,
                    GIGATRANSFERS_PER_SECOND, COUNT, NONE;
                    public String symbol() { return ""; }
                }
                """);
        Path plugin = Files.createDirectories(temp.resolve("src/com/example"));
        Files.writeString(plugin.resolve("OldPlugin.java"), """
                package com.example;
                import io.sysgauge.spi.Unit;
                public class OldPlugin {
                    public static String describe(Unit unit) {
                        switch (unit) {
                            case WATTS: return "power " + unit.symbol();
                            case CELSIUS: return "temperature";
                            default: return "other";
                        }
                    }
                }
                """);
        Path classes = Files.createDirectories(temp.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int status = javac.run(null, null, null, "--release", "17", "-d", classes.toString(),
                sources.resolve("Unit.java").toString(), plugin.resolve("OldPlugin.java").toString());
        assertThat(status).isZero();
        // The plugin's classes only: io.sysgauge.spi.Unit comes from the parent, as in a PF4J plugin.
        deleteOldEnum(classes);

        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, Unit.class.getClassLoader())) {
            Method describe = loader.loadClass("com.example.OldPlugin").getMethod("describe", Unit.class);

            assertThat(describe.invoke(null, Unit.WATTS)).isEqualTo("power W");
            assertThat(describe.invoke(null, Unit.CELSIUS)).isEqualTo("temperature");
            assertThat(describe.invoke(null, Unit.PERCENT)).isEqualTo("other");
        }
    }

    private static void deleteOldEnum(Path classes) throws IOException {
        try (var files = Files.list(classes.resolve("io/sysgauge/spi"))) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
    }
}
