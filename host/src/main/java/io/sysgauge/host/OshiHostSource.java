package io.sysgauge.host;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import oshi.hardware.CentralProcessor;
import oshi.hardware.CentralProcessor.LogicalProcessor;
import oshi.hardware.CentralProcessor.TickType;
import oshi.hardware.HWDiskStore;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.hardware.NetworkIF;

/**
 * Machine-wide counters through OSHI, for operating systems without /proc. The interface and
 * disk lists are enumerated once (that is the expensive part) and refreshed in place.
 */
public final class OshiHostSource implements HostSource {

    private final CentralProcessor processor;
    private final HardwareAbstractionLayer hardware;
    private List<NetworkIF> interfaces;
    private List<HWDiskStore> disks;
    private int[] cpuNumbers;

    /** @param hardware OSHI's hardware layer */
    public OshiHostSource(HardwareAbstractionLayer hardware) {
        this.hardware = hardware;
        this.processor = hardware.getProcessor();
    }

    @Override
    public CpuTimes cpuTimes() {
        long[] ticks = processor.getSystemCpuLoadTicks();
        long[][] perCpu = processor.getProcessorCpuLoadTicks();
        int[] cpus = cpuNumbers(perCpu.length);
        long[] perCpuBusy = new long[perCpu.length];
        long[] perCpuTotal = new long[perCpu.length];
        for (int i = 0; i < perCpu.length; i++) {
            perCpuBusy[i] = busy(perCpu[i]);
            perCpuTotal[i] = perCpuBusy[i] + idle(perCpu[i]);
        }
        long busy = busy(ticks);
        return new CpuTimes(busy, ticks[TickType.IOWAIT.getIndex()], busy + idle(ticks), cpus, perCpuBusy, perCpuTotal);
    }

    // OSHI lists the ticks in the order of its logical processors, which carry the OS's numbers;
    // numbers that repeat (per processor group, say) cannot name keys, positions are used then.
    private int[] cpuNumbers(int count) {
        if (cpuNumbers == null || cpuNumbers.length != count) {
            List<LogicalProcessor> logical = processor.getLogicalProcessors();
            int[] numbers = logical.stream().mapToInt(LogicalProcessor::getProcessorNumber).toArray();
            boolean distinct = numbers.length == count && IntStream.of(numbers).distinct().count() == count;
            cpuNumbers = distinct ? numbers : IntStream.range(0, count).toArray();
        }
        return cpuNumbers;
    }

    @Override
    public MemoryState memory() {
        return new MemoryState(hardware.getMemory().getTotal(), hardware.getMemory().getAvailable());
    }

    @Override
    public List<DeviceCounters> networkInterfaces() {
        if (interfaces == null) {
            interfaces = hardware.getNetworkIFs(true);
        }
        List<DeviceCounters> counters = new ArrayList<>(interfaces.size());
        for (NetworkIF networkIf : interfaces) {
            networkIf.updateAttributes();
            counters.add(new DeviceCounters(networkIf.getName(), networkIf.getBytesRecv(), networkIf.getBytesSent(), true));
        }
        return counters;
    }

    @Override
    public List<DeviceCounters> blockDevices() {
        if (disks == null) {
            disks = hardware.getDiskStores();
        }
        List<DeviceCounters> counters = new ArrayList<>(disks.size());
        for (HWDiskStore disk : disks) {
            disk.updateAttributes();
            String name = disk.getName().replaceFirst("^/dev/", "");
            counters.add(new DeviceCounters(name, disk.getReadBytes(), disk.getWriteBytes(), true));
        }
        return counters;
    }

    private static long busy(long[] ticks) {
        return ticks[TickType.USER.getIndex()] + ticks[TickType.NICE.getIndex()] + ticks[TickType.SYSTEM.getIndex()]
                + ticks[TickType.IRQ.getIndex()] + ticks[TickType.SOFTIRQ.getIndex()] + ticks[TickType.STEAL.getIndex()];
    }

    private static long idle(long[] ticks) {
        return ticks[TickType.IDLE.getIndex()] + ticks[TickType.IOWAIT.getIndex()];
    }
}
