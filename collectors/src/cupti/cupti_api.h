#pragma once
// CUPTI and the CUDA driver API, loaded with dlopen on first use: their headers give the types and
// signatures, nothing links them, so sciperf-run starts on machines without either. Only the files
// of this folder include the CUDA headers.

#include "sciperf/analysis/result.h"

#include <cuda.h>
#include <cupti_activity.h>
#include <cupti_callbacks.h>
#include <cupti_driver_cbid.h>
#include <cupti_profiler_host.h>
#include <cupti_profiler_target.h>
#include <cupti_range_profiler.h>
#include <cupti_result.h>
#include <cupti_target.h>
#include <string>

namespace sciperf::cupti {

#define SCIPERF_CUPTI_FUNCTIONS(X)                                                                           \
    X(cuptiGetResultString)                                                                                  \
    X(cuptiGetTimestamp)                                                                                     \
    X(cuptiActivityRegisterCallbacks)                                                                        \
    X(cuptiActivityRegisterTimestampCallback)                                                                \
    X(cuptiActivityEnable)                                                                                   \
    X(cuptiActivityDisable)                                                                                  \
    X(cuptiActivityGetNextRecord)                                                                            \
    X(cuptiActivityGetNumDroppedRecords)                                                                     \
    X(cuptiActivityFlushAll)                                                                                 \
    X(cuptiSubscribe)                                                                                        \
    X(cuptiUnsubscribe)                                                                                      \
    X(cuptiEnableCallback)                                                                                   \
    X(cuptiProfilerInitialize)                                                                               \
    X(cuptiProfilerDeInitialize)                                                                             \
    X(cuptiProfilerGetCounterAvailability)                                                                   \
    X(cuptiDeviceGetChipName)                                                                                \
    X(cuptiProfilerHostInitialize)                                                                           \
    X(cuptiProfilerHostDeinitialize)                                                                         \
    X(cuptiProfilerHostGetMetricProperties)                                                                  \
    X(cuptiProfilerHostConfigAddMetrics)                                                                     \
    X(cuptiProfilerHostGetConfigImageSize)                                                                   \
    X(cuptiProfilerHostGetConfigImage)                                                                       \
    X(cuptiProfilerHostGetNumOfPasses)                                                                       \
    X(cuptiProfilerHostEvaluateToGpuValues)                                                                  \
    X(cuptiRangeProfilerEnable)                                                                              \
    X(cuptiRangeProfilerDisable)                                                                             \
    X(cuptiRangeProfilerGetCounterDataSize)                                                                  \
    X(cuptiRangeProfilerCounterDataImageInitialize)                                                          \
    X(cuptiRangeProfilerSetConfig)                                                                           \
    X(cuptiRangeProfilerStart)                                                                               \
    X(cuptiRangeProfilerStop)                                                                                \
    X(cuptiRangeProfilerDecodeData)                                                                          \
    X(cuptiRangeProfilerGetCounterDataInfo)                                                                  \
    X(cuptiRangeProfilerCounterDataGetRangeInfo)

// Driver functions whose names cuda.h does not remap to a versioned symbol.
#define SCIPERF_CUDA_DRIVER_FUNCTIONS(X)                                                                     \
    X(cuInit)                                                                                                \
    X(cuDeviceGetCount)                                                                                      \
    X(cuDeviceGet)                                                                                           \
    X(cuDevicePrimaryCtxRetain)                                                                              \
    X(cuCtxSetCurrent)                                                                                       \
    X(cuGetErrorString)

#define SCIPERF_DECLARE_FUNCTION(name) decltype(&::name) name = nullptr;

struct CuptiApi {
    SCIPERF_CUPTI_FUNCTIONS(SCIPERF_DECLARE_FUNCTION)
};
struct CudaDriverApi {
    SCIPERF_CUDA_DRIVER_FUNCTIONS(SCIPERF_DECLARE_FUNCTION)
};

#undef SCIPERF_DECLARE_FUNCTION

// Loaded once per process; the error names the library and dlopen's or dlsym's message.
Result<const CuptiApi*> cuptiApi();
Result<const CudaDriverApi*> cudaDriverApi();

// "cuptiX failed: CUPTI_ERROR_... (what)" for a failed call.
std::string cuptiError(const CuptiApi& api, const char* call, CUptiResult result);
std::string driverError(const CudaDriverApi& api, const char* call, CUresult result);

} // namespace sciperf::cupti
