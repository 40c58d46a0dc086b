/*
 * A stand-in for libnvidia-ml.so.1 that tests compile with gcc. It exports the NVML functions the
 * nvidia plugin calls, with NVML's signatures and struct layouts, and serves the devices described
 * in "nvml-stub.conf" beside the library file. The file is read again whenever it is replaced (unless it
 * says "static"), so a test can change values, fail a call or lose a device while sysgauge runs.
 * Missing symbols (an older driver) are made by linking with a version script that hides them;
 * -DDRIVER_535 builds the R535 drivers' ABI, whose _v3 process lists fill a 32-byte struct.
 *
 * Configuration, one statement a line, '#' starts a comment:
 *   driver 550.54.15                 cuda 12040               static
 *   fail <function> <code>           before any device: a system call (nvmlInit_v2...) returns <code>
 *   device <index>                   starts a device; the lines below describe it
 *   name <text...>  uuid <text>  arch <n>  memory <total> <used>  utilization <gpu> <memory>
 *   temperature <C>  power <mW>  power_limit <mW>  clock <sm> <memory> <graphics>  ecc <corrected> <uncorrected>
 *   encoder <percent>  fan <percent>  lost  fail <function> <code>
 *   compute_process <pid> <bytes|na>  graphics_process <pid> <bytes|na>
 *   process_utilization <pid> <timestamp-us|now> <sm> <memory>
 *   mig_mode <0|1>  mig <index> <total> <used>
 *   clocks_event_reasons <mask>  event_types <mask>  event <xid <code>|ecc_single|ecc_double>
 *                                    (health, issue 17: described in nvml_stub_health.c)
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>

typedef int nvmlReturn_t;
typedef struct stub_device *nvmlDevice_t;

typedef struct { unsigned long long total, free, used; } nvmlMemory_t;
typedef struct { unsigned int gpu, memory; } nvmlUtilization_t;
typedef struct { unsigned int pid; unsigned long long usedGpuMemory; } nvmlProcessInfo_v1_t;
typedef struct {
    unsigned int pid;
    unsigned long long usedGpuMemory;
    unsigned int gpuInstanceId;
    unsigned int computeInstanceId;
} nvmlProcessInfo_v2_t;
#ifdef DRIVER_535
/* The R535 drivers' _v3 list functions fill this longer struct (the CUDA 12.2 header's nvmlProcessInfo_t). */
typedef struct {
    unsigned int pid;
    unsigned long long usedGpuMemory;
    unsigned int gpuInstanceId;
    unsigned int computeInstanceId;
    unsigned long long usedGpuCcProtectedMemory;
} nvmlProcessInfo_t;
#else
typedef nvmlProcessInfo_v2_t nvmlProcessInfo_t;
#endif
typedef struct {
    unsigned int pid;
    unsigned long long timeStamp;
    unsigned int smUtil, memUtil, encUtil, decUtil;
} nvmlProcessUtilizationSample_t;

enum {
    NVML_SUCCESS = 0, NVML_ERROR_UNINITIALIZED = 1, NVML_ERROR_INVALID_ARGUMENT = 2, NVML_ERROR_NOT_SUPPORTED = 3,
    NVML_ERROR_INSUFFICIENT_SIZE = 7, NVML_ERROR_NOT_FOUND = 6, NVML_ERROR_GPU_IS_LOST = 15, NVML_ERROR_UNKNOWN = 999
};

#define MAX_DEVICES 64
#define MAX_MIGS 8
#define MAX_PROCESSES 32
#define MAX_FAILS 32
#define NOT_SET ULLONG_MAX

struct fail { char function[96]; int code; };
struct process { unsigned int pid; unsigned long long used; };
struct utilization_sample { unsigned int pid; unsigned long long timestamp; unsigned int sm, memory; };

struct stub_device {
    int index, configured, lost, mig_mode;
    struct stub_device *parent;
    char name[96], uuid[96];
    unsigned long long arch, memory_total, memory_used, util_gpu, util_memory, temperature, power, power_limit;
    unsigned long long clock_sm, clock_memory, clock_graphics, ecc_corrected, ecc_uncorrected, encoder, fan;
    struct process compute[MAX_PROCESSES], graphics[MAX_PROCESSES];
    int compute_count, graphics_count;
    struct utilization_sample samples[MAX_PROCESSES];
    int sample_count;
    struct stub_device *migs[MAX_MIGS];
    struct fail fails[MAX_FAILS];
    int fail_count;
};

static struct stub_device devices[MAX_DEVICES];
static struct stub_device mig_devices[MAX_DEVICES][MAX_MIGS];
/* --- gpm, links, energy (issue 17): nvml_stub_gpm.c, included at the end --- */
static void gpm_reset(void);
static int gpm_config(struct stub_device *device, const char *word, const char *a, const char *b, const char *c);
static int device_count;
static struct fail system_fails[MAX_FAILS];
static int system_fail_count;
static char driver_version[80];
static int cuda_version;
static int initialized, static_config, loaded;
static struct stat loaded_status;
static char config_path[PATH_MAX];

struct counter { char function[96]; long count; };
static struct counter counters[64];
static int counter_count;

/* health (issue 17): clock-event reasons and event sets, in nvml_stub_health.c (included at the end) */
static void health_reset(void);
static void health_line(int index, const char *word, const char *a, const char *b);
static void health_commit(void);

static void count_call(const char *function) {
    for (int i = 0; i < counter_count; i++) {
        if (strcmp(counters[i].function, function) == 0) { counters[i].count++; return; }
    }
    if (counter_count < 64) {
        snprintf(counters[counter_count].function, sizeof counters[0].function, "%s", function);
        counters[counter_count++].count = 1;
    }
}

/* Test hook, not NVML: how often a function was called since the library was loaded. */
long stub_call_count(const char *function) {
    for (int i = 0; i < counter_count; i++) {
        if (strcmp(counters[i].function, function) == 0) return counters[i].count;
    }
    return 0;
}

static unsigned long long now_micros(void) {
    struct timeval now;
    gettimeofday(&now, NULL);
    return (unsigned long long) now.tv_sec * 1000000ULL + (unsigned long long) now.tv_usec;
}

static unsigned long long number(const char *token) {
    if (token == NULL) return NOT_SET;
    if (strcmp(token, "na") == 0) return NOT_SET;
    if (strcmp(token, "now") == 0) return 0;
    return strtoull(token, NULL, 0);
}

static void add_fail(struct fail *fails, int *count, const char *function, const char *code) {
    if (function == NULL || code == NULL || *count >= MAX_FAILS) return;
    snprintf(fails[*count].function, sizeof fails[0].function, "%s", function);
    fails[(*count)++].code = atoi(code);
}

static void reset_device(struct stub_device *device, int index) {
    memset(device, 0, sizeof *device);
    device->index = index;
    unsigned long long *values[] = {
        &device->arch, &device->memory_total, &device->memory_used, &device->util_gpu, &device->util_memory,
        &device->temperature, &device->power, &device->power_limit, &device->clock_sm, &device->clock_memory,
        &device->clock_graphics, &device->ecc_corrected, &device->ecc_uncorrected, &device->encoder, &device->fan};
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) *values[i] = NOT_SET;
}

static void locate_config(void) {
    Dl_info info;
    if (config_path[0] != '\0' || dladdr((void *) &locate_config, &info) == 0 || info.dli_fname == NULL) return;
    snprintf(config_path, sizeof config_path, "%s", info.dli_fname);
    char *slash = strrchr(config_path, '/');
    snprintf(slash == NULL ? config_path : slash + 1,
             sizeof config_path - (size_t) (slash == NULL ? 0 : slash + 1 - config_path), "nvml-stub.conf");
}

static void load_config(void) {
    if (loaded && static_config) return;
    locate_config();
    struct stat status;
    if (stat(config_path, &status) != 0) return;
    /* File times are as coarse as the kernel's tick: a rewrite is told apart by its inode and size too. */
    if (loaded && status.st_ino == loaded_status.st_ino && status.st_size == loaded_status.st_size
        && status.st_mtim.tv_sec == loaded_status.st_mtim.tv_sec
        && status.st_mtim.tv_nsec == loaded_status.st_mtim.tv_nsec) return;
    FILE *file = fopen(config_path, "r");
    if (file == NULL) return;
    loaded = 1;
    loaded_status = status;
    for (int i = 0; i < MAX_DEVICES; i++) {
        reset_device(&devices[i], i);
        for (int m = 0; m < MAX_MIGS; m++) mig_devices[i][m].configured = 0;
    }
    gpm_reset(); /* gpm, links, energy (issue 17) */
    device_count = 0;
    system_fail_count = 0;
    health_reset(); /* health (issue 17) */
    driver_version[0] = '\0';
    cuda_version = 0;
    struct stub_device *device = NULL;
    char line[512];
    while (fgets(line, sizeof line, file) != NULL) {
        char *hash = strchr(line, '#');
        if (hash != NULL) *hash = '\0';
        /* A name runs to the end of its line, spaces included. */
        char name[96] = "";
        char *start = line + strspn(line, " \t");
        if (strncmp(start, "name", 4) == 0) {
            snprintf(name, sizeof name, "%s", start + 4 + strspn(start + 4, " \t"));
            name[strcspn(name, "\r\n")] = '\0';
        }
        char *rest = NULL;
        char *word = strtok_r(line, " \t\r\n", &rest);
        if (word == NULL) continue;
        char *a = strtok_r(NULL, " \t\r\n", &rest);
        char *b = strtok_r(NULL, " \t\r\n", &rest);
        char *c = strtok_r(NULL, " \t\r\n", &rest);
        char *d = strtok_r(NULL, " \t\r\n", &rest);
        if (strcmp(word, "static") == 0) static_config = 1;
        else if (strcmp(word, "driver") == 0 && a) snprintf(driver_version, sizeof driver_version, "%s", a);
        else if (strcmp(word, "cuda") == 0 && a) cuda_version = atoi(a);
        else if (strcmp(word, "device") == 0 && a) {
            int index = atoi(a);
            if (index < 0 || index >= MAX_DEVICES) continue;
            device = &devices[index];
            device->configured = 1;
            if (index + 1 > device_count) device_count = index + 1;
        } else if (strcmp(word, "fail") == 0) {
            if (device == NULL) add_fail(system_fails, &system_fail_count, a, b);
            else add_fail(device->fails, &device->fail_count, a, b);
        } else if (device == NULL) {
            continue;
        } else if (gpm_config(device, word, a, b, c)) {
            continue; /* gpm, links, energy (issue 17) */
        } else if (strcmp(word, "name") == 0 && a) {
            snprintf(device->name, sizeof device->name, "%s", name);
        } else if (strcmp(word, "uuid") == 0 && a) snprintf(device->uuid, sizeof device->uuid, "%s", a);
        else if (strcmp(word, "arch") == 0) device->arch = number(a);
        else if (strcmp(word, "memory") == 0) { device->memory_total = number(a); device->memory_used = number(b); }
        else if (strcmp(word, "utilization") == 0) { device->util_gpu = number(a); device->util_memory = number(b); }
        else if (strcmp(word, "temperature") == 0) device->temperature = number(a);
        else if (strcmp(word, "power") == 0) device->power = number(a);
        else if (strcmp(word, "power_limit") == 0) device->power_limit = number(a);
        else if (strcmp(word, "clock") == 0) {
            device->clock_sm = number(a); device->clock_memory = number(b); device->clock_graphics = number(c);
        } else if (strcmp(word, "ecc") == 0) { device->ecc_corrected = number(a); device->ecc_uncorrected = number(b); }
        else if (strcmp(word, "encoder") == 0) device->encoder = number(a);
        else if (strcmp(word, "fan") == 0) device->fan = number(a);
        else if (strcmp(word, "lost") == 0) device->lost = 1;
        else if (strcmp(word, "mig_mode") == 0) device->mig_mode = atoi(a ? a : "0");
        else if ((strcmp(word, "compute_process") == 0 || strcmp(word, "graphics_process") == 0) && a) {
            int compute = word[0] == 'c';
            int *count = compute ? &device->compute_count : &device->graphics_count;
            if (*count >= MAX_PROCESSES) continue;
            struct process *process = compute ? &device->compute[*count] : &device->graphics[*count];
            process->pid = (unsigned int) atoi(a);
            process->used = number(b);
            (*count)++;
        } else if (strcmp(word, "process_utilization") == 0 && d && device->sample_count < MAX_PROCESSES) {
            struct utilization_sample *sample = &device->samples[device->sample_count++];
            sample->pid = (unsigned int) atoi(a);
            sample->timestamp = number(b);
            sample->sm = (unsigned int) number(c);
            sample->memory = (unsigned int) number(d);
        } else if (strcmp(word, "mig") == 0 && c) {
            int index = atoi(a);
            if (index < 0 || index >= MAX_MIGS) continue;
            struct stub_device *mig = &mig_devices[device->index][index];
            reset_device(mig, index);
            mig->configured = 1;
            mig->parent = device;
            mig->memory_total = number(b);
            mig->memory_used = number(c);
            device->migs[index] = mig;
        } else health_line(device->index, word, a, b); /* health (issue 17) */
    }
    health_commit(); /* health (issue 17) */
    fclose(file);
}

static int failure(const struct fail *fails, int count, const char *function) {
    for (int i = 0; i < count; i++) {
        if (strcmp(fails[i].function, function) == 0) return fails[i].code;
    }
    return NVML_SUCCESS;
}

/* Every device call starts here: count it, pick up a changed file, then apply "lost" and "fail". */
static nvmlReturn_t enter(nvmlDevice_t device, const char *function) {
    count_call(function);
    load_config();
    if (!initialized) return NVML_ERROR_UNINITIALIZED;
    if (device == NULL || !device->configured) return NVML_ERROR_INVALID_ARGUMENT;
    struct stub_device *physical = device->parent != NULL ? device->parent : device;
    if (physical->lost) return NVML_ERROR_GPU_IS_LOST;
    return failure(physical->fails, physical->fail_count, function);
}

static nvmlReturn_t enter_system(const char *function) {
    count_call(function);
    load_config();
    int code = failure(system_fails, system_fail_count, function);
    if (code != NVML_SUCCESS) return code;
    return initialized ? NVML_SUCCESS : NVML_ERROR_UNINITIALIZED;
}

#define ENTER(device) do { nvmlReturn_t entered = enter((device), __func__); if (entered) return entered; } while (0)
#define UNSUPPORTED_IF_UNSET(value) do { if ((value) == NOT_SET) return NVML_ERROR_NOT_SUPPORTED; } while (0)

nvmlReturn_t nvmlInit_v2(void) {
    count_call(__func__);
    load_config();
    int code = failure(system_fails, system_fail_count, __func__);
    if (code != NVML_SUCCESS) return code;
    initialized = 1;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlShutdown(void) {
    count_call(__func__);
    initialized = 0;
    return NVML_SUCCESS;
}

const char *nvmlErrorString(nvmlReturn_t result) {
    switch (result) {
        case 0: return "Success";
        case 1: return "Uninitialized";
        case 2: return "Invalid Argument";
        case 3: return "Not Supported";
        case 4: return "Insufficient Permissions";
        case 6: return "Not Found";
        case 7: return "Insufficient Size";
        case 9: return "Driver Not Loaded";
        case 10: return "Timeout";
        case 12: return "NVML Shared Library Not Found";
        case 13: return "Function Not Found";
        case 15: return "GPU is lost";
        case 18: return "RM has detected an NVML/RM version mismatch.";
        default: return "Unknown Error";
    }
}

nvmlReturn_t nvmlSystemGetDriverVersion(char *version, unsigned int length) {
    nvmlReturn_t entered = enter_system(__func__);
    if (entered) return entered;
    if (driver_version[0] == '\0') return NVML_ERROR_NOT_SUPPORTED;
    if (strlen(driver_version) + 1 > length) return NVML_ERROR_INSUFFICIENT_SIZE;
    strcpy(version, driver_version);
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlSystemGetCudaDriverVersion_v2(int *version) {
    nvmlReturn_t entered = enter_system(__func__);
    if (entered) return entered;
    if (cuda_version == 0) return NVML_ERROR_NOT_SUPPORTED;
    *version = cuda_version;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetCount_v2(unsigned int *count) {
    nvmlReturn_t entered = enter_system(__func__);
    if (entered) return entered;
    *count = (unsigned int) device_count;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetHandleByIndex_v2(unsigned int index, nvmlDevice_t *device) {
    nvmlReturn_t entered = enter_system(__func__);
    if (entered) return entered;
    if (index >= (unsigned int) device_count || !devices[index].configured) return NVML_ERROR_INVALID_ARGUMENT;
    if (devices[index].lost) return NVML_ERROR_GPU_IS_LOST;
    *device = &devices[index];
    return NVML_SUCCESS;
}

static nvmlReturn_t copy_text(const char *text, char *out, unsigned int length) {
    if (text[0] == '\0') return NVML_ERROR_NOT_SUPPORTED;
    if (strlen(text) + 1 > length) return NVML_ERROR_INSUFFICIENT_SIZE;
    strcpy(out, text);
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetName(nvmlDevice_t device, char *name, unsigned int length) {
    ENTER(device);
    return copy_text(device->name, name, length);
}

nvmlReturn_t nvmlDeviceGetUUID(nvmlDevice_t device, char *uuid, unsigned int length) {
    ENTER(device);
    return copy_text(device->uuid, uuid, length);
}

nvmlReturn_t nvmlDeviceGetArchitecture(nvmlDevice_t device, unsigned int *arch) {
    ENTER(device);
    UNSUPPORTED_IF_UNSET(device->arch);
    *arch = (unsigned int) device->arch;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetMemoryInfo(nvmlDevice_t device, nvmlMemory_t *memory) {
    ENTER(device);
    UNSUPPORTED_IF_UNSET(device->memory_total);
    memory->total = device->memory_total;
    memory->used = device->memory_used;
    memory->free = device->memory_total - device->memory_used;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetUtilizationRates(nvmlDevice_t device, nvmlUtilization_t *utilization) {
    ENTER(device);
    UNSUPPORTED_IF_UNSET(device->util_gpu);
    utilization->gpu = (unsigned int) device->util_gpu;
    utilization->memory = (unsigned int) device->util_memory;
    return NVML_SUCCESS;
}

static nvmlReturn_t uint_value(unsigned long long value, unsigned int *out) {
    UNSUPPORTED_IF_UNSET(value);
    *out = (unsigned int) value;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetTemperature(nvmlDevice_t device, int sensor, unsigned int *temperature) {
    ENTER(device);
    if (sensor != 0) return NVML_ERROR_INVALID_ARGUMENT;
    return uint_value(device->temperature, temperature);
}

nvmlReturn_t nvmlDeviceGetPowerUsage(nvmlDevice_t device, unsigned int *milliwatts) {
    ENTER(device);
    return uint_value(device->power, milliwatts);
}

nvmlReturn_t nvmlDeviceGetEnforcedPowerLimit(nvmlDevice_t device, unsigned int *milliwatts) {
    ENTER(device);
    return uint_value(device->power_limit, milliwatts);
}

nvmlReturn_t nvmlDeviceGetClockInfo(nvmlDevice_t device, int type, unsigned int *megahertz) {
    ENTER(device);
    switch (type) {
        case 0: return uint_value(device->clock_graphics, megahertz);
        case 1: return uint_value(device->clock_sm, megahertz);
        case 2: return uint_value(device->clock_memory, megahertz);
        default: return NVML_ERROR_INVALID_ARGUMENT;
    }
}

nvmlReturn_t nvmlDeviceGetTotalEccErrors(nvmlDevice_t device, int errorType, int counterType,
                                         unsigned long long *count) {
    ENTER(device);
    if (counterType != 0 || errorType < 0 || errorType > 1) return NVML_ERROR_INVALID_ARGUMENT;
    unsigned long long value = errorType == 0 ? device->ecc_corrected : device->ecc_uncorrected;
    UNSUPPORTED_IF_UNSET(value);
    *count = value;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetEncoderUtilization(nvmlDevice_t device, unsigned int *utilization,
                                             unsigned int *samplingPeriodUs) {
    ENTER(device);
    UNSUPPORTED_IF_UNSET(device->encoder);
    *samplingPeriodUs = 167000;
    return uint_value(device->encoder, utilization);
}

nvmlReturn_t nvmlDeviceGetFanSpeed(nvmlDevice_t device, unsigned int *speed) {
    ENTER(device);
    return uint_value(device->fan, speed);
}

/* NVML's contract for process lists: too small a buffer gets the count needed and INSUFFICIENT_SIZE. */
static nvmlReturn_t fill_processes(const struct process *processes, int count, unsigned int *infoCount,
                                   void *infos, size_t stride) {
    if (infoCount == NULL) return NVML_ERROR_INVALID_ARGUMENT;
    if (*infoCount < (unsigned int) count || (infos == NULL && count > 0)) {
        *infoCount = (unsigned int) count;
        return NVML_ERROR_INSUFFICIENT_SIZE;
    }
    for (int i = 0; i < count; i++) {
        unsigned char *entry = (unsigned char *) infos + (size_t) i * stride;
        memset(entry, 0, stride);
        /* Every layout starts with pid then usedGpuMemory; the instance ids stay 0xFFFFFFFF (no MIG). */
        if (stride != sizeof(nvmlProcessInfo_v1_t)) {
            nvmlProcessInfo_v2_t *info = (nvmlProcessInfo_v2_t *) entry;
            info->pid = processes[i].pid;
            info->usedGpuMemory = processes[i].used;
            info->gpuInstanceId = 0xFFFFFFFFu;
            info->computeInstanceId = 0xFFFFFFFFu;
        } else {
            nvmlProcessInfo_v1_t *info = (nvmlProcessInfo_v1_t *) entry;
            info->pid = processes[i].pid;
            info->usedGpuMemory = processes[i].used;
        }
    }
    *infoCount = (unsigned int) count;
    return NVML_SUCCESS;
}

#define PROCESS_LIST(function, list, count, type)                                              \
    nvmlReturn_t function(nvmlDevice_t device, unsigned int *infoCount, type *infos) {       \
        ENTER(device);                                                                         \
        return fill_processes(device->list, device->count, infoCount, infos, sizeof(type));   \
    }

PROCESS_LIST(nvmlDeviceGetComputeRunningProcesses_v3, compute, compute_count, nvmlProcessInfo_t)
PROCESS_LIST(nvmlDeviceGetComputeRunningProcesses_v2, compute, compute_count, nvmlProcessInfo_v2_t)
PROCESS_LIST(nvmlDeviceGetComputeRunningProcesses, compute, compute_count, nvmlProcessInfo_v1_t)
PROCESS_LIST(nvmlDeviceGetGraphicsRunningProcesses_v3, graphics, graphics_count, nvmlProcessInfo_t)
PROCESS_LIST(nvmlDeviceGetGraphicsRunningProcesses_v2, graphics, graphics_count, nvmlProcessInfo_v2_t)
PROCESS_LIST(nvmlDeviceGetGraphicsRunningProcesses, graphics, graphics_count, nvmlProcessInfo_v1_t)

/* Not called by the plugin: their presence tells which struct the _v3 lists fill. R535 has the first only. */
nvmlReturn_t nvmlDeviceGetConfComputeMemSizeInfo(nvmlDevice_t device, void *memInfo) {
    (void) memInfo;
    ENTER(device);
    return NVML_ERROR_NOT_SUPPORTED;
}

#ifndef DRIVER_535
nvmlReturn_t nvmlDeviceGetRunningProcessDetailList(nvmlDevice_t device, void *plist) {
    (void) plist;
    ENTER(device);
    return NVML_ERROR_NOT_SUPPORTED;
}
#endif

nvmlReturn_t nvmlDeviceGetProcessUtilization(nvmlDevice_t device, nvmlProcessUtilizationSample_t *utilization,
                                             unsigned int *processSamplesCount, unsigned long long lastSeenTimeStamp) {
    ENTER(device);
    if (processSamplesCount == NULL) return NVML_ERROR_INVALID_ARGUMENT;
    unsigned long long now = now_micros();
    unsigned int newer = 0;
    for (int i = 0; i < device->sample_count; i++) {
        unsigned long long stamp = device->samples[i].timestamp == 0 ? now : device->samples[i].timestamp;
        if (stamp > lastSeenTimeStamp) newer++;
    }
    if (newer == 0) return NVML_ERROR_NOT_FOUND;
    if (utilization == NULL || *processSamplesCount < newer) {
        *processSamplesCount = newer;
        return NVML_ERROR_INSUFFICIENT_SIZE;
    }
    unsigned int written = 0;
    for (int i = 0; i < device->sample_count; i++) {
        unsigned long long stamp = device->samples[i].timestamp == 0 ? now : device->samples[i].timestamp;
        if (stamp <= lastSeenTimeStamp) continue;
        nvmlProcessUtilizationSample_t *sample = &utilization[written++];
        memset(sample, 0, sizeof *sample);
        sample->pid = device->samples[i].pid;
        sample->timeStamp = stamp;
        sample->smUtil = device->samples[i].sm;
        sample->memUtil = device->samples[i].memory;
    }
    *processSamplesCount = written;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetMigMode(nvmlDevice_t device, unsigned int *currentMode, unsigned int *pendingMode) {
    ENTER(device);
    if (device->parent != NULL) return NVML_ERROR_NOT_SUPPORTED;
    *currentMode = (unsigned int) device->mig_mode;
    *pendingMode = (unsigned int) device->mig_mode;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetMaxMigDeviceCount(nvmlDevice_t device, unsigned int *count) {
    ENTER(device);
    *count = device->mig_mode ? MAX_MIGS : 0;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetMigDeviceHandleByIndex(nvmlDevice_t device, unsigned int index, nvmlDevice_t *migDevice) {
    ENTER(device);
    if (!device->mig_mode) return NVML_ERROR_INVALID_ARGUMENT;
    if (index >= MAX_MIGS) return NVML_ERROR_INVALID_ARGUMENT;
    if (device->migs[index] == NULL) return NVML_ERROR_NOT_FOUND;
    *migDevice = device->migs[index];
    return NVML_SUCCESS;
}

/* --- gpm, links, energy (issue 17) --- */
#include "nvml_stub_gpm.c"

/* --- health (issue 17) --- */
#include "nvml_stub_health.c"
