package io.sysgauge.host.process;

import java.util.ArrayList;
import java.util.List;
import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;

/** The process tree through OSHI, for operating systems without /proc. */
public final class OshiProcessSource implements ProcessSource {

    private final OperatingSystem os;

    /** @param os OSHI's operating system view */
    public OshiProcessSource(OperatingSystem os) {
        this.os = os;
    }

    @Override
    public List<ProcessSample> tree(long rootPid, boolean descendants) {
        OSProcess root = os.getProcess((int) rootPid);
        if (root == null) {
            return List.of();
        }
        List<ProcessSample> samples = new ArrayList<>();
        samples.add(toSample(root));
        if (descendants) {
            for (OSProcess process : os.getDescendantProcesses((int) rootPid, null, null, 0)) {
                samples.add(toSample(process));
            }
        }
        return samples;
    }

    private static ProcessSample toSample(OSProcess process) {
        // OSHI has no reaped-children CPU time; exited children's last interval is lost.
        return new ProcessSample(process.getProcessID(), process.getParentProcessID(), process.getStartTime(),
                process.getUserTime() + process.getKernelTime(), 0, process.getThreadCount(), process.getResidentMemory());
    }
}
