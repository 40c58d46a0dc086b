package io.sysgauge.recorder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Installs handlers for SIGINT, SIGTERM and SIGHUP, replacing the JVM's default of exiting at
 * once, so that {@code run} can forward them to its command and flush before it exits.
 */
public final class Signals {

    private static final Logger logger = LoggerFactory.getLogger(Signals.class);

    /** What to do when a signal arrives. */
    public interface Handler {
        /**
         * @param name {@code INT}, {@code TERM} or {@code HUP}
         * @param number the signal number
         */
        void onSignal(String name, int number);
    }

    private Signals() {}

    public static void install(Handler handler) {
        for (String name : new String[] {"INT", "TERM", "HUP"}) {
            try {
                Signal.handle(new Signal(name), signal -> handler.onSignal(signal.getName(), signal.getNumber()));
            } catch (IllegalArgumentException e) {
                logger.debug("cannot handle SIG{} here: {}", name, e.getMessage()); // no SIGHUP on Windows
            }
        }
    }
}
