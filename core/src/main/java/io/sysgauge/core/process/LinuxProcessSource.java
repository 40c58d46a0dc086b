package io.sysgauge.core.process;

import io.sysgauge.core.host.ProcFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Walks the tree through {@code /proc/<pid>/task/<tid>/children}, reading only the tree's own
 * processes, instead of scanning every pid on the machine. Kernels built without those files
 * get a full scan of {@code /proc/<pid>/stat} instead.
 *
 * <p>The walk reads one children file per thread, so its cost follows the thread count (a
 * training process may have hundreds). It is repeated at most once a second; in between, only
 * the {@code stat} files of the processes already known are read. A child started since the
 * last walk is found by the next one, and its CPU time counts in full then.
 */
public final class LinuxProcessSource implements ProcessSource {

    private static final Logger logger = LoggerFactory.getLogger(LinuxProcessSource.class);

    /** USER_HZ: the unit of /proc/pid/stat times, 100 on every Linux ABI. */
    private static final long TICKS_PER_SECOND = 100;
    private static final long MILLIS_PER_TICK = 1000 / TICKS_PER_SECOND;
    private static final long AT_PAGESZ = 6;

    private static final long REDISCOVERY_NANOS = 1_000_000_000L;

    private final Path procRoot;
    private final long pageSize;
    private final LongSupplier nanoClock;
    private boolean childrenFilesMissing;
    // The last walk: its root, when it ran, and the processes it found (pid -> start time).
    private long walkedRoot = -1;
    private long walkedAtNanos;
    private Map<Long, Long> walked = Map.of();

    /** @param procRoot where /proc is */
    public LinuxProcessSource(Path procRoot) {
        this(procRoot, System::nanoTime);
    }

    LinuxProcessSource(Path procRoot, LongSupplier nanoClock) {
        this.procRoot = procRoot;
        this.pageSize = pageSize(procRoot);
        this.nanoClock = nanoClock;
    }

    @Override
    public List<ProcessSample> tree(long rootPid, boolean descendants) {
        long now = nanoClock.getAsLong();
        if (!descendants || rootPid != walkedRoot || now - walkedAtNanos >= REDISCOVERY_NANOS) {
            List<ProcessSample> samples = walk(rootPid, descendants);
            walkedRoot = rootPid;
            walkedAtNanos = now;
            walked = new LinkedHashMap<>();
            samples.forEach(sample -> walked.put(sample.pid(), sample.startTime()));
            return samples;
        }
        List<ProcessSample> samples = new ArrayList<>(walked.size());
        for (Map.Entry<Long, Long> known : walked.entrySet()) {
            ProcessSample sample = read(known.getKey());
            // gone, or its pid already reused by a stranger
            if (sample != null && sample.startTime() == known.getValue()) {
                samples.add(sample);
            } else if (known.getKey() == rootPid) {
                return List.of();
            }
        }
        return samples;
    }

    private List<ProcessSample> walk(long rootPid, boolean descendants) {
        List<ProcessSample> samples = new ArrayList<>();
        ArrayDeque<Long> queue = new ArrayDeque<>();
        Set<Long> seen = new HashSet<>();
        queue.add(rootPid);
        seen.add(rootPid);
        Map<Long, List<Long>> childrenByScan = null;
        while (!queue.isEmpty()) {
            long pid = queue.poll();
            ProcessSample sample = read(pid);
            if (sample == null) {
                continue;
            }
            samples.add(sample);
            if (!descendants) {
                break;
            }
            List<Long> children = childrenFilesMissing ? null : children(pid, sample.threads());
            if (children == null) {
                if (childrenByScan == null) {
                    childrenByScan = scanParents();
                }
                children = childrenByScan.getOrDefault(pid, List.of());
            }
            for (Long child : children) {
                if (seen.add(child)) {
                    queue.add(child);
                }
            }
        }
        return samples;
    }

    /** @return the process, or null if it is gone */
    ProcessSample read(long pid) {
        String stat;
        try {
            stat = ProcFiles.read(procRoot.resolve(Long.toString(pid)).resolve("stat"));
        } catch (IOException e) {
            return null;
        }
        // The command name sits in parentheses and may itself hold spaces and parentheses.
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            return null;
        }
        List<String> fields = ProcFiles.fields(stat.substring(close + 1).strip());
        if (fields.size() < 22) {
            return null;
        }
        // fields.get(k - 3) is field k of proc(5)
        long ownTicks = Long.parseLong(fields.get(11)) + Long.parseLong(fields.get(12));
        long childTicks = Long.parseLong(fields.get(13)) + Long.parseLong(fields.get(14));
        return new ProcessSample(pid,
                Long.parseLong(fields.get(1)),
                Long.parseLong(fields.get(19)),
                ownTicks * MILLIS_PER_TICK,
                childTicks * MILLIS_PER_TICK,
                Integer.parseInt(fields.get(17)),
                Long.parseLong(fields.get(21)) * pageSize);
    }

    // Children of every thread: a child forked from a worker thread hangs off that thread.
    private List<Long> children(long pid, int threads) {
        Path task = procRoot.resolve(Long.toString(pid)).resolve("task");
        List<Long> children = new ArrayList<>();
        try {
            if (threads <= 1) {
                addChildren(task.resolve(Long.toString(pid)).resolve("children"), children);
            } else {
                try (DirectoryStream<Path> tasks = Files.newDirectoryStream(task)) {
                    for (Path thread : tasks) {
                        addChildren(thread.resolve("children"), children);
                    }
                }
            }
        } catch (NoSuchFileException e) {
            if (Files.isDirectory(task.resolve(Long.toString(pid)))) {
                logger.debug("{} has no children files (kernel without CONFIG_PROC_CHILDREN): scanning /proc instead", task);
                childrenFilesMissing = true;
                return null;
            }
        } catch (IOException e) {
            // the process exited while being read
        }
        return children;
    }

    private static void addChildren(Path childrenFile, List<Long> into) throws IOException {
        try {
            for (String pid : ProcFiles.fields(ProcFiles.read(childrenFile).strip())) {
                into.add(Long.parseLong(pid));
            }
        } catch (NoSuchFileException e) {
            if (Files.isDirectory(childrenFile.getParent())) {
                throw e; // the thread is there but the file is not: no CONFIG_PROC_CHILDREN
            }
            // the thread exited
        }
    }

    private Map<Long, List<Long>> scanParents() {
        Map<Long, List<Long>> children = new HashMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(procRoot, entry -> isNumeric(entry.getFileName().toString()))) {
            for (Path entry : entries) {
                ProcessSample sample = read(Long.parseLong(entry.getFileName().toString()));
                if (sample != null) {
                    children.computeIfAbsent(sample.parentPid(), parent -> new ArrayList<>()).add(sample.pid());
                }
            }
        } catch (IOException e) {
            logger.debug("cannot scan {}: {}", procRoot, e.toString());
        }
        return children;
    }

    private static boolean isNumeric(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (!Character.isDigit(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    // The kernel hands every process its page size in the auxiliary vector; no native call needed.
    private static long pageSize(Path procRoot) {
        try {
            ByteBuffer auxv = ByteBuffer.wrap(Files.readAllBytes(procRoot.resolve("self/auxv"))).order(ByteOrder.nativeOrder());
            while (auxv.remaining() >= 16) {
                long type = auxv.getLong();
                long value = auxv.getLong();
                if (type == AT_PAGESZ) {
                    return value;
                }
                if (type == 0) {
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            logger.debug("page size from auxv unavailable: {}", e.toString());
        }
        return 4096;
    }
}
