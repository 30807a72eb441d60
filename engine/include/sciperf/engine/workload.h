#pragma once
// The embedded workloads and the one way they run: into a run directory whose run.json says
// what ran, where (the machine description every run carries), when, how it ended and what
// the workload measured.

#include "sciperf/analysis/json_writer.h"
#include "sciperf/analysis/result.h"
#include "sciperf/analysis/roofline/kernel_records.h"
#include "sciperf/engine/communicator.h"
#include "sciperf/engine/progress.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sciperf {

// A workload's own arguments as given on the command line: `--events 10` is {"events", "10"}.
using WorkloadArguments = std::map<std::string, std::string, std::less<>>;

// An argument a workload accepts: a whole number within [minimum, maximum], or a path.
struct WorkloadOption {
    enum class Kind { Integer, Path };
    std::string_view name; // without the leading "--"
    std::string_view description;
    Kind kind = Kind::Integer;
    std::int64_t minimum = 0;
    std::int64_t maximum = 0;
};

struct RunContext {
    std::filesystem::path directory;
    ProgressReporter& progress;
    const WorkloadArguments& arguments; // checked against the workload's options
    Communicator& communicator;         // the ranks of this run (one process unless under MPI)
    // Set when the run is profiled (sciperf-run --profile): workloads that time their own kernels
    // append one record per launch here; the capture writes them with what it measured itself.
    std::vector<roofline::KernelRecord>* kernelRecords = nullptr;
    // An argument's value, or `fallback` where it was not given.
    std::int64_t integer(std::string_view name, std::int64_t fallback) const;
    std::string text(std::string_view name, std::string fallback) const;
};

// A workload's body writes its measurements as the members of run.json's "results" object and
// reports progress in [0, 1] of its own share of the run.
using WorkloadBody = Result<void> (*)(const RunContext& context, JsonWriter& results);

struct Workload {
    std::string_view name;
    std::string_view summary;
    WorkloadBody body;
    std::span<const WorkloadOption> options = {};
};

std::span<const Workload> allWorkloads();
const Workload* findWorkload(std::string_view name);

// Whether `arguments` are all options of `workload`, integers in range. Errors name the argument.
Result<void> checkArguments(const Workload& workload, const WorkloadArguments& arguments);

struct RunOutcome {
    std::string status; // "completed", "failed" or "cancelled"
    std::string message;
};

// A capture around a workload's body (sciperf-run --profile; collectors implement it, e.g. with
// CUPTI). begin() runs just before the body, finish() just after it, before run.json is written.
class RunCapture {
public:
    virtual ~RunCapture() = default;
    virtual void begin() = 0;
    // Writes the capture's files into `directory` (with `workloadRecords`, the records the
    // workload made itself) and the members of run.json's "profile" object into `profile`, an
    // open object: at least "mode" and "status" ("captured" or why nothing was).
    virtual Result<void> finish(const std::filesystem::path& directory,
                                std::vector<roofline::KernelRecord> workloadRecords, JsonWriter& profile) = 0;
};

// Creates `directory` (which must be absent or empty), describes the machine, runs the body
// (inside `capture` when one is given) and writes run.json atomically, whatever the outcome.
// Fails only when the arguments are not the workload's (checkArguments) or the directory cannot
// be used. Under MPI every rank runs it, each into its own directory; rank 0's is the run's.
Result<RunOutcome> executeWorkload(const Workload& workload, const std::filesystem::path& directory,
                                   ProgressReporter& progress, const std::vector<std::string>& commandLine,
                                   const WorkloadArguments& arguments = {}, RunCapture* capture = nullptr,
                                   Communicator& communicator = singleProcess());

} // namespace sciperf
