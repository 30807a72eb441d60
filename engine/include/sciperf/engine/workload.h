#pragma once
// The embedded workloads and the one way they run: into a run directory whose run.json says
// what ran, where (the machine description every run carries), when, how it ended and what
// the workload measured.

#include "sciperf/analysis/json_writer.h"
#include "sciperf/analysis/result.h"
#include "sciperf/engine/progress.h"

#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sciperf {

struct RunContext {
    std::filesystem::path directory;
    ProgressReporter& progress;
};

// A workload's body writes its measurements as the members of run.json's "results" object and
// reports progress in [0, 1] of its own share of the run.
using WorkloadBody = Result<void> (*)(const RunContext& context, JsonWriter& results);

struct Workload {
    std::string_view name;
    std::string_view summary;
    WorkloadBody body;
};

std::span<const Workload> allWorkloads();
const Workload* findWorkload(std::string_view name);

struct RunOutcome {
    std::string status; // "completed", "failed" or "cancelled"
    std::string message;
};

// Creates `directory` (which must be absent or empty), describes the machine, runs the body and
// writes run.json atomically, whatever the outcome. Fails only when the directory cannot be used.
Result<RunOutcome> executeWorkload(const Workload& workload, const std::filesystem::path& directory,
                                   ProgressReporter& progress, const std::vector<std::string>& commandLine);

} // namespace sciperf
