// CUPTI Activity API (reference/roofline-cupti.md §3.2): CONCURRENT_KERNEL records for kernel
// timings and geometry, MEMCPY for copies, RUNTIME for the launching calls, joined to kernels by
// correlation id for the launch overhead. Compiled against the CUDA 13 headers; checked on an H100
// by scripts/device-check (tests/collectors/cupti_device_check.cpp).
#include "../cupti_backend.h"
#include "cupti_api.h"

#include <chrono>
#include <cstdlib>
#include <mutex>

namespace sciperf::cupti {
namespace {

constexpr std::size_t kBufferBytes = 8 * 1024 * 1024;
constexpr std::size_t kBufferAlignment = 8;

std::string copyKindName(std::uint8_t kind) {
    switch (kind) {
    case CUPTI_ACTIVITY_MEMCPY_KIND_HTOD:
        return "memcpy HtoD";
    case CUPTI_ACTIVITY_MEMCPY_KIND_DTOH:
        return "memcpy DtoH";
    case CUPTI_ACTIVITY_MEMCPY_KIND_DTOD:
        return "memcpy DtoD";
    default:
        return "memcpy";
    }
}

// What the buffer callbacks collect: the callbacks are plain C functions, so the one trace of the
// process lives here, behind a mutex (CUPTI calls bufferCompleted from its own thread).
struct Collected {
    std::mutex mutex;
    std::vector<roofline::KernelRecord> records;
    std::vector<roofline::ApiCall> calls;
};
Collected g_collected;

void CUPTIAPI bufferRequested(uint8_t** buffer, size_t* size, size_t* maxNumRecords) {
    *buffer = static_cast<uint8_t*>(std::aligned_alloc(kBufferAlignment, kBufferBytes));
    *size = *buffer == nullptr ? 0 : kBufferBytes;
    *maxNumRecords = 0; // as many as fit
}

roofline::KernelRecord kernelRecord(const CUpti_ActivityKernel10& kernel) {
    roofline::KernelRecord record;
    record.name = kernel.name != nullptr ? kernel.name : "(unnamed kernel)";
    record.kind = "kernel";
    record.row = "stream " + std::to_string(kernel.streamId);
    record.startNs = static_cast<std::int64_t>(kernel.start);
    record.endNs = static_cast<std::int64_t>(kernel.end);
    record.correlationId = kernel.correlationId;
    record.grid = {kernel.gridX, kernel.gridY, kernel.gridZ};
    record.block = {kernel.blockX, kernel.blockY, kernel.blockZ};
    record.provenance = roofline::Provenance::MeasuredCounters;
    record.origin = "CUPTI activity (concurrent kernel)";
    return record;
}

roofline::KernelRecord copyRecord(const CUpti_ActivityMemcpy6& copy) {
    roofline::KernelRecord record;
    record.name = copyKindName(copy.copyKind);
    record.kind = record.name;
    record.row = "stream " + std::to_string(copy.streamId);
    record.startNs = static_cast<std::int64_t>(copy.start);
    record.endNs = static_cast<std::int64_t>(copy.end);
    record.correlationId = copy.correlationId;
    record.copyBytes = static_cast<std::int64_t>(copy.bytes);
    record.origin = "CUPTI activity (memcpy)";
    return record;
}

void CUPTIAPI bufferCompleted(CUcontext, uint32_t, uint8_t* buffer, size_t, size_t validSize) {
    const auto api = cuptiApi();
    if (api && validSize > 0) {
        std::lock_guard lock(g_collected.mutex);
        CUpti_Activity* activity = nullptr;
        while (api.value()->cuptiActivityGetNextRecord(buffer, validSize, &activity) == CUPTI_SUCCESS) {
            switch (activity->kind) {
            case CUPTI_ACTIVITY_KIND_CONCURRENT_KERNEL:
            case CUPTI_ACTIVITY_KIND_KERNEL:
                g_collected.records.push_back(
                    kernelRecord(*reinterpret_cast<const CUpti_ActivityKernel10*>(activity)));
                break;
            case CUPTI_ACTIVITY_KIND_MEMCPY:
                g_collected.records.push_back(
                    copyRecord(*reinterpret_cast<const CUpti_ActivityMemcpy6*>(activity)));
                break;
            case CUPTI_ACTIVITY_KIND_RUNTIME: {
                const auto& call = *reinterpret_cast<const CUpti_ActivityAPI*>(activity);
                g_collected.calls.push_back({call.correlationId, static_cast<std::int64_t>(call.start),
                                             static_cast<std::int64_t>(call.end)});
                break;
            }
            default:
                break;
            }
        }
    }
    std::free(buffer);
}

// CUPTI's timestamps on the steady clock the CPU workloads' records use, so that both share one
// timeline (CUPTI's default on Linux is CLOCK_REALTIME).
uint64_t CUPTIAPI steadyTimestamp() {
    return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                     std::chrono::steady_clock::now().time_since_epoch())
                                     .count());
}

constexpr CUpti_ActivityKind kKinds[] = {CUPTI_ACTIVITY_KIND_CONCURRENT_KERNEL, CUPTI_ACTIVITY_KIND_MEMCPY,
                                         CUPTI_ACTIVITY_KIND_RUNTIME};

class CuptiActivityTrace final : public ActivityTrace {
public:
    explicit CuptiActivityTrace(const CuptiApi& api)
        : m_api(api) {}

    Result<std::vector<roofline::KernelRecord>> stop() override {
        for (const CUpti_ActivityKind kind : kKinds)
            m_api.cuptiActivityDisable(kind);
        if (const CUptiResult flushed = m_api.cuptiActivityFlushAll(CUPTI_ACTIVITY_FLAG_FLUSH_FORCED);
            flushed != CUPTI_SUCCESS)
            return fail(cuptiError(m_api, "cuptiActivityFlushAll", flushed));
        size_t dropped = 0;
        if (m_api.cuptiActivityGetNumDroppedRecords(nullptr, 0, &dropped) == CUPTI_SUCCESS)
            m_dropped = dropped;
        std::lock_guard lock(g_collected.mutex);
        std::vector<roofline::KernelRecord> records = std::move(g_collected.records);
        roofline::attachLaunchOverhead(records, g_collected.calls);
        g_collected.records.clear();
        g_collected.calls.clear();
        return records;
    }

    std::size_t droppedRecords() const override { return m_dropped; }

private:
    const CuptiApi& m_api;
    std::size_t m_dropped = 0;
};

} // namespace

Result<std::unique_ptr<ActivityTrace>> startActivityTrace() {
    const auto api = cuptiApi();
    if (!api)
        return api.error();
    const CuptiApi& cupti = *api.value();
    if (const CUptiResult clock = cupti.cuptiActivityRegisterTimestampCallback(steadyTimestamp);
        clock != CUPTI_SUCCESS)
        return fail(cuptiError(cupti, "cuptiActivityRegisterTimestampCallback", clock));
    if (const CUptiResult registered = cupti.cuptiActivityRegisterCallbacks(bufferRequested, bufferCompleted);
        registered != CUPTI_SUCCESS)
        return fail(cuptiError(cupti, "cuptiActivityRegisterCallbacks", registered));
    for (const CUpti_ActivityKind kind : kKinds)
        if (const CUptiResult enabled = cupti.cuptiActivityEnable(kind); enabled != CUPTI_SUCCESS)
            return fail(cuptiError(cupti, "cuptiActivityEnable", enabled));
    return std::unique_ptr<ActivityTrace>(new CuptiActivityTrace(cupti));
}

} // namespace sciperf::cupti
