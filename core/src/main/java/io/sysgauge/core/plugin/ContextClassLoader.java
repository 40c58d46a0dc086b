package io.sysgauge.core.plugin;

import java.util.function.Supplier;

/**
 * Runs plugin code with the thread context class loader set to the plugin's loader, so that
 * libraries inside a plugin that look things up through it (ServiceLoader, JNA, gRPC) find the
 * plugin's classes and not the application's. PF4J does not do this itself.
 */
public final class ContextClassLoader {

    private ContextClassLoader() {}

    /**
     * @param loader the plugin's class loader
     * @param call the plugin code
     * @param <T> its result type
     * @return what the call returned
     */
    public static <T> T call(ClassLoader loader, Supplier<T> call) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return call.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
