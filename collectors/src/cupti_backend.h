#pragma once
// What the CUPTI code (src/cupti/, built where the CUDA toolkit's headers are; else
// cupti_unavailable.cpp) offers the rest of collectors, without CUDA types.

#include "sciperf/analysis/result.h"
#include "sciperf/analysis/roofline/kernel_records.h"

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace sciperf::cupti {

// Empty when this process can profile device 0; else "CUPTI unavailable: ..." or
// "no CUDA device: ...". Loads CUPTI and the driver on first use.
std::string unavailableReason();

// Activity API: concurrent kernels, memory copies and runtime API calls, from start to stop.
class ActivityTrace {
public:
    virtual ~ActivityTrace() = default;
    // Kernels and copies, launch overhead joined by correlation id; timestamps in CUPTI's ns.
    virtual Result<std::vector<roofline::KernelRecord>> stop() = 0;
    virtual std::size_t droppedRecords() const = 0;
};
Result<std::unique_ptr<ActivityTrace>> startActivityTrace();

// Range Profiler (AutoRange, KernelReplay) of the metrics of gpu_metrics.h on device 0.
class RangeProfile {
public:
    virtual ~RangeProfile() = default;
    // One record per range (kernel launch) with its metrics; no timestamps but the kernels'
    // measured durations, laid end to end in launch order.
    virtual Result<std::vector<roofline::KernelRecord>> stop() = 0;
    virtual std::size_t passes() const = 0;
    virtual std::vector<std::string> unsupportedMetrics() const = 0; // left out on this chip
    virtual std::string chip() const = 0;
    virtual std::size_t droppedRanges() const = 0;
};
Result<std::unique_ptr<RangeProfile>> startRangeProfile(std::size_t maxRanges);

// Offline (no GPU, no driver): which of `metrics` the Profiler Host knows for `chip` ("GH100"),
// and how many replay passes the known ones need.
struct MetricSupport {
    std::vector<std::string> unsupported;
    std::size_t passes = 0;
};
Result<MetricSupport> checkMetricsOnChip(const std::string& chip, const std::vector<std::string>& metrics);

} // namespace sciperf::cupti
