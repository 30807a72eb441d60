#pragma once
// GPU capture around a workload (sciperf-run --profile): CUPTI's Activity API for the kernel
// timeline ("timeline") or its Range Profiler for per-kernel FLOPs and bytes ("metrics"). CUPTI
// (libcupti.so.13) and the driver (libcuda.so.1) are loaded on first use: without them, or
// without a GPU, the capture says why and the run goes on; a CPU workload's own kernel records
// are written all the same.

#include "sciperf/analysis/result.h"
#include "sciperf/engine/workload.h"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sciperf {

enum class ProfileMode { Timeline, Metrics };
std::string_view profileModeName(ProfileMode mode); // "timeline", "metrics"
std::optional<ProfileMode> profileModeNamed(std::string_view name);

struct ProfilerAvailability {
    bool available = false;
    // Why not: "CUPTI unavailable: <dlopen error>" or "no CUDA device: <why>"; empty when available.
    std::string reason;
};
ProfilerAvailability profilerAvailability();

// The capture executeWorkload runs the body in. finish() writes kernels.jsonl (GPU records and
// the workload's own) into the run directory and fills run.json's "profile" object: "mode",
// "status" ("captured", "not captured"), "gpu" ("captured" or why not), "records", "gpu_records",
// "workload_records", "file", and for metrics "passes", "chip", "unsupported_metrics".
std::unique_ptr<RunCapture> makeProfileCapture(ProfileMode mode);

// Without a GPU: which of `metrics` (by default the kernel metrics, roofline::kernelMetricNames)
// CUPTI's Profiler Host knows for `chip` ("GH100", "GA100", ...) and how many replay passes the
// known ones need.
struct ChipMetricSupport {
    std::vector<std::string> unsupported;
    std::size_t passes = 0;
};
Result<ChipMetricSupport> kernelMetricSupport(const std::string& chip,
                                              const std::vector<std::string>& metrics);
Result<ChipMetricSupport> kernelMetricSupport(const std::string& chip);

} // namespace sciperf
