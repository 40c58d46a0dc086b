package io.sysgauge.host.process;

/** Lines of /proc/PID/stat for fixture trees, in proc(5)'s field order. */
final class ProcStat {

    private ProcStat() {}

    /**
     * A process. Times are in clock ticks (10 ms), as the kernel writes them; start is in ticks
     * since boot and, with the pid, tells one process from a later one with the same pid.
     */
    static String process(long pid, String comm, long ppid, long utime, long stime, long cutime, long cstime,
            int threads, long start, long rssPages) {
        return line(pid, comm, ppid, utime, stime, cutime, cstime, threads, start, rssPages, 17);
    }

    /** A process with no CPU time of its own or of reaped children yet, one thread. */
    static String idle(long pid, long ppid, long start) {
        return process(pid, "idle", ppid, 0, 0, 0, 0, 1, start, 100);
    }

    /** A thread other than the first of its process: exit_signal -1, its process's parent. */
    static String thread(long tid, String comm, long processParent, int threads, long start) {
        return line(tid, comm, processParent, 0, 0, 0, 0, threads, start, 100, -1);
    }

    // state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime
    // priority nice num_threads itrealvalue starttime vsize rss rsslim startcode endcode startstack
    // kstkesp kstkeip signal blocked sigignore sigcatch wchan nswap cnswap exit_signal processor ...
    private static String line(long pid, String comm, long ppid, long utime, long stime, long cutime, long cstime,
            int threads, long start, long rssPages, int exitSignal) {
        return pid + " (" + comm + ") S " + ppid + " " + pid + " " + pid + " 0 -1 4194560 100 0 0 0 "
                + utime + " " + stime + " " + cutime + " " + cstime + " 20 0 " + threads + " 0 " + start
                + " 1000000 " + rssPages + " 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 " + exitSignal
                + " 1 0 0 0 0 0\n";
    }

    /** /proc/loadavg whose last allocated pid is lastPid. */
    static String loadavg(long lastPid) {
        return "0.52 0.58 0.59 1/467 " + lastPid + "\n";
    }
}
