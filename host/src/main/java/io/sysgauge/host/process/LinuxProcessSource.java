package io.sysgauge.host.process;

import io.sysgauge.host.ProcFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
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
 * Reads the tree's own processes only, instead of every pid on the machine, and finds a new
 * process on the call after it was created.
 *
 * <p>Each call first reads the fifth field of {@code /proc/loadavg}: the last pid the kernel
 * handed out in this pid namespace, to a process or a thread. If it did not move, nothing was
 * created, and only the {@code stat} files of the known processes are read. If it moved, the
 * {@code stat} files of the new pids are read, and a new pid whose parent is in the tree joins
 * it, with its own children. A walk of the tree through {@code /proc/<pid>/task/<tid>/children}
 * (one file per thread, so its cost follows the thread count, which a training process has
 * hundreds of) is left for when that is cheaper: the counter wrapped around, or moved by more
 * pids than the tree has threads.
 *
 * <p>Every {@value #CHECK_WALK_SECONDS} s the tree is walked anyway, to check the shortcut.
 * Where the last pid does not follow this {@code /proc} (a {@code /proc} of another pid
 * namespace, a virtualised {@code loadavg}), that walk finds processes the shortcut missed,
 * and from then on the tree is walked on every call. Kernels built without the children files
 * get a scan of every {@code /proc/<pid>/stat} as the walk.
 */
public final class LinuxProcessSource implements ProcessSource {

    private static final Logger logger = LoggerFactory.getLogger(LinuxProcessSource.class);

    /** USER_HZ: the unit of /proc/pid/stat times, 100 on every Linux ABI. */
    private static final long TICKS_PER_SECOND = 100;
    private static final long MILLIS_PER_TICK = 1000 / TICKS_PER_SECOND;
    private static final long AT_PAGESZ = 6;

    static final long CHECK_WALK_SECONDS = 5;
    private static final long CHECK_WALK_NANOS = CHECK_WALK_SECONDS * 1_000_000_000L;

    private final Path procRoot;
    private final long pageSize;
    private final LongSupplier nanoClock;
    private boolean childrenFilesMissing;
    private boolean lastPidFollowsProc = true;
    private FileChannel loadavg;
    private boolean loadavgMissing;
    private final ByteBuffer loadavgBuffer = ByteBuffer.allocate(128);
    // The tree as last read: its root, its processes (pid -> start time, parents before
    // children), the last pid allocated before that read, and when it was last walked.
    private long knownRoot = -1;
    private Map<Long, Long> known = Map.of();
    private long lastPidSeen;
    private long walkedAtNanos;
    // New pids without a stat file yet (allocated, not yet attached) or any more: tried once more.
    private Set<Long> retry = Set.of();

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
        if (!descendants) {
            ProcessSample root = read(rootPid);
            return root == null ? List.of() : List.of(root);
        }
        // Read before the tree: a process created after this read is found by the next call.
        long lastPid = lastPid();
        long now = nanoClock.getAsLong();
        if (rootPid != knownRoot || lastPid < 0 || !lastPidFollowsProc) {
            retry = Set.of();
            return walked(rootPid, lastPid, now);
        }
        Map<Long, ProcessSample> tree = readKnown(rootPid);
        if (tree.isEmpty()) {
            return List.of();
        }
        // A new pid costs about what a children file does: reading them one by one pays until
        // there are more of them than the walk would read files, one per thread.
        if (lastPid < lastPidSeen || lastPid - lastPidSeen > threads(tree.values())) {
            retry = Set.of();
            return walked(rootPid, lastPid, now);
        }
        Set<Long> unreadable = new HashSet<>();
        for (long pid : retry) {
            adoptIfChild(pid, tree, null);
        }
        for (long pid = lastPidSeen + 1; pid <= lastPid; pid++) {
            adoptIfChild(pid, tree, unreadable);
        }
        if (now - walkedAtNanos >= CHECK_WALK_NANOS) {
            List<ProcessSample> samples = walked(rootPid, lastPid, now);
            checkShortcut(tree, samples, lastPid, unreadable);
            retry = unreadable;
            return samples;
        }
        remember(tree.values(), lastPid);
        retry = unreadable;
        return new ArrayList<>(tree.values());
    }

    /** @return whether new processes are found through the last pid, rather than by a walk every call */
    boolean followsLastPid() {
        return lastPidFollowsProc;
    }

    // The known processes again, less those that exited, whose pid now belongs to another
    // process, or that were re-parented out of the tree (to init, say) when their parent exited.
    private Map<Long, ProcessSample> readKnown(long rootPid) {
        Map<Long, ProcessSample> tree = new LinkedHashMap<>();
        for (Map.Entry<Long, Long> process : known.entrySet()) {
            long pid = process.getKey();
            ProcessSample sample = read(pid);
            boolean same = sample != null && sample.startTime() == process.getValue();
            if (pid == rootPid) {
                if (!same) {
                    return Map.of();
                }
                tree.put(pid, sample);
            } else if (same && tree.containsKey(sample.parentPid())) {
                tree.put(pid, sample);
            }
        }
        return tree;
    }

    private void adoptIfChild(long pid, Map<Long, ProcessSample> tree, Set<Long> unreadable) {
        if (tree.containsKey(pid)) {
            return;
        }
        // Most new pids on a busy machine are strangers' or gone already: java.io.File says so
        // without the exception a failed read costs, and the parent is read before the rest.
        Path file = procRoot.resolve(Long.toString(pid)).resolve("stat");
        String stat = file.toFile().exists() ? readOrNull(file) : null;
        if (stat == null) {
            if (unreadable != null) {
                unreadable.add(pid);
            }
            return;
        }
        if (!tree.containsKey(parentPid(stat))) {
            return;
        }
        List<String> fields = fields(stat);
        // A thread's pid is in the count too; its stat names its process's parent.
        if (fields == null || isThread(fields)) {
            return;
        }
        ProcessSample child = sample(pid, fields);
        if (child == null) {
            return;
        }
        tree.put(pid, child);
        if (!childrenFilesMissing) {
            // Its children have higher pids and come later in the scan, except after a retry.
            addDescendants(child, tree);
        }
    }

    private List<ProcessSample> walked(long rootPid, long lastPid, long now) {
        Map<Long, ProcessSample> tree = new LinkedHashMap<>();
        ProcessSample root = read(rootPid);
        if (root != null) {
            tree.put(rootPid, root);
            addDescendants(root, tree);
        }
        knownRoot = rootPid;
        walkedAtNanos = now;
        remember(tree.values(), lastPid);
        return new ArrayList<>(tree.values());
    }

    private void remember(Collection<ProcessSample> tree, long lastPid) {
        Map<Long, Long> processes = new LinkedHashMap<>();
        for (ProcessSample process : tree) {
            processes.put(process.pid(), process.startTime());
        }
        known = processes;
        lastPidSeen = lastPid;
    }

    // A process the walk found but the shortcut did not, though its pid was handed out before
    // the last pid was read, means the last pid does not count the pids of this /proc.
    private void checkShortcut(Map<Long, ProcessSample> shortcut, List<ProcessSample> walk, long lastPid, Set<Long> unreadable) {
        for (ProcessSample process : walk) {
            long pid = process.pid();
            if (!shortcut.containsKey(pid) && pid <= lastPid && !unreadable.contains(pid) && !retry.contains(pid)) {
                lastPidFollowsProc = false;
                logger.debug("process {} was found by walking the tree but not through the last pid of {} ({}): "
                        + "walking the tree on every tick from now on", pid, procRoot.resolve("loadavg"), lastPid);
                return;
            }
        }
    }

    // Breadth first from start, skipping what the tree already holds.
    private void addDescendants(ProcessSample start, Map<Long, ProcessSample> tree) {
        ArrayDeque<ProcessSample> queue = new ArrayDeque<>();
        queue.add(start);
        Map<Long, List<Long>> childrenByScan = null;
        while (!queue.isEmpty()) {
            ProcessSample parent = queue.poll();
            List<Long> children = childrenFilesMissing ? null : children(parent.pid(), parent.threads());
            if (children == null) {
                if (childrenByScan == null) {
                    childrenByScan = scanParents();
                }
                children = childrenByScan.getOrDefault(parent.pid(), List.of());
            }
            for (Long pid : children) {
                if (!tree.containsKey(pid)) {
                    ProcessSample child = read(pid);
                    if (child != null) {
                        tree.put(pid, child);
                        queue.add(child);
                    }
                }
            }
        }
    }

    /** @return the last pid allocated in this pid namespace, or -1 if /proc/loadavg does not say */
    private long lastPid() {
        if (loadavgMissing) {
            return -1;
        }
        try {
            // Kept open and read again from offset 0, which makes procfs print it afresh: no
            // open, close or buffer per tick for a file read on every one.
            if (loadavg == null) {
                loadavg = FileChannel.open(procRoot.resolve("loadavg"), StandardOpenOption.READ);
            }
            loadavgBuffer.clear();
            int length = Math.max(0, loadavg.read(loadavgBuffer, 0));
            return fifthField(loadavgBuffer.array(), length);
        } catch (IOException e) {
            logger.debug("{} unreadable ({}): walking the tree on every tick", procRoot.resolve("loadavg"), e.toString());
            loadavgMissing = true;
            return -1;
        }
    }

    // "0.52 0.58 0.59 1/467 12345\n" -> 12345; -1 when there is no such number
    private static long fifthField(byte[] text, int length) {
        int i = 0;
        for (int field = 0; field < 4; field++) {
            while (i < length && text[i] != ' ') {
                i++;
            }
            while (i < length && text[i] == ' ') {
                i++;
            }
        }
        long pid = 0;
        int digits = 0;
        for (; i < length && text[i] >= '0' && text[i] <= '9'; i++, digits++) {
            pid = pid * 10 + (text[i] - '0');
        }
        return digits == 0 ? -1 : pid;
    }

    /** @return the process, or null if it is gone */
    ProcessSample read(long pid) {
        List<String> fields = statFields(pid);
        return fields == null ? null : sample(pid, fields);
    }

    private List<String> statFields(long pid) {
        String stat = readOrNull(procRoot.resolve(Long.toString(pid)).resolve("stat"));
        return stat == null ? null : fields(stat);
    }

    private static String readOrNull(Path file) {
        try {
            return ProcFiles.read(file);
        } catch (IOException e) {
            return null; // gone
        }
    }

    // fields.get(k - 3) is field k of proc(5); null for a malformed line
    private static List<String> fields(String stat) {
        // The command name sits in parentheses and may itself hold spaces and parentheses.
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            return null;
        }
        List<String> fields = ProcFiles.fields(stat.substring(close + 1).strip());
        return fields.size() < 22 ? null : fields;
    }

    private static long parentPid(List<String> fields) {
        return Long.parseLong(fields.get(1));
    }

    // Field 4, read in place: "pid (comm) S ppid ..."; -1 for a malformed line
    private static long parentPid(String stat) {
        int i = stat.lastIndexOf(')') + 4;
        if (i < 4 || i >= stat.length()) {
            return -1;
        }
        long ppid = 0;
        for (; i < stat.length() && Character.isDigit(stat.charAt(i)); i++) {
            ppid = ppid * 10 + (stat.charAt(i) - '0');
        }
        return ppid;
    }

    // Field 38, exit_signal, is -1 for every thread but the first of a process.
    private static boolean isThread(List<String> fields) {
        return fields.size() > 35 && fields.get(35).equals("-1");
    }

    // null for a line whose numbers do not parse: treated as a process that could not be read
    private ProcessSample sample(long pid, List<String> fields) {
        try {
            return parsedSample(pid, fields);
        } catch (NumberFormatException e) {
            logger.debug("malformed stat of pid {}: {}", pid, e.getMessage());
            return null;
        }
    }

    private ProcessSample parsedSample(long pid, List<String> fields) {
        long ownTicks = Long.parseLong(fields.get(11)) + Long.parseLong(fields.get(12));
        long childTicks = Long.parseLong(fields.get(13)) + Long.parseLong(fields.get(14));
        return new ProcessSample(pid,
                parentPid(fields),
                Long.parseLong(fields.get(19)),
                ownTicks * MILLIS_PER_TICK,
                childTicks * MILLIS_PER_TICK,
                Integer.parseInt(fields.get(17)),
                Long.parseLong(fields.get(21)) * pageSize);
    }

    private static long threads(Collection<ProcessSample> tree) {
        long threads = 0;
        for (ProcessSample process : tree) {
            threads += process.threads();
        }
        return threads;
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
                try {
                    into.add(Long.parseLong(pid));
                } catch (NumberFormatException e) {
                    throw new IOException(childrenFile + " lists '" + pid + "', which is not a pid", e);
                }
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
