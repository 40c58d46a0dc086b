/*
 * health (issue 17): the NVML stub's clock-event reasons and event sets. Included at the end of
 * nvml_stub.c, whose configuration file it reads through three hooks in load_config.
 *
 * Configuration, inside a "device <index>" block:
 *   clocks_event_reasons <mask>      nvmlDeviceGetCurrentClocksEventReasons (and ...ThrottleReasons) answer it;
 *                                    unset: NOT_SUPPORTED. Hex is fine: 0x40 is hwThermalSlowdown.
 *   event_types <mask>               nvmlDeviceGetSupportedEventTypes answers it; unset: NOT_SUPPORTED
 *   event xid <code>                 an event to deliver once to an event set registered for its type:
 *   event ecc_single  event ecc_double   events are numbered per device in file order, and each number is
 *                                    delivered once in the library's life, so a test appends lines to the
 *                                    file to raise new ones (rewriting it keeps the earlier ones delivered).
 *
 * Thread safety: nvmlEventSetWait runs on the plugin's event thread while the sampling thread calls
 * everything else (and reloads the file). The wait never reloads the file itself; it reads the
 * events the last reload committed, under a mutex. A test raises an event by changing the file and
 * letting one tick pass.
 */
#include <pthread.h>
#include <time.h>

#define MAX_EVENTS 64
#define EVENT_XID 0x8ULL
#define EVENT_SINGLE_BIT_ECC 0x1ULL
#define EVENT_DOUBLE_BIT_ECC 0x2ULL
#define NVML_ERROR_TIMEOUT 10
#define MAX_EVENT_SETS 8

typedef struct nvmlEventSet_st *nvmlEventSet_t;

/* nvml.h's nvmlEventData_t as nvmlEventSetWait_v2 fills it; nvmlEventSetWait fills the first 24 bytes. */
typedef struct {
    nvmlDevice_t device;
    unsigned long long eventType;
    unsigned long long eventData;
    unsigned int gpuInstanceId;
    unsigned int computeInstanceId;
} nvmlEventData_t;

struct stub_event { unsigned long long type, data; };

struct health_state {
    unsigned long long reasons, event_types;
    struct stub_event events[MAX_EVENTS];
    int event_count;
};

struct nvmlEventSet_st { int used; unsigned long long registered[MAX_DEVICES]; };

static pthread_mutex_t health_lock = PTHREAD_MUTEX_INITIALIZER;
static struct health_state health_staged[MAX_DEVICES];    /* being read from the file */
static struct health_state health_live[MAX_DEVICES];      /* what the calls answer */
static int health_delivered[MAX_DEVICES];                 /* never reset: each event goes out once */
static struct nvmlEventSet_st event_sets[MAX_EVENT_SETS];

static void health_reset(void) {
    for (int i = 0; i < MAX_DEVICES; i++) {
        memset(&health_staged[i], 0, sizeof health_staged[i]);
        health_staged[i].reasons = NOT_SET;
        health_staged[i].event_types = NOT_SET;
    }
}

static void health_line(int index, const char *word, const char *a, const char *b) {
    struct health_state *state = &health_staged[index];
    if (strcmp(word, "clocks_event_reasons") == 0) state->reasons = number(a);
    else if (strcmp(word, "event_types") == 0) state->event_types = number(a);
    else if (strcmp(word, "event") == 0 && a && state->event_count < MAX_EVENTS) {
        struct stub_event *event = &state->events[state->event_count];
        if (strcmp(a, "xid") == 0 && b) { event->type = EVENT_XID; event->data = strtoull(b, NULL, 0); }
        else if (strcmp(a, "ecc_single") == 0) { event->type = EVENT_SINGLE_BIT_ECC; event->data = 0; }
        else if (strcmp(a, "ecc_double") == 0) { event->type = EVENT_DOUBLE_BIT_ECC; event->data = 0; }
        else return;
        state->event_count++;
    }
}

static void health_commit(void) {
    pthread_mutex_lock(&health_lock);
    memcpy(health_live, health_staged, sizeof health_live);
    pthread_mutex_unlock(&health_lock);
}

/* A committed mask of the device (its reasons or its event types), NOT_SUPPORTED while unset. */
static nvmlReturn_t live_mask(nvmlDevice_t device, int event_types, unsigned long long *out) {
    if (out == NULL) return NVML_ERROR_INVALID_ARGUMENT;
    pthread_mutex_lock(&health_lock);
    struct health_state *state = &health_live[device->index];
    unsigned long long value = event_types ? state->event_types : state->reasons;
    pthread_mutex_unlock(&health_lock);
    UNSUPPORTED_IF_UNSET(value);
    *out = value;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetCurrentClocksEventReasons(nvmlDevice_t device, unsigned long long *reasons) {
    ENTER(device);
    return live_mask(device, 0, reasons);
}

/* The older name of the same call, which drivers before R535 export alone. */
nvmlReturn_t nvmlDeviceGetCurrentClocksThrottleReasons(nvmlDevice_t device, unsigned long long *reasons) {
    ENTER(device);
    return live_mask(device, 0, reasons);
}

nvmlReturn_t nvmlDeviceGetSupportedEventTypes(nvmlDevice_t device, unsigned long long *eventTypes) {
    ENTER(device);
    return live_mask(device, 1, eventTypes);
}

nvmlReturn_t nvmlEventSetCreate(nvmlEventSet_t *set) {
    nvmlReturn_t entered = enter_system(__func__);
    if (entered) return entered;
    if (set == NULL) return NVML_ERROR_INVALID_ARGUMENT;
    pthread_mutex_lock(&health_lock);
    for (int i = 0; i < MAX_EVENT_SETS; i++) {
        if (!event_sets[i].used) {
            memset(&event_sets[i], 0, sizeof event_sets[i]);
            event_sets[i].used = 1;
            *set = &event_sets[i];
            pthread_mutex_unlock(&health_lock);
            return NVML_SUCCESS;
        }
    }
    pthread_mutex_unlock(&health_lock);
    return NVML_ERROR_UNKNOWN;
}

nvmlReturn_t nvmlDeviceRegisterEvents(nvmlDevice_t device, unsigned long long eventTypes, nvmlEventSet_t set) {
    ENTER(device);
    if (set == NULL || !set->used || device->parent != NULL) return NVML_ERROR_INVALID_ARGUMENT;
    pthread_mutex_lock(&health_lock);
    unsigned long long supported = health_live[device->index].event_types;
    nvmlReturn_t code = NVML_SUCCESS;
    if (supported == NOT_SET || (eventTypes & ~supported) != 0) code = NVML_ERROR_NOT_SUPPORTED;
    else set->registered[device->index] |= eventTypes;
    pthread_mutex_unlock(&health_lock);
    return code;
}

/* The next undelivered event of a device registered in the set, or 0; skips those of types not registered. */
static int next_event(nvmlEventSet_t set, nvmlEventData_t *data, size_t size) {
    for (int d = 0; d < MAX_DEVICES; d++) {
        while (set->registered[d] != 0 && health_delivered[d] < health_live[d].event_count) {
            struct stub_event *event = &health_live[d].events[health_delivered[d]++];
            if ((event->type & set->registered[d]) == 0) continue;
            nvmlEventData_t filled = {&devices[d], event->type, event->data, 0xFFFFFFFFu, 0xFFFFFFFFu};
            memcpy(data, &filled, size);
            return 1;
        }
    }
    return 0;
}

/* Blocks up to timeoutms as NVML does, looking for a committed event every millisecond. */
static nvmlReturn_t event_wait(nvmlEventSet_t set, nvmlEventData_t *data, unsigned int timeoutms, size_t size) {
    if (set == NULL || data == NULL) return NVML_ERROR_INVALID_ARGUMENT;
    if (!initialized) return NVML_ERROR_UNINITIALIZED;
    for (unsigned int waited = 0;; waited++) {
        pthread_mutex_lock(&health_lock);
        int found = set->used && next_event(set, data, size);
        pthread_mutex_unlock(&health_lock);
        if (found) return NVML_SUCCESS;
        if (waited >= timeoutms) return NVML_ERROR_TIMEOUT;
        struct timespec millisecond = {0, 1000000L};
        nanosleep(&millisecond, NULL);
    }
}

nvmlReturn_t nvmlEventSetWait_v2(nvmlEventSet_t set, nvmlEventData_t *data, unsigned int timeoutms) {
    return event_wait(set, data, timeoutms, sizeof *data);
}

nvmlReturn_t nvmlEventSetWait(nvmlEventSet_t set, nvmlEventData_t *data, unsigned int timeoutms) {
    return event_wait(set, data, timeoutms, 24);
}

nvmlReturn_t nvmlEventSetFree(nvmlEventSet_t set) {
    count_call(__func__);
    if (set == NULL || !set->used) return NVML_ERROR_INVALID_ARGUMENT;
    pthread_mutex_lock(&health_lock);
    set->used = 0;
    pthread_mutex_unlock(&health_lock);
    return NVML_SUCCESS;
}
