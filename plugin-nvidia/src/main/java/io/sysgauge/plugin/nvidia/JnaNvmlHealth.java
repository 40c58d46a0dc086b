package io.sysgauge.plugin.nvidia;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.util.function.IntFunction;

/**
 * The JNA edge of {@link NvmlHealth}: the functions looked up by name in the library
 * {@link JnaNvml} opened, each caller thread with its own out-buffer. The newer name of a call is
 * tried first and the older one kept once the newer is found missing.
 */
final class JnaNvmlHealth implements NvmlHealth {

    private static final int SUCCESS = 0;
    private static final int TIMEOUT = 10; // NVML_ERROR_TIMEOUT: the wait ended without an event
    private static final int EVENT_DATA_SIZE = 32; // sizeof(nvmlEventData_t) with the instance ids; the older wait fills 24

    private final NativeLibrary library;
    private final IntFunction<String> describe;
    private final Memory reasonsOut = new Memory(8);    // the sampling thread's
    private final Memory eventOut = new Memory(EVENT_DATA_SIZE); // the event thread's
    private final Memory setupOut = new Memory(8);      // probe and close: the set, supported types
    // The name to call; the newer one found missing moves the choice to the older one for good.
    private volatile String reasonsSymbol = "nvmlDeviceGetCurrentClocksEventReasons";
    private volatile String waitSymbol = "nvmlEventSetWait_v2";

    /**
     * @param library the NVML library {@link JnaNvml} opened
     * @param describe NVML's text for a return code
     */
    JnaNvmlHealth(NativeLibrary library, IntFunction<String> describe) {
        this.library = library;
        this.describe = describe;
    }

    @Override
    public long clocksEventReasons(long device) throws NvmlException {
        try {
            call(reasonsSymbol, new Pointer(device), reasonsOut);
        } catch (NvmlException e) {
            if (e.code() != NvmlException.FUNCTION_NOT_FOUND || !reasonsSymbol.endsWith("EventReasons")) {
                throw e;
            }
            reasonsSymbol = "nvmlDeviceGetCurrentClocksThrottleReasons"; // the name before R535
            call(reasonsSymbol, new Pointer(device), reasonsOut);
        }
        return reasonsOut.getLong(0);
    }

    @Override
    public synchronized long supportedEventTypes(long device) throws NvmlException {
        call("nvmlDeviceGetSupportedEventTypes", new Pointer(device), setupOut);
        return setupOut.getLong(0);
    }

    @Override
    public synchronized long createEventSet() throws NvmlException {
        call("nvmlEventSetCreate", setupOut);
        return Pointer.nativeValue(setupOut.getPointer(0));
    }

    @Override
    public void registerEvents(long device, long types, long set) throws NvmlException {
        call("nvmlDeviceRegisterEvents", new Pointer(device), types, new Pointer(set));
    }

    @Override
    public Event waitForEvent(long set, int timeoutMillis) throws NvmlException {
        eventOut.clear();
        try {
            call(waitSymbol, new Pointer(set), eventOut, timeoutMillis);
        } catch (NvmlException e) {
            if (e.code() == TIMEOUT) {
                return null;
            }
            if (e.code() != NvmlException.FUNCTION_NOT_FOUND || !waitSymbol.endsWith("_v2")) {
                throw e;
            }
            waitSymbol = "nvmlEventSetWait";
            return waitForEvent(set, timeoutMillis);
        }
        // nvmlEventData_t: nvmlDevice_t device, unsigned long long eventType, eventData, then the instance ids
        return new Event(Pointer.nativeValue(eventOut.getPointer(0)), eventOut.getLong(8), eventOut.getLong(16));
    }

    @Override
    public void freeEventSet(long set) throws NvmlException {
        call("nvmlEventSetFree", new Pointer(set));
    }

    private void call(String symbol, Object... arguments) throws NvmlException {
        Function function;
        try {
            // NativeLibrary caches what it looked up: a lookup per call is a map read.
            function = library.getFunction(symbol);
        } catch (UnsatisfiedLinkError e) {
            throw new NvmlException(symbol, NvmlException.FUNCTION_NOT_FOUND, "not in this driver's NVML library");
        }
        int code = function.invokeInt(arguments);
        if (code != SUCCESS) {
            throw new NvmlException(symbol, code, describe.apply(code));
        }
    }
}
