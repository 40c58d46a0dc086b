package io.sysgauge.host;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads /proc/stat, /proc/meminfo, /proc/net/dev and /proc/diskstats: four small reads a tick,
 * where enumerating disks through udev costs milliseconds.
 */
public final class LinuxHostSource implements HostSource {

    private static final long SECTOR_BYTES = 512; // diskstats counts 512-byte sectors on every device

    private final Path procRoot;
    private final Path sysRoot;
    // Block device name -> role, looked up in /sys once per name while the device stays listed.
    private Map<String, BlockRole> roles = new HashMap<>();

    private enum BlockRole { SKIPPED, DISK, STACKED }

    /**
     * @param procRoot where /proc is
     * @param sysRoot where /sys is
     */
    public LinuxHostSource(Path procRoot, Path sysRoot) {
        this.procRoot = procRoot;
        this.sysRoot = sysRoot;
    }

    @Override
    public CpuTimes cpuTimes() throws IOException {
        try {
            String content = ProcFiles.read(procRoot.resolve("stat"));
            long busy = 0;
            long total = 0;
            List<long[]> perCpu = new ArrayList<>();
            // The cpu lines come first; the rest (the long intr line above all) is never split.
            for (int start = 0, end; content.startsWith("cpu", start); start = end + 1) {
                end = content.indexOf('\n', start);
                if (end < 0) {
                    end = content.length();
                }
                List<String> fields = ProcFiles.fields(content.substring(start, end));
                // user nice system idle iowait irq softirq steal (guest time is already inside user)
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
                    // cpuN: an offline CPU has no line, so N, not the line's position, names the CPU
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
            return new CpuTimes(busy, total, cpus, perCpuBusy, perCpuTotal);
    
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw malformed("stat", e);
        }
    }

    @Override
    public MemoryState memory() throws IOException {
        try {
            String content = ProcFiles.read(procRoot.resolve("meminfo"));
            long totalKb = ProcFiles.field(content, "MemTotal");
            long availableKb = ProcFiles.field(content, "MemAvailable");
            if (availableKb < 0) { // kernels before 3.14
                availableKb = ProcFiles.field(content, "MemFree") + ProcFiles.field(content, "Buffers")
                        + ProcFiles.field(content, "Cached");
            }
            if (totalKb <= 0) {
                throw new IOException("no MemTotal in " + procRoot.resolve("meminfo"));
            }
            return new MemoryState(totalKb * 1024, availableKb * 1024);
    
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw malformed("meminfo", e);
        }
    }

    @Override
    public List<DeviceCounters> networkInterfaces() throws IOException {
        try {
            String content = ProcFiles.read(procRoot.resolve("net/dev"));
            List<DeviceCounters> interfaces = new ArrayList<>();
            for (String line : content.split("\n")) {
                int colon = line.indexOf(':');
                if (colon < 0 || line.contains("|")) {
                    continue; // the two header lines
                }
                List<String> fields = ProcFiles.fields(line.substring(colon + 1));
                if (fields.size() < 9) {
                    continue;
                }
                interfaces.add(new DeviceCounters(line.substring(0, colon).strip(),
                        Long.parseLong(fields.get(0)), Long.parseLong(fields.get(8)), true));
            }
            return interfaces;
    
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw malformed("net/dev", e);
        }
    }

    @Override
    public List<DeviceCounters> blockDevices() throws IOException {
        try {
            String content = ProcFiles.read(procRoot.resolve("diskstats"));
            List<DeviceCounters> devices = new ArrayList<>();
            // Only listed devices keep their role: a name that comes back may be another kind of device.
            Map<String, BlockRole> listed = new HashMap<>();
            for (String line : content.split("\n")) {
                List<String> fields = ProcFiles.fields(line);
                if (fields.size() < 10) {
                    continue;
                }
                String name = fields.get(2);
                BlockRole known = roles.get(name);
                BlockRole role = known != null ? known : classify(name);
                listed.put(name, role);
                if (role == BlockRole.SKIPPED) {
                    continue;
                }
                devices.add(new DeviceCounters(name,
                        Long.parseLong(fields.get(5)) * SECTOR_BYTES,
                        Long.parseLong(fields.get(9)) * SECTOR_BYTES,
                        role == BlockRole.DISK));
            }
            roles = listed;
            return devices;
    
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw malformed("diskstats", e);
        }
    }

    // Whole disks have a /sys/block entry, partitions do not; stacked devices list slaves.
    private BlockRole classify(String name) {
        if (name.startsWith("loop") || name.startsWith("ram") || name.startsWith("zram")) {
            return BlockRole.SKIPPED;
        }
        Path device = sysRoot.resolve("block").resolve(name);
        if (!Files.isDirectory(device)) {
            return BlockRole.SKIPPED;
        }
        try (DirectoryStream<Path> slaves = Files.newDirectoryStream(device.resolve("slaves"))) {
            return slaves.iterator().hasNext() ? BlockRole.STACKED : BlockRole.DISK;
        } catch (IOException e) {
            return BlockRole.DISK;
        }
    }

    // A number that does not parse or a line cut short (a kernel we do not know, a broken fixture
    // mount): the documented IOException, never an unchecked exception from the middle of a tick.
    private IOException malformed(String file, RuntimeException e) {
        return new IOException(procRoot.resolve(file) + " is not in the expected format (" + e.getMessage() + ")", e);
    }
}
