/*
 * Issue 17's part of the NVML stub: GPM (nvmlGpm*), total energy, PCIe throughput and the NVLink
 * throughput counters read through nvmlDeviceGetFieldValues. nvml_stub.c includes this file at its
 * end, so it shares that file's devices, configuration reading, "fail" and "lost" handling; the
 * structs below are NVML's (nvml.h of CUDA 12.0, whose NVML_GPM_METRIC_MAX is 98: later headers
 * only lengthen metrics[], and NVML reads numMetrics entries of it).
 *
 * Configuration, inside a "device" section (see nvml_stub.c):
 *   gpm <0|1>                               nvmlGpmQueryDeviceSupport's isSupportedDevice (0 when not given)
 *   gpm_metric <metric-id> <value>          what nvmlGpmMetricsGet returns for that nvmlGpmMetricId_t;
 *                                           a metric not given gets NOT_SUPPORTED in its own nvmlReturn
 *   mig_gpm_metric <mig> <metric-id> <value>  the same for MIG instance <mig> (nvmlGpmMigSampleGet), whose
 *                                           GPU instance id (nvmlDeviceGetGpuInstanceId) is <mig> + 1
 *   energy <mJ>                             nvmlDeviceGetTotalEnergyConsumption, millijoules
 *   pcie <tx> <rx>                          nvmlDeviceGetPcieThroughput, KB/s
 *   nvlink <tx> <rx> <timestamp-us>         NVML_FI_DEV_NVLINK_THROUGHPUT_DATA_TX/RX (138/139): running
 *                                           totals in KiB, stamped with <timestamp-us>
 * Anything not given answers NOT_SUPPORTED, as a device without the feature does; a missing symbol is
 * made with NvmlStub's hidden symbols.
 */
#include <stdlib.h>

#define NVML_GPM_METRIC_MAX 98
#define GPM_METRIC_IDS 334 /* ids run up to CUDA 13's 333 */
#define NVML_ERROR_ARGUMENT_VERSION_MISMATCH 25
#define FI_NVLINK_THROUGHPUT_DATA_TX 138
#define FI_NVLINK_THROUGHPUT_DATA_RX 139
#define VALUE_TYPE_UNSIGNED_LONG_LONG 3

struct nvmlGpmSample_st {
    struct stub_device *device;
    int mig;                        /* -1: the whole GPU */
    unsigned long long sequence;    /* 0 until filled; later fills get larger numbers */
};
typedef struct { struct nvmlGpmSample_st *handle; } nvmlGpmSample_t;

typedef struct {
    unsigned int metricId;
    nvmlReturn_t nvmlReturn;
    double value;
    struct { char *shortName; char *longName; char *unit; } metricInfo;
} nvmlGpmMetric_t;

typedef struct {
    unsigned int version;
    unsigned int numMetrics;
    nvmlGpmSample_t sample1;
    nvmlGpmSample_t sample2;
    nvmlGpmMetric_t metrics[NVML_GPM_METRIC_MAX];
} nvmlGpmMetricsGet_t;

typedef struct { unsigned int version; unsigned int isSupportedDevice; } nvmlGpmSupport_t;

typedef union {
    double dVal;
    unsigned int uiVal;
    unsigned long ulVal;
    unsigned long long ullVal;
    signed long long sllVal;
    signed int siVal;
} nvmlValue_t;

typedef struct {
    unsigned int fieldId;
    unsigned int scopeId;
    long long timestamp;
    long long latencyUsec;
    int valueType;
    nvmlReturn_t nvmlReturn;
    nvmlValue_t value;
} nvmlFieldValue_t;

struct gpm_values { char set[GPM_METRIC_IDS]; double value[GPM_METRIC_IDS]; };

struct gpm_device {
    int supported;
    struct gpm_values values;
    struct gpm_values mig_values[MAX_MIGS];
    unsigned long long energy, pcie_tx, pcie_rx, nvlink_tx, nvlink_rx, nvlink_stamp;
};

static struct gpm_device gpm_devices[MAX_DEVICES];
static unsigned long long gpm_sequence;

static void gpm_reset(void) {
    memset(gpm_devices, 0, sizeof gpm_devices);
    for (int i = 0; i < MAX_DEVICES; i++) {
        struct gpm_device *gpm = &gpm_devices[i];
        gpm->energy = gpm->pcie_tx = gpm->pcie_rx = gpm->nvlink_tx = gpm->nvlink_rx = NOT_SET;
    }
}

static void set_metric(struct gpm_values *values, const char *id, const char *value) {
    if (id == NULL || value == NULL) return;
    int metric = atoi(id);
    if (metric <= 0 || metric >= GPM_METRIC_IDS) return;
    values->set[metric] = 1;
    values->value[metric] = strtod(value, NULL);
}

/* Reads one configuration line of this file's keys; returns 0 for a key that is not one of them. */
static int gpm_config(struct stub_device *device, const char *word, const char *a, const char *b, const char *c) {
    struct gpm_device *gpm = &gpm_devices[device->index];
    if (strcmp(word, "gpm") == 0) gpm->supported = a != NULL && atoi(a) != 0;
    else if (strcmp(word, "gpm_metric") == 0) set_metric(&gpm->values, a, b);
    else if (strcmp(word, "mig_gpm_metric") == 0 && a) {
        int mig = atoi(a);
        if (mig >= 0 && mig < MAX_MIGS) set_metric(&gpm->mig_values[mig], b, c);
    } else if (strcmp(word, "energy") == 0) gpm->energy = number(a);
    else if (strcmp(word, "pcie") == 0) { gpm->pcie_tx = number(a); gpm->pcie_rx = number(b); }
    else if (strcmp(word, "nvlink") == 0) {
        gpm->nvlink_tx = number(a); gpm->nvlink_rx = number(b); gpm->nvlink_stamp = number(c);
    } else return 0;
    return 1;
}

static struct gpm_device *gpm_of(nvmlDevice_t device) {
    return &gpm_devices[(device->parent != NULL ? device->parent : device)->index];
}

nvmlReturn_t nvmlGpmQueryDeviceSupport(nvmlDevice_t device, nvmlGpmSupport_t *support) {
    ENTER(device);
    if (support == NULL) return NVML_ERROR_INVALID_ARGUMENT;
    if (support->version != 1) return NVML_ERROR_ARGUMENT_VERSION_MISMATCH;
    support->isSupportedDevice = device->parent == NULL && gpm_of(device)->supported ? 1 : 0;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlGpmSampleAlloc(nvmlGpmSample_t *sample) {
    count_call(__func__);
    if (sample == NULL) return NVML_ERROR_INVALID_ARGUMENT;
    sample->handle = calloc(1, sizeof *sample->handle);
    return sample->handle == NULL ? NVML_ERROR_UNKNOWN : NVML_SUCCESS;
}

nvmlReturn_t nvmlGpmSampleFree(nvmlGpmSample_t sample) {
    count_call(__func__);
    if (sample.handle == NULL) return NVML_ERROR_INVALID_ARGUMENT;
    free(sample.handle);
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlGpmSampleGet(nvmlDevice_t device, nvmlGpmSample_t sample) {
    ENTER(device);
    if (sample.handle == NULL || device->parent != NULL) return NVML_ERROR_INVALID_ARGUMENT;
    if (!gpm_of(device)->supported) return NVML_ERROR_NOT_SUPPORTED;
    sample.handle->device = device;
    sample.handle->mig = -1;
    sample.handle->sequence = ++gpm_sequence;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlGpmMigSampleGet(nvmlDevice_t device, unsigned int gpuInstanceId, nvmlGpmSample_t sample) {
    ENTER(device);
    if (sample.handle == NULL || device->parent != NULL) return NVML_ERROR_INVALID_ARGUMENT;
    if (!gpm_of(device)->supported) return NVML_ERROR_NOT_SUPPORTED;
    int mig = (int) gpuInstanceId - 1;
    if (mig < 0 || mig >= MAX_MIGS || device->migs[mig] == NULL) return NVML_ERROR_NOT_FOUND;
    sample.handle->device = device;
    sample.handle->mig = mig;
    sample.handle->sequence = ++gpm_sequence;
    return NVML_SUCCESS;
}

/* Checks what NVML needs of the pair: both filled, from the same GPU or instance, the older first. */
nvmlReturn_t nvmlGpmMetricsGet(nvmlGpmMetricsGet_t *request) {
    count_call(__func__);
    load_config();
    if (!initialized) return NVML_ERROR_UNINITIALIZED;
    if (request == NULL) return NVML_ERROR_INVALID_ARGUMENT;
    if (request->version != 1) return NVML_ERROR_ARGUMENT_VERSION_MISMATCH;
    struct nvmlGpmSample_st *first = request->sample1.handle, *second = request->sample2.handle;
    if (first == NULL || second == NULL || first->sequence == 0 || second->sequence <= first->sequence
        || first->device != second->device || first->mig != second->mig
        || request->numMetrics > NVML_GPM_METRIC_MAX) return NVML_ERROR_INVALID_ARGUMENT;
    struct stub_device *device = first->device;
    if (device->lost) return NVML_ERROR_GPU_IS_LOST;
    nvmlReturn_t failed = failure(device->fails, device->fail_count, __func__);
    if (failed) return failed;
    struct gpm_device *gpm = gpm_of(device);
    struct gpm_values *values = first->mig < 0 ? &gpm->values : &gpm->mig_values[first->mig];
    for (unsigned int i = 0; i < request->numMetrics; i++) {
        nvmlGpmMetric_t *metric = &request->metrics[i];
        unsigned int id = metric->metricId;
        int known = id < GPM_METRIC_IDS && values->set[id];
        metric->nvmlReturn = known ? NVML_SUCCESS : NVML_ERROR_NOT_SUPPORTED;
        metric->value = known ? values->value[id] : 0.0;
        metric->metricInfo.shortName = metric->metricInfo.longName = metric->metricInfo.unit = NULL;
    }
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetGpuInstanceId(nvmlDevice_t device, unsigned int *id) {
    ENTER(device);
    if (device->parent == NULL) return NVML_ERROR_INVALID_ARGUMENT;
    *id = (unsigned int) device->index + 1;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetTotalEnergyConsumption(nvmlDevice_t device, unsigned long long *energy) {
    ENTER(device);
    UNSUPPORTED_IF_UNSET(gpm_of(device)->energy);
    *energy = gpm_of(device)->energy;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetPcieThroughput(nvmlDevice_t device, int counter, unsigned int *value) {
    ENTER(device);
    if (counter != 0 && counter != 1) return NVML_ERROR_INVALID_ARGUMENT;
    return uint_value(counter == 0 ? gpm_of(device)->pcie_tx : gpm_of(device)->pcie_rx, value);
}

nvmlReturn_t nvmlDeviceGetFieldValues(nvmlDevice_t device, int valuesCount, nvmlFieldValue_t *values) {
    ENTER(device);
    if (valuesCount < 0 || (valuesCount > 0 && values == NULL)) return NVML_ERROR_INVALID_ARGUMENT;
    struct gpm_device *gpm = gpm_of(device);
    for (int i = 0; i < valuesCount; i++) {
        nvmlFieldValue_t *field = &values[i];
        unsigned long long total = field->fieldId == FI_NVLINK_THROUGHPUT_DATA_TX ? gpm->nvlink_tx
                : field->fieldId == FI_NVLINK_THROUGHPUT_DATA_RX ? gpm->nvlink_rx : NOT_SET;
        field->latencyUsec = 0;
        field->timestamp = (long long) gpm->nvlink_stamp;
        field->valueType = VALUE_TYPE_UNSIGNED_LONG_LONG;
        field->nvmlReturn = total == NOT_SET ? NVML_ERROR_NOT_SUPPORTED : NVML_SUCCESS;
        field->value.ullVal = total == NOT_SET ? 0 : total;
    }
    return NVML_SUCCESS;
}
