package io.sysgauge.host;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
    // One reused buffer per file: disk is read on its own worker, the others on the sampling thread.
    private final ProcFiles.Buffer stat = new ProcFiles.Buffer();
    private final ProcFiles.Buffer meminfo = new ProcFiles.Buffer();
    private final ProcFiles.Buffer netDev = new ProcFiles.Buffer();
    private final ProcFiles.Buffer diskstats = new ProcFiles.Buffer();
    private final Path statFile;
    private final Path meminfoFile;
    private final Path netDevFile;
    private final Path diskstatsFile;
    private final Names netDevNames = new Names();
    private final Names diskNames = new Names();
    // Per-CPU scratch of cpuTimes, grown to the number of CPU lines.
    private int[] cpuNumbers = new int[64];
    private long[] cpuBusy = new long[64];
    private long[] cpuTotal = new long[64];

    private enum BlockRole { SKIPPED, DISK, STACKED }

    /**
     * @param procRoot where /proc is
     * @param sysRoot where /sys is
     */
    public LinuxHostSource(Path procRoot, Path sysRoot) {
        this.procRoot = procRoot;
        this.sysRoot = sysRoot;
        this.statFile = procRoot.resolve("stat");
        this.meminfoFile = procRoot.resolve("meminfo");
        this.netDevFile = procRoot.resolve("net/dev");
        this.diskstatsFile = procRoot.resolve("diskstats");
    }

    @Override
    public CpuTimes cpuTimes() throws IOException {
        synchronized (stat) {
            try {
                ProcFiles.Buffer content = stat.read(statFile);
                long busy = 0;
                long iowait = 0;
                long total = 0;
                int count = 0;
                long[] ticks = new long[8];
                // The cpu lines come first; the rest (the long intr line above all) is never looked at.
                for (int start = 0, end; ProcFiles.startsWith(content, start, "cpu"); start = end + 1) {
                    end = content.lineEnd(start);
                    content.nextField(start, end); // the name: the line starts with "cpu"
                    int nameStart = content.fieldStart();
                    int nameEnd = content.fieldEnd();
                    // user nice system idle iowait irq softirq steal (guest time is already inside user)
                    Arrays.fill(ticks, 0);
                    int at = nameEnd;
                    for (int i = 0; i < 8 && content.nextField(at, end); i++) {
                        ticks[i] = content.fieldAsLong();
                        at = content.fieldEnd();
                    }
                    long idle = ticks[3] + ticks[4];
                    long lineBusy = ticks[0] + ticks[1] + ticks[2] + ticks[5] + ticks[6] + ticks[7];
                    if (nameEnd - nameStart == "cpu".length()) {
                        busy = lineBusy;
                        iowait = ticks[4];
                        total = lineBusy + idle;
                    } else {
                        // cpuN: an offline CPU has no line, so N, not the line's position, names the CPU
                        if (count == cpuNumbers.length) {
                            cpuNumbers = Arrays.copyOf(cpuNumbers, count * 2);
                            cpuBusy = Arrays.copyOf(cpuBusy, count * 2);
                            cpuTotal = Arrays.copyOf(cpuTotal, count * 2);
                        }
                        cpuNumbers[count] = (int) Long.parseLong(content, nameStart + "cpu".length(), nameEnd, 10);
                        cpuBusy[count] = lineBusy;
                        cpuTotal[count] = lineBusy + idle;
                        count++;
                    }
                }
                // CpuTimes keeps its arrays: the previous reading must outlive this one.
                return new CpuTimes(busy, iowait, total, Arrays.copyOf(cpuNumbers, count),
                        Arrays.copyOf(cpuBusy, count), Arrays.copyOf(cpuTotal, count));
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                throw malformed("stat", e);
            }
        }
    }

    @Override
    public MemoryState memory() throws IOException {
        synchronized (meminfo) {
            try {
                ProcFiles.Buffer content = meminfo.read(meminfoFile);
                long totalKb = ProcFiles.field(content, "MemTotal");
                long availableKb = ProcFiles.field(content, "MemAvailable");
                if (availableKb < 0) { // kernels before 3.14
                    availableKb = ProcFiles.field(content, "MemFree") + ProcFiles.field(content, "Buffers")
                            + ProcFiles.field(content, "Cached");
                }
                if (totalKb <= 0) {
                    throw new IOException("no MemTotal in " + meminfoFile);
                }
                return new MemoryState(totalKb * 1024, availableKb * 1024);
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                throw malformed("meminfo", e);
            }
        }
    }

    @Override
    public List<DeviceCounters> networkInterfaces() throws IOException {
        synchronized (netDev) {
            try {
                ProcFiles.Buffer content = netDev.read(netDevFile);
                List<DeviceCounters> interfaces = new ArrayList<>();
                int length = content.length();
                for (int start = 0, end; start < length; start = end + 1) {
                    end = content.lineEnd(start);
                    int colon = ProcFiles.indexOf(content, ':', start);
                    int bar = ProcFiles.indexOf(content, '|', start);
                    if (colon < 0 || colon >= end || bar >= 0 && bar < end) {
                        continue; // the two header lines
                    }
                    // received bytes are field 0 after the colon, sent bytes field 8
                    int receivedStart = -1;
                    int receivedEnd = -1;
                    int fields = 0;
                    for (int at = colon + 1; fields < 9 && content.nextField(at, end); fields++) {
                        at = content.fieldEnd();
                        if (fields == 0) {
                            receivedStart = content.fieldStart();
                            receivedEnd = content.fieldEnd();
                        }
                    }
                    if (fields < 9) {
                        continue; // numbers are read only on lines long enough, as before
                    }
                    long out = content.fieldAsLong();
                    long in = Long.parseLong(content, receivedStart, receivedEnd, 10);
                    interfaces.add(new DeviceCounters(netDevNames.name(content, start, colon, true), in, out, true));
                }
                netDevNames.endOfReading();
                return interfaces;
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                throw malformed("net/dev", e);
            }
        }
    }

    @Override
    public List<DeviceCounters> blockDevices() throws IOException {
        synchronized (diskstats) {
            try {
                ProcFiles.Buffer content = diskstats.read(diskstatsFile);
                List<DeviceCounters> devices = new ArrayList<>();
                // Only listed devices keep their role: a name that comes back may be another kind of device.
                Map<String, BlockRole> listed = new HashMap<>();
                int length = content.length();
                for (int start = 0, end; start < length; start = end + 1) {
                    end = content.lineEnd(start);
                    // major minor name reads(3) . sectorsRead(5) . . writes(7) . sectorsWritten(9)
                    int fields = 0;
                    int nameStart = -1;
                    int nameEnd = -1;
                    int readStart = -1;
                    int readEnd = -1;
                    for (int at = start; fields < 10 && content.nextField(at, end); fields++) {
                        at = content.fieldEnd();
                        if (fields == 2) {
                            nameStart = content.fieldStart();
                            nameEnd = content.fieldEnd();
                        } else if (fields == 5) {
                            readStart = content.fieldStart();
                            readEnd = content.fieldEnd();
                        }
                    }
                    if (fields < 10) {
                        continue;
                    }
                    int writtenStart = content.fieldStart();
                    int writtenEnd = content.fieldEnd();
                    String name = diskNames.name(content, nameStart, nameEnd, false);
                    BlockRole known = roles.get(name);
                    BlockRole role = known != null ? known : classify(name);
                    listed.put(name, role);
                    if (role == BlockRole.SKIPPED) {
                        continue;
                    }
                    devices.add(new DeviceCounters(name,
                            Long.parseLong(content, readStart, readEnd, 10) * SECTOR_BYTES,
                            Long.parseLong(content, writtenStart, writtenEnd, 10) * SECTOR_BYTES,
                            role == BlockRole.DISK));
                }
                diskNames.endOfReading();
                roles = listed;
                return devices;
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                throw malformed("diskstats", e);
            }
        }
    }

    /**
     * The device names of the last reading, handed out again while the file shows the same
     * name, so a steady tick makes no new strings for them.
     */
    private static final class Names {
        private List<String> previous = new ArrayList<>();
        private List<String> current = new ArrayList<>();

        // The name in content[start, end), stripped of white space as String.strip() does if asked.
        String name(ProcFiles.Buffer content, int start, int end, boolean strip) {
            if (strip) {
                while (start < end && Character.isWhitespace(content.charAt(start))) {
                    start++;
                }
                while (end > start && Character.isWhitespace(content.charAt(end - 1))) {
                    end--;
                }
            }
            String found = null;
            for (String candidate : previous) {
                if (candidate.length() == end - start && ProcFiles.startsWith(content, start, candidate)) {
                    found = candidate;
                    break;
                }
            }
            if (found == null) {
                found = content.subSequence(start, end);
            }
            current.add(found);
            return found;
        }

        void endOfReading() {
            List<String> swap = previous;
            previous = current;
            current = swap;
            current.clear();
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
