#pragma once
// Kernel records: one launch each (a GPU kernel seen by CUPTI, a memory copy, or a CPU kernel timed
// by its workload), as a timeline shows them and a roofline sums them. Their file in a run
// directory is JSON Lines (`kernels.jsonl`): a header line, then one record per line:
//
//   {"schema":"sciperf.kernel-records/1","source":"CUPTI activity","clock":"ns"}
//   {"name":"dgemm","kind":"kernel","row":"stream 7","start_ns":1200,"end_ns":5200,
//    "correlation_id":42,"grid":[80,1,1],"block":[256,1,1],"launch_overhead_ns":3100,
//    "flops":{"FP64":2e9},"bytes":{"L1":..,"L2":..,"HBM":..},"provenance":"measured counters",
//    "origin":"CUPTI range profiler"}
//
// Only name, kind, row, start_ns and end_ns are required; a record without "flops" or "bytes" was
// timed but not measured.

#include "sciperf/analysis/result.h"
#include "sciperf/analysis/roofline/gpu_metrics.h"
#include "sciperf/analysis/roofline/kernels.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sciperf::roofline {

inline constexpr std::string_view kKernelRecordsSchema = "sciperf.kernel-records/1";
inline constexpr std::string_view kKernelRecordsFile = "kernels.jsonl";

struct KernelRecord {
    std::string name;
    std::string kind = "kernel"; // "kernel", "memcpy HtoD", "memcpy DtoH", "memcpy DtoD", ...
    std::string row;             // the timeline row: "stream 7", "CPU (2 threads)"
    std::int64_t startNs = 0;    // on the capture's clock; only differences mean anything
    std::int64_t endNs = 0;
    std::int64_t correlationId = 0; // CUPTI's; 0 when none
    std::array<std::int64_t, 3> grid{0, 0, 0};
    std::array<std::int64_t, 3> block{0, 0, 0};
    std::optional<std::int64_t> launchOverheadNs; // the launching API call's duration
    std::optional<std::int64_t> copyBytes;        // memory copies
    std::vector<PrecisionFlops> flops;            // measured or counted; empty when not measured
    std::vector<LevelBytes> bytes;                // per memory level, fastest first
    Provenance provenance = Provenance::MeasuredCounters;
    std::string origin;

    double seconds() const { return static_cast<double>(endNs - startNs) * 1e-9; }
    bool hasMetrics() const { return !flops.empty() || !bytes.empty(); }
    double totalFlops() const;
};

// A record from one launch's metrics (gpu_metrics.h): its FLOPs per precision and bytes.
void setMetrics(KernelRecord& record, const KernelMetrics& metrics);

// A runtime or driver API call (CUPTI's RUNTIME/DRIVER activity) that launched work.
struct ApiCall {
    std::int64_t correlationId = 0;
    std::int64_t startNs = 0;
    std::int64_t endNs = 0;
};
// Sets each record's launchOverheadNs to the duration of the API call with its correlation id;
// records without a matching call keep what they had. Returns how many matched.
std::size_t attachLaunchOverhead(std::vector<KernelRecord>& records, const std::vector<ApiCall>& calls);

// Per kernel name (kernels only, not copies): what the summary table and the roofline show.
struct KernelSummary {
    std::string name;
    std::string precision; // of the most FLOPs over all launches; empty when none were measured
    std::int64_t launches = 0;
    double seconds = 0;     // total
    double timeShare = 0;   // of all kernels' time, 0..1
    double meanSeconds = 0; // per launch
    double flops = 0;       // total; 0 when not measured
    std::vector<LevelBytes> bytes;
    std::int64_t measuredLaunches = 0;               // launches with FLOPs or bytes
    std::optional<double> meanLaunchOverheadSeconds; // over the launches that have it
    Provenance provenance = Provenance::MeasuredCounters;
};
// Ordered by total time, largest first.
std::vector<KernelSummary> summarizeKernels(const std::vector<KernelRecord>& records);

// Roofline points of the kernels whose launches were all measured (one point per name, as
// aggregateByName makes them); `origin` names the file they came from.
std::vector<KernelPoint> kernelPointsOf(const std::vector<KernelRecord>& records, const std::string& origin);

// The file: header line and one compact JSON object per record, each line ending in '\n'.
std::string writeKernelRecordsJsonl(const std::vector<KernelRecord>& records, std::string_view source);

struct KernelRecordsFile {
    std::string source; // the header's "source"
    std::vector<KernelRecord> records;
};
// Errors read "file:line: what"; a last line without its newline that does not parse is reported
// as truncated.
Result<KernelRecordsFile> readKernelRecordsJsonl(std::string_view text, const std::string& file);

} // namespace sciperf::roofline
