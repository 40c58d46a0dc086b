package io.sysgauge.core.config;

/** Shapes of core configuration values, checked when the configuration is resolved. */
enum ValueType {
    DURATION,
    PID,
    BOOLEAN,
    TEXT,
    TEXT_LIST,
    DEVICE_LIST,
    LISTEN_ADDRESS,
    /** Checked by the plugin that owns the key. */
    ANY
}
