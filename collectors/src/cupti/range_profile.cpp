// CUPTI Range Profiler + Profiler Host (reference/roofline-cupti.md §3.3): the metric set of
// gpu_metrics.h per kernel launch, AutoRange with KernelReplay, evaluated on the host into the
// formulas' inputs. Also what runs without a GPU: whether this process can profile, and which
// metrics a chip knows. Compiled against the CUDA 13 headers; checked on an H100 by
// scripts/device-check (tests/collectors/cupti_device_check.cpp).
#include "../cupti_backend.h"
#include "cupti_api.h"
#include "sciperf/analysis/roofline/gpu_metrics.h"

#include <array>
#include <cmath>
#include <cstdint>
#include <mutex>

namespace sciperf::cupti {
namespace {

// Every CUPTI params struct starts with its size; the rest is zero.
template <class Params> Params params(std::size_t structSize) {
    Params value{};
    value.structSize = structSize;
    return value;
}
#define SCIPERF_PARAMS(Type) params<Type>(Type##_STRUCT_SIZE)

std::vector<const char*> pointersTo(const std::vector<std::string>& names) {
    std::vector<const char*> pointers;
    for (const auto& name : names)
        pointers.push_back(name.c_str());
    return pointers;
}

// A Profiler Host object with the config image of the metrics it knows (the others are listed).
class HostConfig {
public:
    HostConfig(const CuptiApi& api)
        : m_api(api) {}
    HostConfig(const HostConfig&) = delete;
    HostConfig& operator=(const HostConfig&) = delete;
    ~HostConfig() {
        if (m_host != nullptr) {
            auto deinitialize = SCIPERF_PARAMS(CUpti_Profiler_Host_Deinitialize_Params);
            deinitialize.pHostObject = m_host;
            m_api.cuptiProfilerHostDeinitialize(&deinitialize);
        }
    }

    Result<void> build(const std::string& chip, const std::uint8_t* counterAvailability,
                       const std::vector<std::string>& metrics) {
        auto initialize = SCIPERF_PARAMS(CUpti_Profiler_Host_Initialize_Params);
        initialize.profilerType = CUPTI_PROFILER_TYPE_RANGE_PROFILER;
        initialize.pChipName = chip.c_str();
        initialize.pCounterAvailabilityImage = counterAvailability;
        if (const CUptiResult result = m_api.cuptiProfilerHostInitialize(&initialize);
            result != CUPTI_SUCCESS)
            return fail(cuptiError(m_api, "cuptiProfilerHostInitialize", result) + " for chip " + chip);
        m_host = initialize.pHostObject;
        for (const auto& metric : metrics) {
            auto properties = SCIPERF_PARAMS(CUpti_Profiler_Host_GetMetricProperties_Params);
            properties.pHostObject = m_host;
            properties.pMetricName = metric.c_str();
            if (m_api.cuptiProfilerHostGetMetricProperties(&properties) == CUPTI_SUCCESS)
                m_metrics.push_back(metric);
            else
                m_unsupported.push_back(metric);
        }
        if (m_metrics.empty())
            return fail("the Profiler Host knows none of the metrics for chip " + chip);
        std::vector<const char*> names = pointersTo(m_metrics);
        auto add = SCIPERF_PARAMS(CUpti_Profiler_Host_ConfigAddMetrics_Params);
        add.pHostObject = m_host;
        add.ppMetricNames = names.data();
        add.numMetrics = names.size();
        if (const CUptiResult result = m_api.cuptiProfilerHostConfigAddMetrics(&add); result != CUPTI_SUCCESS)
            return fail(cuptiError(m_api, "cuptiProfilerHostConfigAddMetrics", result));
        auto size = SCIPERF_PARAMS(CUpti_Profiler_Host_GetConfigImageSize_Params);
        size.pHostObject = m_host;
        if (const CUptiResult result = m_api.cuptiProfilerHostGetConfigImageSize(&size);
            result != CUPTI_SUCCESS)
            return fail(cuptiError(m_api, "cuptiProfilerHostGetConfigImageSize", result));
        m_config.resize(size.configImageSize);
        auto image = SCIPERF_PARAMS(CUpti_Profiler_Host_GetConfigImage_Params);
        image.pHostObject = m_host;
        image.configImageSize = m_config.size();
        image.pConfigImage = m_config.data();
        if (const CUptiResult result = m_api.cuptiProfilerHostGetConfigImage(&image); result != CUPTI_SUCCESS)
            return fail(cuptiError(m_api, "cuptiProfilerHostGetConfigImage", result));
        auto passes = SCIPERF_PARAMS(CUpti_Profiler_Host_GetNumOfPasses_Params);
        passes.configImageSize = m_config.size();
        passes.pConfigImage = m_config.data();
        if (const CUptiResult result = m_api.cuptiProfilerHostGetNumOfPasses(&passes);
            result != CUPTI_SUCCESS)
            return fail(cuptiError(m_api, "cuptiProfilerHostGetNumOfPasses", result));
        m_passes = passes.numOfPasses;
        return {};
    }

    CUpti_Profiler_Host_Object* host() const { return m_host; }
    const std::vector<std::string>& metrics() const { return m_metrics; }
    const std::vector<std::string>& unsupported() const { return m_unsupported; }
    const std::vector<std::uint8_t>& config() const { return m_config; }
    std::size_t passes() const { return m_passes; }

private:
    const CuptiApi& m_api;
    CUpti_Profiler_Host_Object* m_host = nullptr;
    std::vector<std::string> m_metrics;
    std::vector<std::string> m_unsupported;
    std::vector<std::uint8_t> m_config;
    std::size_t m_passes = 0;
};

// Device 0's primary context (the one the CUDA runtime uses), made current on this thread.
Result<CUcontext> primaryContext(const CudaDriverApi& driver) {
    if (const CUresult result = driver.cuInit(0); result != CUDA_SUCCESS)
        return fail("no CUDA device: " + driverError(driver, "cuInit", result));
    int count = 0;
    if (const CUresult result = driver.cuDeviceGetCount(&count); result != CUDA_SUCCESS)
        return fail("no CUDA device: " + driverError(driver, "cuDeviceGetCount", result));
    if (count == 0)
        return fail("no CUDA device: the driver sees none");
    CUdevice device = 0;
    if (const CUresult result = driver.cuDeviceGet(&device, 0); result != CUDA_SUCCESS)
        return fail(driverError(driver, "cuDeviceGet", result));
    CUcontext context = nullptr;
    if (const CUresult result = driver.cuDevicePrimaryCtxRetain(&context, device); result != CUDA_SUCCESS)
        return fail(driverError(driver, "cuDevicePrimaryCtxRetain", result));
    if (const CUresult result = driver.cuCtxSetCurrent(context); result != CUDA_SUCCESS)
        return fail(driverError(driver, "cuCtxSetCurrent", result));
    return context;
}

// The driver's kernel launch calls; the runtime's launches reach one of them.
constexpr std::array kLaunchCallbacks{
    CUPTI_DRIVER_TRACE_CBID_cuLaunchKernel,
    CUPTI_DRIVER_TRACE_CBID_cuLaunchKernel_ptsz,
    CUPTI_DRIVER_TRACE_CBID_cuLaunchKernelEx,
    CUPTI_DRIVER_TRACE_CBID_cuLaunchKernelEx_ptsz,
    CUPTI_DRIVER_TRACE_CBID_cuLaunchCooperativeKernel,
    CUPTI_DRIVER_TRACE_CBID_cuLaunchCooperativeKernel_ptsz,
};

// AutoRange names its ranges by their index ("0", "1", ...): one range per launch, in launch order,
// so the i-th launched kernel's name is range i's.
struct LaunchedKernels {
    std::mutex mutex;
    std::vector<std::string> names;
    std::size_t maxNames = 0; // the profile's ranges: later launches are not profiled
};

void CUPTIAPI recordLaunch(void* userdata, CUpti_CallbackDomain domain, CUpti_CallbackId, const void* data) {
    const auto* call = static_cast<const CUpti_CallbackData*>(data);
    if (domain != CUPTI_CB_DOMAIN_DRIVER_API || call->callbackSite != CUPTI_API_ENTER ||
        call->symbolName == nullptr)
        return;
    auto* launched = static_cast<LaunchedKernels*>(userdata);
    const std::lock_guard lock(launched->mutex);
    if (launched->names.size() < launched->maxNames)
        launched->names.emplace_back(call->symbolName);
}

class CuptiRangeProfile final : public RangeProfile {
public:
    explicit CuptiRangeProfile(const CuptiApi& api)
        : m_api(api)
        , m_host(api) {}
    CuptiRangeProfile(const CuptiRangeProfile&) = delete;
    CuptiRangeProfile& operator=(const CuptiRangeProfile&) = delete;
    ~CuptiRangeProfile() override { release(); }

    Result<void> start(CUcontext context, std::size_t maxRanges) {
        auto initialize = SCIPERF_PARAMS(CUpti_Profiler_Initialize_Params);
        if (const CUptiResult result = m_api.cuptiProfilerInitialize(&initialize); result != CUPTI_SUCCESS)
            return fail(cuptiError(m_api, "cuptiProfilerInitialize", result));
        m_profilerInitialized = true;
        auto chip = SCIPERF_PARAMS(CUpti_Device_GetChipName_Params);
        chip.deviceIndex = 0;
        if (const CUptiResult result = m_api.cuptiDeviceGetChipName(&chip); result != CUPTI_SUCCESS)
            return fail(cuptiError(m_api, "cuptiDeviceGetChipName", result));
        m_chip = chip.pChipName;
        // Counter availability before any session is active on the context (it fails during one).
        auto availability = SCIPERF_PARAMS(CUpti_Profiler_GetCounterAvailability_Params);
        availability.ctx = context;
        if (const CUptiResult result = m_api.cuptiProfilerGetCounterAvailability(&availability);
            result != CUPTI_SUCCESS)
            return fail(cuptiError(m_api, "cuptiProfilerGetCounterAvailability", result));
        std::vector<std::uint8_t> availabilityImage(availability.counterAvailabilityImageSize);
        availability.pCounterAvailabilityImage = availabilityImage.data();
        if (const CUptiResult result = m_api.cuptiProfilerGetCounterAvailability(&availability);
            result != CUPTI_SUCCESS)
            return fail(cuptiError(m_api, "cuptiProfilerGetCounterAvailability", result));
        if (auto built = m_host.build(m_chip, availabilityImage.data(), roofline::kernelMetricNames());
            !built)
            return built;

        auto enable = SCIPERF_PARAMS(CUpti_RangeProfiler_Enable_Params);
        enable.ctx = context;
        if (const CUptiResult result = m_api.cuptiRangeProfilerEnable(&enable); result != CUPTI_SUCCESS)
            return fail(cuptiError(m_api, "cuptiRangeProfilerEnable", result));
        m_profiler = enable.pRangeProfilerObject;

        std::vector<const char*> names = pointersTo(m_host.metrics());
        auto size = SCIPERF_PARAMS(CUpti_RangeProfiler_GetCounterDataSize_Params);
        size.pRangeProfilerObject = m_profiler;
        size.pMetricNames = names.data();
        size.numMetrics = names.size();
        size.maxNumOfRanges = maxRanges;
        size.maxNumRangeTreeNodes = static_cast<std::uint32_t>(maxRanges);
        if (const CUptiResult result = m_api.cuptiRangeProfilerGetCounterDataSize(&size);
            result != CUPTI_SUCCESS)
            return fail(cuptiError(m_api, "cuptiRangeProfilerGetCounterDataSize", result));
        m_counterData.resize(size.counterDataSize);
        auto image = SCIPERF_PARAMS(CUpti_RangeProfiler_CounterDataImage_Initialize_Params);
        image.pRangeProfilerObject = m_profiler;
        image.counterDataSize = m_counterData.size();
        image.pCounterData = m_counterData.data();
        if (const CUptiResult result = m_api.cuptiRangeProfilerCounterDataImageInitialize(&image);
            result != CUPTI_SUCCESS)
            return fail(cuptiError(m_api, "cuptiRangeProfilerCounterDataImageInitialize", result));

        auto config = SCIPERF_PARAMS(CUpti_RangeProfiler_SetConfig_Params);
        config.pRangeProfilerObject = m_profiler;
        config.configSize = m_host.config().size();
        config.pConfig = m_host.config().data();
        config.counterDataImageSize = m_counterData.size();
        config.pCounterDataImage = m_counterData.data();
        config.range = CUPTI_AutoRange;
        config.replayMode = CUPTI_KernelReplay;
        config.maxRangesPerPass = maxRanges;
        config.numNestingLevels = 1;
        config.minNestingLevel = 1;
        config.passIndex = 0;
        config.targetNestingLevel = 1;
        if (const CUptiResult result = m_api.cuptiRangeProfilerSetConfig(&config); result != CUPTI_SUCCESS)
            return fail(cuptiError(m_api, "cuptiRangeProfilerSetConfig", result));
        // Without the names (another tool holds CUPTI's one subscriber) the ranges keep their indices.
        m_launched.maxNames = maxRanges;
        if (m_api.cuptiSubscribe(&m_subscriber, &recordLaunch, &m_launched) == CUPTI_SUCCESS) {
            for (const CUpti_CallbackId id : kLaunchCallbacks)
                m_api.cuptiEnableCallback(1, m_subscriber, CUPTI_CB_DOMAIN_DRIVER_API, id);
        } else {
            m_subscriber = nullptr;
        }
        auto begin = SCIPERF_PARAMS(CUpti_RangeProfiler_Start_Params);
        begin.pRangeProfilerObject = m_profiler;
        if (const CUptiResult result = m_api.cuptiRangeProfilerStart(&begin); result != CUPTI_SUCCESS)
            return fail(cuptiError(m_api, "cuptiRangeProfilerStart", result));
        return {};
    }

    Result<std::vector<roofline::KernelRecord>> stop() override {
        auto end = SCIPERF_PARAMS(CUpti_RangeProfiler_Stop_Params);
        end.pRangeProfilerObject = m_profiler;
        if (const CUptiResult result = m_api.cuptiRangeProfilerStop(&end); result != CUPTI_SUCCESS)
            return fail(cuptiError(m_api, "cuptiRangeProfilerStop", result));
        auto decode = SCIPERF_PARAMS(CUpti_RangeProfiler_DecodeData_Params);
        decode.pRangeProfilerObject = m_profiler;
        if (const CUptiResult result = m_api.cuptiRangeProfilerDecodeData(&decode); result != CUPTI_SUCCESS)
            return fail(cuptiError(m_api, "cuptiRangeProfilerDecodeData", result));
        m_dropped = decode.numOfRangeDropped;
        auto info = SCIPERF_PARAMS(CUpti_RangeProfiler_GetCounterDataInfo_Params);
        info.pCounterDataImage = m_counterData.data();
        info.counterDataImageSize = m_counterData.size();
        if (const CUptiResult result = m_api.cuptiRangeProfilerGetCounterDataInfo(&info);
            result != CUPTI_SUCCESS)
            return fail(cuptiError(m_api, "cuptiRangeProfilerGetCounterDataInfo", result));

        std::vector<const char*> names = pointersTo(m_host.metrics());
        std::vector<roofline::KernelRecord> records;
        std::int64_t cursor = 0;
        const std::string origin = "CUPTI range profiler, kernel replay, " + std::to_string(m_host.passes()) +
                                   " passes on " + m_chip;
        for (std::size_t range = 0; range < info.numTotalRanges; ++range) {
            auto rangeInfo = SCIPERF_PARAMS(CUpti_RangeProfiler_CounterData_GetRangeInfo_Params);
            rangeInfo.pCounterDataImage = m_counterData.data();
            rangeInfo.counterDataImageSize = m_counterData.size();
            rangeInfo.rangeIndex = range;
            rangeInfo.rangeDelimiter = "/";
            if (const CUptiResult result = m_api.cuptiRangeProfilerCounterDataGetRangeInfo(&rangeInfo);
                result != CUPTI_SUCCESS)
                return fail(cuptiError(m_api, "cuptiRangeProfilerCounterDataGetRangeInfo", result));
            std::vector<double> values(names.size(), 0.0);
            auto evaluate = SCIPERF_PARAMS(CUpti_Profiler_Host_EvaluateToGpuValues_Params);
            evaluate.pHostObject = m_host.host();
            evaluate.pCounterDataImage = m_counterData.data();
            evaluate.counterDataImageSize = m_counterData.size();
            evaluate.rangeIndex = range;
            evaluate.ppMetricNames = names.data();
            evaluate.numMetrics = names.size();
            evaluate.pMetricValues = values.data();
            if (const CUptiResult result = m_api.cuptiProfilerHostEvaluateToGpuValues(&evaluate);
                result != CUPTI_SUCCESS)
                return fail(cuptiError(m_api, "cuptiProfilerHostEvaluateToGpuValues", result));
            const roofline::KernelMetrics metrics = roofline::evaluateKernelMetrics(
                roofline::cuptiMetricLookup(m_host.metrics(), std::move(values)));
            roofline::KernelRecord record;
            {
                const std::lock_guard lock(m_launched.mutex);
                record.name = range < m_launched.names.size()  ? m_launched.names[range]
                              : rangeInfo.rangeName != nullptr ? "range " + std::string(rangeInfo.rangeName)
                                                               : "range " + std::to_string(range);
            }
            record.row = "kernel replay (device 0)";
            // Replay distorts wall time: the kernels' own cycle-based durations, end to end.
            record.startNs = cursor;
            record.endNs = cursor + std::llround(metrics.seconds.value_or(0) * 1e9);
            cursor = record.endNs;
            roofline::setMetrics(record, metrics);
            record.provenance = roofline::Provenance::MeasuredCounters;
            record.origin = origin;
            records.push_back(std::move(record));
        }
        release();
        return records;
    }

    std::size_t passes() const override { return m_host.passes(); }
    std::vector<std::string> unsupportedMetrics() const override { return m_host.unsupported(); }
    std::string chip() const override { return m_chip; }
    std::size_t droppedRanges() const override { return m_dropped; }

private:
    void release() {
        if (m_subscriber != nullptr) {
            m_api.cuptiUnsubscribe(m_subscriber);
            m_subscriber = nullptr;
        }
        if (m_profiler != nullptr) {
            auto disable = SCIPERF_PARAMS(CUpti_RangeProfiler_Disable_Params);
            disable.pRangeProfilerObject = m_profiler;
            m_api.cuptiRangeProfilerDisable(&disable);
            m_profiler = nullptr;
        }
        if (m_profilerInitialized) {
            auto deinitialize = SCIPERF_PARAMS(CUpti_Profiler_DeInitialize_Params);
            m_api.cuptiProfilerDeInitialize(&deinitialize);
            m_profilerInitialized = false;
        }
    }

    const CuptiApi& m_api;
    HostConfig m_host;
    std::string m_chip;
    bool m_profilerInitialized = false;
    CUpti_RangeProfiler_Object* m_profiler = nullptr;
    std::vector<std::uint8_t> m_counterData;
    std::size_t m_dropped = 0;
    CUpti_SubscriberHandle m_subscriber = nullptr;
    LaunchedKernels m_launched;
};

} // namespace

std::string unavailableReason() {
    const auto api = cuptiApi();
    if (!api)
        return api.error().message;
    const auto driver = cudaDriverApi();
    if (!driver)
        return driver.error().message;
    const CudaDriverApi& cuda = *driver.value();
    if (const CUresult result = cuda.cuInit(0); result != CUDA_SUCCESS)
        return "no CUDA device: " + driverError(cuda, "cuInit", result);
    int count = 0;
    if (const CUresult result = cuda.cuDeviceGetCount(&count); result != CUDA_SUCCESS || count == 0)
        return "no CUDA device: the driver sees none";
    return {};
}

Result<std::unique_ptr<RangeProfile>> startRangeProfile(std::size_t maxRanges) {
    const auto api = cuptiApi();
    if (!api)
        return api.error();
    const auto driver = cudaDriverApi();
    if (!driver)
        return driver.error();
    const auto context = primaryContext(*driver.value());
    if (!context)
        return context.error();
    auto profile = std::make_unique<CuptiRangeProfile>(*api.value());
    if (auto started = profile->start(context.value(), maxRanges); !started)
        return started.error();
    return std::unique_ptr<RangeProfile>(std::move(profile));
}

Result<MetricSupport> checkMetricsOnChip(const std::string& chip, const std::vector<std::string>& metrics) {
    const auto api = cuptiApi();
    if (!api)
        return api.error();
    HostConfig host(*api.value());
    if (auto built = host.build(chip, nullptr, metrics); !built)
        return built.error();
    return MetricSupport{host.unsupported(), host.passes()};
}

} // namespace sciperf::cupti
