package io.sysgauge.plugin.nvidia;

/**
 * The NVML calls of the GPU health record (issue 17): clock-event reasons and event sets. Apart
 * from {@link Nvml} because two threads use it: the sampling thread reads the reasons while the
 * event thread waits in {@link #waitForEvent}; each of the two uses buffers of its own.
 */
interface NvmlHealth {

    /** nvml.h's {@code nvmlEventTypeSingleBitEccError}. */
    long SINGLE_BIT_ECC = 0x1L;
    /** nvml.h's {@code nvmlEventTypeDoubleBitEccError}. */
    long DOUBLE_BIT_ECC = 0x2L;
    /** nvml.h's {@code nvmlEventTypeXidCriticalError}. */
    long XID_CRITICAL_ERROR = 0x8L;

    /** One {@code nvmlEventData_t}: the device handle, the event's type and its data (the XID number). */
    record Event(long device, long type, long data) {}

    /**
     * {@code nvmlDeviceGetCurrentClocksEventReasons}, or {@code nvmlDeviceGetCurrentClocksThrottleReasons}
     * on drivers that predate it (same mask). Sampling thread only.
     *
     * @param device a device handle
     * @return the active reasons' bits
     * @throws NvmlException as NVML answers; FUNCTION_NOT_FOUND when the driver has neither
     */
    long clocksEventReasons(long device) throws NvmlException;

    /**
     * @param device a device handle
     * @return the event types the device can report ({@code nvmlDeviceGetSupportedEventTypes})
     * @throws NvmlException as NVML answers
     */
    long supportedEventTypes(long device) throws NvmlException;

    /**
     * @return a new event set ({@code nvmlEventSetCreate})
     * @throws NvmlException as NVML answers
     */
    long createEventSet() throws NvmlException;

    /**
     * @param device a device handle
     * @param types the event types to report into the set
     * @param set an event set
     * @throws NvmlException as NVML answers
     */
    void registerEvents(long device, long types, long set) throws NvmlException;

    /**
     * {@code nvmlEventSetWait_v2}, or {@code nvmlEventSetWait} on drivers that predate it. Event thread only.
     *
     * @param set an event set
     * @param timeoutMillis the longest wait
     * @return the next event, or null when none came within the timeout
     * @throws NvmlException as NVML answers
     */
    Event waitForEvent(long set, int timeoutMillis) throws NvmlException;

    /**
     * @param set an event set, no longer waited on
     * @throws NvmlException as NVML answers
     */
    void freeEventSet(long set) throws NvmlException;
}
