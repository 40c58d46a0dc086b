package io.sysgauge.recorder;

import com.sun.jna.Library;
import com.sun.jna.Native;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a POSIX signal to a process. {@link ProcessHandle} can only send SIGTERM and SIGKILL;
 * forwarding SIGINT or SIGHUP to a monitored command needs {@code kill(2)}. libc is loaded on
 * first use only, so commands that never forward a signal never load it.
 */
public final class PosixSignals {

    private static final Logger logger = LoggerFactory.getLogger(PosixSignals.class);

    private PosixSignals() {}

    private interface LibC extends Library {
        int kill(int pid, int signal);
    }

    private static final class Holder {
        static final LibC LIBC = Native.load("c", LibC.class);
    }

    /**
     * @param pid the target process
     * @param signal the signal number (2 = SIGINT, 15 = SIGTERM, 1 = SIGHUP)
     * @return whether the signal was delivered
     */
    public static boolean send(long pid, int signal) {
        try {
            return Holder.LIBC.kill((int) pid, signal) == 0;
        } catch (LinkageError e) {
            logger.debug("cannot call kill(2): {}", e.toString());
            return false;
        }
    }
}
