package io.sysgauge.cli.console;

import com.sun.jna.Library;
import com.sun.jna.Native;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a standard stream is a terminal. {@link System#console()} answers for standard input
 * and output together; the progress line is drawn on standard error, which may be a terminal while
 * output is piped, or a file while output is a terminal.
 */
public final class Terminals {

    /** File descriptor 2. */
    public static final int STANDARD_ERROR = 2;

    private static final Logger logger = LoggerFactory.getLogger(Terminals.class);

    private Terminals() {}

    private interface LibC extends Library {
        int isatty(int fd);
    }

    private static final class Holder {
        static final LibC LIBC = Native.load("c", LibC.class);
    }

    /**
     * @param fd a file descriptor of this process
     * @return whether it is a terminal; false where that cannot be told
     */
    public static boolean isTerminal(int fd) {
        try {
            return Holder.LIBC.isatty(fd) == 1;
        } catch (LinkageError e) {
            logger.debug("cannot call isatty(3): {}", e.toString());
            return false;
        }
    }
}
