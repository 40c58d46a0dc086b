package io.sysgauge.plugin.nvidia.stub;

import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A fake {@code libnvidia-ml.so.1} for tests: {@code nvml_stub.c}, compiled with gcc, exporting
 * NVML's functions with their real signatures and serving the devices a test writes into
 * {@code nvml-stub.conf} beside it (the format is described at the top of the C file). Each
 * {@link #install} gives a copy of its own, which the dynamic linker loads as a separate library,
 * so tests do not share state.
 */
public final class NvmlStub {

    private static final String SOURCE = "nvml_stub.c";
    // issue 17: nvml_stub.c includes the other sources, which must lie beside it
    private static final List<String> SOURCES = List.of(SOURCE, "nvml_stub_gpm.c", "nvml_stub_health.c");
    private static final Map<Variant, Path> COMPILED = new ConcurrentHashMap<>();

    private final Path library;

    private NvmlStub(Path library) {
        this.library = library;
    }

    /**
     * @param directory where the library and its configuration go
     * @param config the configuration text
     * @param hiddenSymbols NVML functions to leave out, as an older driver would
     * @return the installed stub
     */
    public static NvmlStub install(Path directory, String config, String... hiddenSymbols) {
        return install(directory, config, new TreeSet<>(List.of(hiddenSymbols)), Set.of());
    }

    /**
     * @param directory where the library and its configuration go
     * @param config the configuration text
     * @return a stub with the R535 drivers' ABI: their {@code _v3} process lists fill the 32-byte
     *     struct of the CUDA 12.2 header, and they lack {@code nvmlDeviceGetRunningProcessDetailList}
     */
    public static NvmlStub installDriver535(Path directory, String config) {
        return install(directory, config, Set.of(), Set.of("DRIVER_535"));
    }

    private static NvmlStub install(Path directory, String config, Set<String> hiddenSymbols, Set<String> defines) {
        try {
            Files.createDirectories(directory);
            Path library = directory.resolve("libnvidia-ml.so.1");
            // A copy, not a link: the dynamic linker would hand back an already loaded library of the same inode.
            Files.copy(compiled(new Variant(hiddenSymbols, defines)), library, StandardCopyOption.REPLACE_EXISTING);
            NvmlStub stub = new NvmlStub(library);
            stub.configure(config);
            return stub;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param name a configuration file beside the stub's source, such as {@code two-gpus.conf}
     * @return its text
     */
    public static String fixture(String name) {
        try (InputStream in = NvmlStub.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException(name + " is not beside " + SOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the library file, for {@code nvidia.library} */
    public Path library() {
        return library;
    }

    /** Replaces the configuration; the stub reads it again on its next call. */
    public void configure(String config) {
        try {
            Path temporary = library.resolveSibling("nvml-stub.conf.tmp");
            Files.writeString(temporary, config);
            Files.move(temporary, library.resolveSibling("nvml-stub.conf"), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param function an NVML function name
     * @return how often this process called it in this copy of the stub
     */
    public long callCount(String function) {
        return NativeLibrary.getInstance(library.toString()).getFunction("stub_call_count")
                .invokeLong(new Object[] {function});
    }

    /** What a build of the stub leaves out, and the preprocessor symbols it defines. */
    private record Variant(Set<String> hiddenSymbols, Set<String> defines) {
        Variant {
            hiddenSymbols = Set.copyOf(hiddenSymbols);
            defines = Set.copyOf(defines);
        }
    }

    private static synchronized Path compiled(Variant variant) {
        return COMPILED.computeIfAbsent(variant, NvmlStub::compile);
    }

    private static Path compile(Variant variant) {
        Set<String> hiddenSymbols = variant.hiddenSymbols();
        try {
            Path workDir = Files.createTempDirectory("nvml-stub");
            workDir.toFile().deleteOnExit();
            Path source = workDir.resolve(SOURCE);
            for (String file : SOURCES) {
                try (InputStream in = NvmlStub.class.getResourceAsStream(file)) {
                    if (in == null) {
                        throw new IllegalStateException(file + " is not on the test class path");
                    }
                    Files.copy(in, workDir.resolve(file));
                    workDir.resolve(file).toFile().deleteOnExit();
                }
            }
            Path output = workDir.resolve("libnvidia-ml.so.1");
            List<String> command = new ArrayList<>(List.of("gcc", "-shared", "-fPIC", "-O2", "-Wall", "-Werror",
                    "-o", output.toString(), source.toString()));
            variant.defines().forEach(symbol -> command.add("-D" + symbol));
            if (!hiddenSymbols.isEmpty()) {
                // A version script keeps the hidden functions out of the dynamic symbol table: dlsym fails for
                // them exactly as it does against a driver that predates them.
                Path script = workDir.resolve("hidden.map");
                Files.writeString(script, "{ global: *; local: " + String.join("; ", hiddenSymbols) + "; };\n");
                command.add("-Wl,--version-script=" + script);
            }
            Process gcc = new ProcessBuilder(command).redirectErrorStream(true).start();
            String log = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!gcc.waitFor(120, TimeUnit.SECONDS) || gcc.exitValue() != 0) {
                throw new IllegalStateException("gcc could not build the NVML stub:\n" + log);
            }
            output.toFile().deleteOnExit();
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
