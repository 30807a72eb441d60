#pragma once
// The roofline content of a run directory's run.json (schema sciperf.run/1), as written by the
// `ert` and `cpu-kernels` workloads, read back for the workspace:
//   results.bandwidth_ceilings: [{"level": "L1", "bytes_per_second": ..}, ...]
//   results.peaks: [{"precision": "FP64", "best_flops_per_second": .., "worst_flops_per_second": ..}]
//   results.gpu: {"device": "...", "bandwidth_ceilings": [...], "peaks": [...]} when a GPU was measured
//   results.gpu_status: "ok", or the reason there is no results.gpu ("no CUDA device: ...")
//   results.kernels: kernel points (writeKernelPoints)

#include "sciperf/analysis/result.h"
#include "sciperf/analysis/roofline/ceilings.h"
#include "sciperf/analysis/roofline/kernels.h"

#include <string>
#include <string_view>
#include <vector>

namespace sciperf::roofline {

struct RooflineRun {
    std::string workload; // run.json "workload"
    std::string started;  // run.json "started_utc"
    std::string host;     // run.json machine.hostname, for labels
    Ceilings cpuCeilings; // empty when the run measured none
    Ceilings gpuCeilings; // empty when no GPU was measured
    std::string gpuName;
    std::string gpuStatus; // results.gpu_status: "ok", or why no GPU was measured; empty if absent
    std::vector<KernelPoint> kernels;
};

// Errors name `file` and the member that is wrong; a run without roofline content is not an error.
Result<RooflineRun> readRooflineRun(std::string_view runJson, const std::string& file);

} // namespace sciperf::roofline
