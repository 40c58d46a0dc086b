package io.sysgauge.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.slf4j.Logger;

/** The module boundaries DESIGN.md draws, checked on the bytecode of every module. */
@AnalyzeClasses(packages = "io.sysgauge",
        importOptions = {ImportOption.DoNotIncludeTests.class, ArchitectureTest.DoNotIncludeTestJars.class})
class ArchitectureTest {

    /** Test jars (the NVML stub's helper) are test code too. */
    static final class DoNotIncludeTestJars implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.contains("-tests.jar");
        }
    }

    @ArchTest
    static final ArchRule spiKnowsOnlyTheJdkAndPf4j = classes().that().resideInAPackage("io.sysgauge.spi..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("io.sysgauge.spi..", "java..", "org.pf4j..",
                    "com.sun.net.httpserver..")
            .because("a scraped exporter's handler is the JDK's own HTTP server API");

    @ArchTest
    static final ArchRule coreKnowsNoPlugin = noClasses().that().resideInAPackage("io.sysgauge.core..")
            .should().dependOnClassesThat().resideInAnyPackage("io.sysgauge.plugin..", "io.sysgauge.exporter..",
                    "io.sysgauge.views..", "io.sysgauge.cli..", "io.sysgauge.host..", "io.sysgauge.events..",
                    "io.sysgauge.recorder..")
            .because("core is the engine: the built-in collectors, plugins, the events file, exporters, views and the"
                    + " command line build on it or are handed to it, not it on them");

    @ArchTest
    static final ArchRule theEventsFileBuildsOnCoreOnly = noClasses().that().resideInAPackage("io.sysgauge.events..")
            .should().dependOnClassesThat().resideInAnyPackage("io.sysgauge.plugin..", "io.sysgauge.exporter..",
                    "io.sysgauge.views..", "io.sysgauge.cli..", "io.sysgauge.host..", "io.sysgauge.recorder..")
            .because("the run record is an output: it takes records and metadata from core, as an exporter would");

    @ArchTest
    static final ArchRule hostIsWrittenAgainstTheSpiOnly = noClasses().that().resideInAPackage("io.sysgauge.host..")
            .should().dependOnClassesThat().resideInAnyPackage("io.sysgauge.core..", "io.sysgauge.events..",
                    "io.sysgauge.plugin..", "io.sysgauge.exporter..", "io.sysgauge.views..", "io.sysgauge.recorder..")
            .because("the built-in collectors are collectors like any plugin's; the command line hands them to core");

    @ArchTest
    static final ArchRule pluginsAndExportersDoNotKnowEachOther = noClasses().that().resideInAPackage("io.sysgauge.plugin..")
            .should().dependOnClassesThat().resideInAnyPackage("io.sysgauge.exporter..", "io.sysgauge.views..",
                    "io.sysgauge.cli..");

    @ArchTest
    static final ArchRule outputsDoNotKnowTheCommandLine = noClasses()
            .that().resideInAnyPackage("io.sysgauge.exporter..", "io.sysgauge.views..", "io.sysgauge.host..",
                    "io.sysgauge.events..", "io.sysgauge.recorder..")
            .should().dependOnClassesThat().resideInAPackage("io.sysgauge.cli..");

    @ArchTest
    static final ArchRule theRecorderKnowsNoOutputBeyondTheRunFolder = noClasses()
            .that().resideInAPackage("io.sysgauge.recorder..")
            .should().dependOnClassesThat().resideInAnyPackage("io.sysgauge.views..", "io.sysgauge.exporter..",
                    "io.sysgauge.plugin..")
            .because("a recording writes the run folder; live pages and exporters are handed to it as sinks and plugins");

    @ArchTest
    static final ArchRule exportersSeeTheSpiNotCore = noClasses().that().resideInAPackage("io.sysgauge.exporter..")
            .should().dependOnClassesThat().resideInAnyPackage("io.sysgauge.core..", "io.sysgauge.plugin..",
                    "io.sysgauge.host..", "io.sysgauge.views..", "io.sysgauge.events..", "io.sysgauge.recorder..")
            .because("an exporter is a plugin jar: it sees the SPI only, as a vendor's would");

    @ArchTest
    static final ArchRule pluginsDoNotKnowEachOther = slices().matching("io.sysgauge.plugin.(*)..")
            .should().notDependOnEachOther();

    @ArchTest
    static final ArchRule exportersDoNotKnowEachOther = slices().matching("io.sysgauge.exporter.(*)..")
            .should().notDependOnEachOther();

    @ArchTest
    static final ArchRule pluginsSeeTheSpiNotCore = noClasses().that().resideInAPackage("io.sysgauge.plugin..")
            .should().dependOnClassesThat().resideInAPackage("io.sysgauge.core..");

    @ArchTest
    static final ArchRule nativeAccessStaysInTheJnaEdgeClass = noClasses().that().resideInAPackage("io.sysgauge.plugin..")
            .and().haveSimpleNameNotStartingWith("Jna")
            .should().dependOnClassesThat().resideInAPackage("com.sun.jna..")
            .because("parsing and units are plain classes tested with fixtures; one small class calls the library");

    @ArchTest
    static final ArchRule onlyTheCliDependsOnTheCli = noClasses().that().resideOutsideOfPackage("io.sysgauge.cli..")
            .should().dependOnClassesThat().resideInAPackage("io.sysgauge.cli..");

    @ArchTest
    static final ArchRule onlyTheCliWritesToTheConsole = noClasses().that().resideOutsideOfPackage("io.sysgauge.cli..")
            .should().accessField(System.class, "out").orShould().accessField(System.class, "err")
            .because("everything else reports through slf4j or a sink");

    @ArchTest
    static final ArchRule loggersAreOnePrivateStaticFinalField = fields().that().haveRawType(Logger.class)
            .should().bePrivate().andShould().beStatic().andShould().beFinal().andShould().haveName("logger");

    @ArchTest
    static final ArchRule configurationDoesNotReachUpIntoTheLoop = noClasses()
            .that().resideInAPackage("io.sysgauge.core.config..")
            .should().dependOnClassesThat().resideInAnyPackage("io.sysgauge.core.sampling..", "io.sysgauge.core.session..");
}
