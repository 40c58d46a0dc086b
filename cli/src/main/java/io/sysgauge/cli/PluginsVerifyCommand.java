package io.sysgauge.cli;

import io.sysgauge.cli.plugin.PluginVerifier;
import io.sysgauge.cli.plugin.PluginVerifier.Verdict;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sysgauge plugins verify JAR...}: is a jar a plugin this sysgauge can load, and if not, why. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {
            "Check plugin jars before installing them, and say what is wrong with each.",
            "It checks the manifest entries (Plugin-Id, Plugin-Version, Plugin-Requires), a Plugin-Id (and",
            "collector and exporter ids) of lowercase letters, digits and '-', a Plugin-Requires range that",
            "admits this sysgauge's plugin platform version (the SPI and the libraries it shares), an",
            "extension index naming classes the jar has, no bundled copies of the jars sysgauge shares (SPI,",
            "PF4J, SLF4J, JNA, OSHI, Jackson), that it loads and starts, and that each collector or exporter",
            "id is the Plugin-Id or starts with it and '-'. It cannot tell what the plugin's code will do:",
            "a plugin runs with sysgauge's rights.",
            "Exit code 1 when a jar has a problem."})
final class PluginsVerifyCommand implements Callable<Integer> {

    @Parameters(paramLabel = "JAR", arity = "1..*", description = "Plugin jars to check.")
    List<Path> jars;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        boolean allFine = true;
        for (Path jar : jars) {
            allFine &= report(jar, PluginVerifier.verify(jar), out);
        }
        out.flush();
        return allFine ? 0 : 1;
    }

    private static String extensions(Verdict verdict) {
        List<String> parts = new ArrayList<>();
        if (!verdict.collectors().isEmpty()) {
            parts.add("collector" + (verdict.collectors().size() == 1 ? " " : "s ") + String.join(", ", verdict.collectors()));
        }
        if (!verdict.exporters().isEmpty()) {
            parts.add("exporter" + (verdict.exporters().size() == 1 ? " " : "s ") + String.join(", ", verdict.exporters()));
        }
        return String.join(", ", parts);
    }

    /** Prints a verdict: one line when fine, the problems one per line otherwise. */
    static boolean report(Path jar, Verdict verdict, PrintWriter out) {
        if (verdict.ok()) {
            out.printf("%s: plugin %s %s (platform %s), %s: OK%n", jar.getFileName(), verdict.id(),
                    verdict.version(), verdict.requires(), extensions(verdict));
            return true;
        }
        out.printf("%s: not installable:%n", jar.getFileName());
        verdict.problems().forEach(problem -> out.printf("  - %s%n", problem));
        return false;
    }
}
