package io.sysgauge.cli;

/**
 * Shapes log lines as short CLI messages ({@code WARN skipping plugin ...}) on standard error
 * for the slf4j-simple binding the distribution ships. Must run before the first logger is
 * created. Settings given with {@code -D} on the java command line win.
 */
final class LogSetup {

    private LogSetup() {}

    static void configure(boolean verbose) {
        setDefault("org.slf4j.simpleLogger.logFile", "System.err");
        setDefault("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "debug" : "info");
        setDefault("org.slf4j.simpleLogger.showThreadName", "false");
        setDefault("org.slf4j.simpleLogger.showLogName", "false");
        setDefault("org.slf4j.simpleLogger.showShortLogName", "false");
        setDefault("org.slf4j.simpleLogger.levelInBrackets", "false");
        // PF4J reports plugin problems with stack traces; sysgauge reports them in one line.
        setDefault("org.slf4j.simpleLogger.log.org.pf4j", verbose ? "debug" : "off");
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
