package io.sysgauge.host;

import java.io.IOException;
import java.util.List;

/** Machine-wide counters: /proc on Linux, OSHI elsewhere. */
public interface HostSource {

    /** @return cumulative CPU time, whole machine and per logical CPU */
    CpuTimes cpuTimes() throws IOException;

    /** @return physical memory and what is available */
    MemoryState memory() throws IOException;

    /** @return cumulative received/sent bytes per network interface, loopback included */
    List<DeviceCounters> networkInterfaces() throws IOException;

    /** @return cumulative read/written bytes per whole block device, without loop/ram/zram */
    List<DeviceCounters> blockDevices() throws IOException;
}
