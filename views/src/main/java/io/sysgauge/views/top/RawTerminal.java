package io.sysgauge.views.top;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controlling terminal switched to non-canonical, no-echo input, so that one keypress
 * reaches the program without Enter. Java has no API for this; stty does it on /dev/tty.
 */
public final class RawTerminal implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(RawTerminal.class);
    private static final long STTY_TIMEOUT_SECONDS = 5;

    private final String savedState;
    private final AtomicBoolean restored = new AtomicBoolean();

    private RawTerminal(String savedState) {
        this.savedState = savedState;
    }

    /**
     * Saves the terminal's settings and turns off line buffering and echo. Signals (Ctrl-C)
     * still work: ISIG is left on.
     *
     * @return the terminal, to restore with {@link #close()}
     * @throws IOException if stty fails or there is no /dev/tty
     */
    public static RawTerminal enter() throws IOException {
        String saved = stty("-g").strip();
        stty("-icanon -echo min 1");
        return new RawTerminal(saved);
    }

    /** @return the terminal's width in columns, if stty can tell */
    public static OptionalInt columns() {
        try {
            String[] rowsAndColumns = stty("size").strip().split("\\s+");
            int columns = Integer.parseInt(rowsAndColumns[rowsAndColumns.length - 1]);
            return columns > 0 ? OptionalInt.of(columns) : OptionalInt.empty();
        } catch (IOException | NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /** Puts the saved settings back, or sane ones if those fail; safe to call more than once and from a shutdown hook. */
    @Override
    public void close() {
        if (!restored.compareAndSet(false, true)) {
            return;
        }
        try {
            // stty -g prints only letters, digits and colons, so it is safe to put in the shell line.
            stty(savedState.matches("[0-9A-Za-z:=-]+") ? savedState : "sane");
        } catch (IOException e) {
            logger.debug("cannot restore the terminal's saved settings ({}); trying stty sane", e.getMessage());
            try {
                stty("sane");
            } catch (IOException again) {
                logger.warn("cannot restore the terminal: {}; run 'stty sane' to fix it", again.getMessage());
            }
        }
    }

    private static String stty(String arguments) throws IOException {
        Process stty = new ProcessBuilder("sh", "-c", "stty " + arguments + " < /dev/tty")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            String output = new String(stty.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!stty.waitFor(STTY_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                stty.destroyForcibly();
                throw new IOException("stty " + arguments + " did not finish");
            }
            if (stty.exitValue() != 0) {
                throw new IOException("stty " + arguments + " failed with exit code " + stty.exitValue());
            }
            return output;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running stty " + arguments, e);
        }
    }
}
