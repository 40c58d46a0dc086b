package io.sysgauge.cli;

import io.sysgauge.cli.plugin.PluginVerifier;
import io.sysgauge.cli.plugin.PluginVerifier.Verdict;
import io.sysgauge.core.config.Config;
import io.sysgauge.core.platform.IoErrors;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import java.util.jar.JarFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sysgauge plugins install JAR}: verify a jar, then put it in the plugins folder in place of its older version. */
@Command(name = "install", mixinStandardHelpOptions = true,
        description = {
            "Verify a plugin jar (as 'plugins verify' does) and copy it into the plugins folder",
            "(plugins.dir), replacing the jar of an installed plugin with the same id. The folder",
            "must exist already.",
            "Exit code 1 when the jar has a problem; nothing is copied then."})
final class PluginsInstallCommand implements Callable<Integer> {

    @Parameters(paramLabel = "JAR", description = "The plugin jar.")
    Path jar;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Verdict verdict = PluginVerifier.verify(jar);
        if (!PluginsVerifyCommand.report(jar, verdict, out)) {
            out.flush();
            return 1;
        }
        Config config = Startup.loader(common).loadCoreOnly();
        Path folder = config.settings().pluginsDir();
        // A typo in plugins.dir must not become a new folder that nothing reads.
        if (!Files.isDirectory(folder)) {
            throw new UsageException("the plugins folder " + folder + " (plugins.dir) does not exist: create it"
                    + " first, or set plugins.dir to the folder sysgauge loads plugins from");
        }
        try {
            Path target = folder.resolve(jar.getFileName());
            Path replaced = installedJarOf(folder, verdict.id(), target);
            Files.copy(jar, target, StandardCopyOption.REPLACE_EXISTING);
            if (replaced != null) {
                Files.delete(replaced);
            }
            out.printf("installed %s into %s%s%n", jar.getFileName(), folder,
                    replaced == null ? "" : " (replacing " + replaced.getFileName() + ")");
        } catch (IOException e) {
            throw new UsageException("cannot install into " + folder + " (" + IoErrors.describe(e)
                    + "); set plugins.dir to a folder you can write");
        }
        out.flush();
        return 0;
    }

    /** @return another jar in the folder with this plugin id, or null */
    private static Path installedJarOf(Path folder, String id, Path target) throws IOException {
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(folder, "*.jar")) {
            for (Path installed : jars) {
                if (installed.equals(target)) {
                    continue;
                }
                try (JarFile file = new JarFile(installed.toFile())) {
                    if (file.getManifest() != null
                            && id.equals(file.getManifest().getMainAttributes().getValue("Plugin-Id"))) {
                        return installed;
                    }
                } catch (IOException e) {
                    // not a jar the loader would take either
                }
            }
        }
        return null;
    }
}
