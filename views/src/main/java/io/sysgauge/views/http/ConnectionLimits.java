package io.sysgauge.views.http;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every limit of the {@code serve} HTTP server, in one place (docs/security.md lists them).
 *
 * <p>The JDK's server (17.0.15 here) reads its limits from system properties once, when its
 * first server is made; they bind the whole JVM, which is sysgauge's alone. A property the user
 * set already (in JAVA_OPTS) is left as it is.
 */
public final class ConnectionLimits {

    private static final Logger logger = LoggerFactory.getLogger(ConnectionLimits.class);

    /** Connections the kernel queues before we accept them (the JDK's default is 50, client_java's 3). */
    public static final int BACKLOG = 128;
    /** A request's header and body must arrive within this, or its connection is closed (slowloris). */
    public static final Duration REQUEST_TIME = Duration.ofSeconds(10);
    /** A response must be taken by the client within this, or its connection is closed. */
    public static final Duration RESPONSE_TIME = Duration.ofSeconds(30);
    /** A keep-alive connection idle this long is closed; a new one that sends nothing, after REQUEST_TIME. */
    public static final Duration IDLE_TIME = Duration.ofSeconds(30);
    /** How often the limits above are checked: each is kept to within this. */
    public static final Duration TIMER_PERIOD = Duration.ofSeconds(5);
    /** Open connections at most; past it the JDK closes each new connection at once. */
    public static final int MAX_CONNECTIONS = 64;
    /** Idle keep-alive connections kept at most; one more is closed as it turns idle. */
    public static final int MAX_IDLE_CONNECTIONS = 32;
    /**
     * Threads that serve requests: one per connection allowed, so that connections stalled in
     * their header hold only their own thread and never queue a scrape behind them.
     */
    public static final int THREADS = MAX_CONNECTIONS;

    private ConnectionLimits() {}

    /** Sets the JDK server's properties; call before the first {@code HttpServer.create}. */
    static void applyToJdkServer() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("sun.net.httpserver.maxReqTime", Long.toString(REQUEST_TIME.toSeconds()));
        properties.put("sun.net.httpserver.maxRspTime", Long.toString(RESPONSE_TIME.toSeconds()));
        properties.put("sun.net.httpserver.idleInterval", Long.toString(IDLE_TIME.toSeconds()));
        // How often the server's two timer threads look at idle connections (default 10 s) and at
        // requests and responses past their time (default 1 s). Each look costs its thread a
        // wake-up: at once a second, 0.3-1.2 ms of CPU a second for the two, measured per thread,
        // of serve's 4.5-5 ms when scraped every second. Limits are kept to 5 s.
        properties.put("sun.net.httpserver.clockTick", Long.toString(TIMER_PERIOD.toMillis()));
        properties.put("sun.net.httpserver.timerMillis", Long.toString(TIMER_PERIOD.toMillis()));
        properties.put("jdk.httpserver.maxConnections", Integer.toString(MAX_CONNECTIONS));
        properties.put("sun.net.httpserver.maxIdleConnections", Integer.toString(MAX_IDLE_CONNECTIONS));
        // keep-alive scrapes otherwise wait 40 ms for Nagle's algorithm on every response
        properties.put("sun.net.httpserver.nodelay", "true");
        properties.forEach((name, value) -> {
            String set = System.getProperty(name);
            if (set == null) {
                System.setProperty(name, value);
            } else if (!set.equals(value)) {
                logger.info("{}={} as set, instead of {}", name, set, value);
            }
        });
    }
}
