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
    private static final Map<Set<String>, Path> COMPILED = new ConcurrentHashMap<>();

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
        try {
            Files.createDirectories(directory);
            Path library = directory.resolve("libnvidia-ml.so.1");
            // A copy, not a link: the dynamic linker would hand back an already loaded library of the same inode.
            Files.copy(compiled(new TreeSet<>(List.of(hiddenSymbols))), library, StandardCopyOption.REPLACE_EXISTING);
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

    private static synchronized Path compiled(Set<String> hiddenSymbols) {
        return COMPILED.computeIfAbsent(Set.copyOf(hiddenSymbols), NvmlStub::compile);
    }

    private static Path compile(Set<String> hiddenSymbols) {
        try {
            Path workDir = Files.createTempDirectory("nvml-stub");
            workDir.toFile().deleteOnExit();
            Path source = workDir.resolve(SOURCE);
            try (InputStream in = NvmlStub.class.getResourceAsStream(SOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(SOURCE + " is not on the test class path");
                }
                Files.copy(in, source);
            }
            Path output = workDir.resolve("libnvidia-ml.so.1");
            List<String> command = new ArrayList<>(List.of("gcc", "-shared", "-fPIC", "-O2", "-Wall", "-Werror",
                    "-o", output.toString(), source.toString()));
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
            for (Path file : List.of(source, output)) {
                file.toFile().deleteOnExit();
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
