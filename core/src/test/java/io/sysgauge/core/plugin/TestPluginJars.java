package io.sysgauge.core.plugin;

import io.sysgauge.spi.MetricCollector;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.pf4j.ExtensionPoint;

/**
 * Builds real PF4J plugin jars for tests: a collector compiled from source with javac against the
 * SPI, a manifest, and the extension index, as the plugins parent POM would produce them.
 */
public final class TestPluginJars {

    private final Path workDir;

    public TestPluginJars(Path workDir) {
        this.workDir = workDir;
    }

    /** A plugin jar builder. */
    public final class Builder {
        private final String pluginId;
        private String version = "1.2.3";
        private String requires = ">=1.0.0 & <2.0.0";
        private String collectorId;
        private boolean index = true;
        private boolean bundleSpi;
        private String omitted;
        private String extraIndexEntry;
        private String probeBody = "return Probe.present(Map.of(\"contextLoaderIsPlugin\", "
                + "Thread.currentThread().getContextClassLoader() == getClass().getClassLoader()));";

        Builder(String pluginId) {
            this.pluginId = pluginId;
            this.collectorId = pluginId;
        }

        public Builder version(String value) {
            version = value;
            return this;
        }

        public Builder requires(String value) {
            requires = value;
            return this;
        }

        public Builder collectorId(String value) {
            collectorId = value;
            return this;
        }

        public Builder withoutIndex() {
            index = false;
            return this;
        }

        public Builder bundlingTheSpi() {
            bundleSpi = true;
            return this;
        }

        /** Leaves one manifest entry out, such as Plugin-Requires. */
        public Builder omitting(String manifestEntry) {
            omitted = manifestEntry;
            return this;
        }

        /** Lists a class the jar does not have in the extension index too. */
        public Builder indexing(String className) {
            extraIndexEntry = className;
            return this;
        }

        public Builder probe(String body) {
            probeBody = body;
            return this;
        }

        public Path writeTo(Path pluginsDir, String fileName) {
            String packageName = "test.plugin.p" + pluginId.replaceAll("[^A-Za-z0-9]", "_") + "_" + Integer.toHexString(System.identityHashCode(this));
            String className = packageName + ".Collector";
            String source = "package " + packageName + ";\n"
                    + "import io.sysgauge.spi.*;\nimport java.util.Map;\n"
                    + "public class Collector implements MetricCollector {\n"
                    + "  static final MetricDescriptor VALUE = MetricDescriptor.of(\"test." + collectorId + ".value\", Unit.NONE, \"test\");\n"
                    + "  public String id() { return \"" + collectorId + "\"; }\n"
                    + "  public java.util.Set<String> configKeys() { return java.util.Set.of(\"knob\"); }\n"
                    + "  public Probe probe(CollectorContext context) { " + probeBody + " }\n"
                    + "  public void sample(SampleWriter out) { out.write(VALUE, 42); }\n"
                    + "}\n";
            try {
                Path classes = compile(className, source);
                Files.createDirectories(pluginsDir);
                Path jar = pluginsDir.resolve(fileName);
                Manifest manifest = new Manifest();
                Attributes attributes = manifest.getMainAttributes();
                attributes.put(Attributes.Name.MANIFEST_VERSION, "1.0");
                attributes.putValue("Plugin-Id", pluginId);
                attributes.putValue("Plugin-Version", version);
                attributes.putValue("Plugin-Requires", requires);
                attributes.putValue("Plugin-Provider", "tests");
                if (omitted != null) {
                    attributes.remove(new Attributes.Name(omitted));
                }
                try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
                    addTree(out, classes);
                    if (index) {
                        out.putNextEntry(new JarEntry("META-INF/extensions.idx"));
                        out.write((className + "\n" + (extraIndexEntry == null ? "" : extraIndexEntry + "\n")).getBytes());
                        out.closeEntry();
                    }
                    if (bundleSpi) {
                        addSpi(out);
                    }
                }
                return jar;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public Builder plugin(String pluginId) {
        return new Builder(pluginId);
    }

    private Path compile(String className, String source) throws IOException {
        Path sources = Files.createTempDirectory(workDir, "src");
        Path classes = Files.createTempDirectory(workDir, "classes");
        Path file = sources.resolve(className.replace('.', '/') + ".java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        String classpath = location(MetricCollector.class) + java.io.File.pathSeparator + location(ExtensionPoint.class);
        // -proc:none: the index is written below, as each case needs it, not by the PF4J processor
        int status = javac.run(null, null, null, "-proc:none", "-d", classes.toString(), "-cp", classpath, file.toString());
        if (status != 0) {
            throw new IllegalStateException("javac failed on the test plugin");
        }
        return classes;
    }

    private static void addTree(JarOutputStream out, Path root) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(Files::isRegularFile).forEach(files::add);
        }
        for (Path file : files) {
            out.putNextEntry(new JarEntry(root.relativize(file).toString().replace('\\', '/')));
            Files.copy(file, out);
            out.closeEntry();
        }
    }

    // The mistake the plugins parent POM prevents: a plugin carrying its own copy of the SPI.
    private static void addSpi(JarOutputStream out) throws IOException {
        Path spi = location(MetricCollector.class);
        if (Files.isDirectory(spi)) {
            addTree(out, spi);
            return;
        }
        try (JarFile jar = new JarFile(spi.toFile())) {
            for (JarEntry entry : java.util.Collections.list(jar.entries())) {
                if (entry.getName().startsWith("io/sysgauge/spi/") && !entry.isDirectory()) {
                    out.putNextEntry(new JarEntry(entry.getName()));
                    try (var in = jar.getInputStream(entry)) {
                        in.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
        }
    }

    static Path location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static void writeGarbage(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write("this is not a zip file\n".getBytes());
        }
    }
}
