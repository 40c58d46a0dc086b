package io.sysgauge.cli;

/** Output formats of {@code once} and {@code plugins}. */
enum Format {
    table,
    json
}
