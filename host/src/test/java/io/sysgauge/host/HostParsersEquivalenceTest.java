package io.sysgauge.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysgauge.testkit.Fuzz;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The in-place parsers of {@link LinuxHostSource} give what the String/split parsers they
 * replaced gave (kept below as the reference), on this machine's files and on fuzzed copies:
 * the same values, or an IOException from both.
 */
@EnabledOnOs(OS.LINUX)
class HostParsersEquivalenceTest {

    private static final int CASES = 20_000;

    @TempDir
    Path tmp;

    @Test
    void statNetDevAndMeminfoReadAsTheStringParsersDid() throws IOException {
        Path proc = Files.createDirectories(tmp.resolve("proc/net"));
        LinuxHostSource source = new LinuxHostSource(tmp.resolve("proc"), tmp.resolve("sys"));
        compare(tmp.resolve("proc/stat"), "stat", 0x5a, () -> describe(source.cpuTimes()), HostParsersEquivalenceTest::oldCpu);
        compare(proc.resolve("dev"), "net/dev", 0xde, () -> source.networkInterfaces().toString(),
                HostParsersEquivalenceTest::oldNetDev);
        compare(tmp.resolve("proc/meminfo"), "meminfo", 0x3e, () -> source.memory().toString(),
                HostParsersEquivalenceTest::oldMemory);
    }

    private static String describe(CpuTimes times) {
        return times.busy() + " " + times.total() + " " + Arrays.toString(times.cpus()) + " "
                + Arrays.toString(times.perCpuBusy()) + " " + Arrays.toString(times.perCpuTotal());
    }

    private void compare(Path file, String real, long seed, Parse current, OldParse old) throws IOException {
        byte[] original = Files.readAllBytes(Path.of("/proc").resolve(real));
        int[] agreed = {0};
        Fuzz.Outcome outcome = Fuzz.cases(CASES, seed, List.of(original)).check(mutated -> {
            Files.write(file, mutated);
            String expected = outcomeOf(() -> old.parse(new String(mutated, StandardCharsets.ISO_8859_1)));
            String actual = outcomeOf(current);
            assertThat(actual).as("%s of %s", real, Arrays.toString(mutated)).isEqualTo(expected);
            agreed[0]++;
        });
        assertThat(agreed[0]).as("cases of %s compared", real).isEqualTo(outcome.answered()).isPositive();
        Files.write(file, original);
        assertThat(outcomeOf(current)).isEqualTo(outcomeOf(() -> old.parse(new String(original, StandardCharsets.ISO_8859_1))))
                .doesNotStartWith("IOException");
    }

    private static String outcomeOf(Parse parse) {
        try {
            return parse.parse();
        } catch (IOException e) {
            return "IOException";
        }
    }

    @FunctionalInterface
    private interface Parse {
        String parse() throws IOException;
    }

    @FunctionalInterface
    private interface OldParse {
        String parse(String content) throws IOException;
    }

    // The parsers as they were before the tick read into reused buffers (commit 6fce279).

    private static String oldCpu(String content) throws IOException {
        try {
            long busy = 0;
            long total = 0;
            List<long[]> perCpu = new ArrayList<>();
            for (int start = 0, end; content.startsWith("cpu", start); start = end + 1) {
                end = content.indexOf('\n', start);
                if (end < 0) {
                    end = content.length();
                }
                List<String> fields = ProcFiles.fields(content.substring(start, end));
                long[] ticks = new long[8];
                for (int i = 0; i < 8 && i + 1 < fields.size(); i++) {
                    ticks[i] = Long.parseLong(fields.get(i + 1));
                }
                long idle = ticks[3] + ticks[4];
                long lineBusy = ticks[0] + ticks[1] + ticks[2] + ticks[5] + ticks[6] + ticks[7];
                String name = fields.get(0);
                if (name.equals("cpu")) {
                    busy = lineBusy;
                    total = lineBusy + idle;
                } else {
                    perCpu.add(new long[] {Long.parseLong(name.substring("cpu".length())), lineBusy, lineBusy + idle});
                }
            }
            int[] cpus = new int[perCpu.size()];
            long[] perCpuBusy = new long[perCpu.size()];
            long[] perCpuTotal = new long[perCpu.size()];
            for (int i = 0; i < perCpu.size(); i++) {
                cpus[i] = (int) perCpu.get(i)[0];
                perCpuBusy[i] = perCpu.get(i)[1];
                perCpuTotal[i] = perCpu.get(i)[2];
            }
            return describe(new CpuTimes(busy, 0, total, cpus, perCpuBusy, perCpuTotal));
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new IOException(e);
        }
    }

    private static String oldNetDev(String content) throws IOException {
        try {
            List<DeviceCounters> interfaces = new ArrayList<>();
            for (String line : content.split("\n")) {
                int colon = line.indexOf(':');
                if (colon < 0 || line.contains("|")) {
                    continue;
                }
                List<String> fields = ProcFiles.fields(line.substring(colon + 1));
                if (fields.size() < 9) {
                    continue;
                }
                interfaces.add(new DeviceCounters(line.substring(0, colon).strip(),
                        Long.parseLong(fields.get(0)), Long.parseLong(fields.get(8)), true));
            }
            return interfaces.toString();
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new IOException(e);
        }
    }

    private static String oldMemory(String content) throws IOException {
        long totalKb = oldField(content, "MemTotal");
        long availableKb = oldField(content, "MemAvailable");
        if (availableKb < 0) {
            availableKb = oldField(content, "MemFree") + oldField(content, "Buffers") + oldField(content, "Cached");
        }
        if (totalKb <= 0) {
            throw new IOException("no MemTotal");
        }
        return new MemoryState(totalKb * 1024, availableKb * 1024).toString();
    }

    private static long oldField(String content, String name) {
        int at = content.startsWith(name + ":") ? 0 : content.indexOf("\n" + name + ":");
        int i = at < 0 ? -1 : content.indexOf(':', at) + 1;
        if (i < 0) {
            return -1;
        }
        while (i < content.length() && (content.charAt(i) == ' ' || content.charAt(i) == '\t')) {
            i++;
        }
        long value = 0;
        int digits = 0;
        for (; i < content.length() && Character.isDigit(content.charAt(i)); i++, digits++) {
            value = value * 10 + (content.charAt(i) - '0');
        }
        return Objects.equals(digits, 0) ? -1 : value;
    }
}
