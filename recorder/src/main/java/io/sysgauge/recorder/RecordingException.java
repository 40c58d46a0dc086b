package io.sysgauge.recorder;

/**
 * A recording that cannot start for a reason the user can fix (a run folder that cannot be
 * written, a command that cannot be run, a process that is not running): its message is one line
 * that says what to do, for the command line to print and exit 2.
 */
public final class RecordingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    RecordingException(String message) {
        super(message);
    }
}
