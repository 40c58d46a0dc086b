package io.sysgauge.plugin.nvidia;

/** An NVML call that did not return {@code NVML_SUCCESS}, with the function's name and NVML's return code. */
final class NvmlException extends Exception {

    private static final long serialVersionUID = 1L;

    static final int NOT_SUPPORTED = 3;
    static final int NO_PERMISSION = 4;
    static final int NOT_FOUND = 6;
    static final int INSUFFICIENT_SIZE = 7;
    static final int DRIVER_NOT_LOADED = 9;
    static final int FUNCTION_NOT_FOUND = 13;
    static final int GPU_IS_LOST = 15;
    static final int LIB_RM_VERSION_MISMATCH = 18;
    static final int GPU_NOT_FOUND = 28;
    private static final int INVALID_ARGUMENT = 2;

    private final String function;
    private final int code;

    NvmlException(String function, int code, String description) {
        super(function + ": " + description + " (NVML error " + code + ")");
        this.function = function;
        this.code = code;
    }

    String function() {
        return function;
    }

    int code() {
        return code;
    }

    /**
     * Whether asking again can never succeed on this device: the driver lacks the function, the
     * device lacks the feature, or sysgauge lacks the permission. W&B turns such a metric off too.
     */
    boolean isPermanent() {
        return code == NOT_SUPPORTED || code == NO_PERMISSION || code == FUNCTION_NOT_FOUND || code == INVALID_ARGUMENT;
    }

    /** Whether the device fell off the bus or disappeared: nothing more can be read from it. */
    boolean isDeviceLost() {
        return code == GPU_IS_LOST || code == GPU_NOT_FOUND;
    }
}
