#pragma once
// MLPerf HPC results repositories: walking a round's layout into submissions, reading
// systems/<SYSTEM>.json and scaling.json, and scoring each submission by the round's rules
// (reference/mlperf-hpc.md §3 and §4).
//
//   <ROUND?>/<ORG>/systems/<SYSTEM>.json
//   <ROUND?>/<ORG>/results/<SYSTEM>/<bench>/result_<N>.txt                 v0.7 (strong only)
//   <ROUND?>/<ORG>/results/<SYSTEM>/<strong|weak>/<bench>/result_<N>.txt   v1.0+
//   .../weak/<bench>/pruned_results/result_<N>.txt                         shown, never scored
//   .../<bench>/scaling.json                                               score multiplier

#include "sciperf/analysis/mlperf/log.h"
#include "sciperf/analysis/mlperf/rules.h"
#include "sciperf/analysis/result.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sciperf::mlperf {

struct SystemDescription {
    std::string name; // system_name, else the file's stem
    std::string submitter;
    std::string division; // "closed" / "open"
    std::string status;   // onprem, cloud, research, preview
    std::string acceleratorModel;
    std::string hostProcessorModel;
    std::int64_t nodes = 0;               // number_of_nodes (strings in the JSON)
    std::int64_t acceleratorsPerNode = 0; // accelerators_per_node
    std::string framework;
    std::map<std::string, std::string> fields; // every top-level string field as written
};

struct Score {
    int runs = 0; // result files considered (pruned excluded)
    int converged = 0;
    bool valid = false;
    std::string invalidReason; // e.g. "2 runs did not converge (at most 1 may be dropped)"
    double scalingFactor = 1.0;
    // Strong: olympic mean of time to train x scaling factor. Weak: TTTa = max(run_stop) -
    // min(run_start) over converged instances. Minutes; NaN when not computable.
    double scoreMinutes = kNoTime;
    // Weak scaling only.
    int models = 0;                 // M', converged instances
    std::int64_t instanceScale = 0; // nodes x max(accelerators_per_node, 1), from the logs
    double modelsPerMinute = kNoTime;
};

struct Submission {
    std::string round; // "v0.7" ... from the path (first component like vX.Y), else ""
    std::string org;   // the folder, not the log (logs carry placeholders)
    std::string system;
    Benchmark benchmark = Benchmark::Unknown;
    Scaling scaling = Scaling::Strong;
    std::filesystem::path folder;
    SystemDescription systemDescription; // empty name when systems/<SYSTEM>.json is missing
    std::vector<RunSummary> runs;        // result_*.txt in the folder, by number
    std::vector<RunSummary> pruned;      // pruned_results/, weak scaling
    Score score;
    std::int64_t accelerators = 0;       // total: system JSON nodes x accelerators_per_node (strong; a
                                         // CPU-only node counts as one), instances x instance scale (weak)
    double meanStagingSeconds = kNoTime; // over runs with a staging interval
    std::vector<Diagnostic> diagnostics; // tree-level: missing system JSON, bad scaling.json, ...
};

// A run counts toward a score only when it converged with a time to train (run_start and run_stop
// both logged).
bool countsTowardScore(const RunSummary& run);

Score scoreStrong(const std::vector<RunSummary>& runs, const BenchmarkRules& rules, double scalingFactor);
Score scoreWeak(const std::vector<RunSummary>& runs, const BenchmarkRules& rules, double scalingFactor);

// Parses a systems/<SYSTEM>.json. Errors (unreadable, not JSON, not an object) name the file.
Result<SystemDescription> readSystemDescription(const std::filesystem::path& file);

// Size and modification time identify a file version cheaply; the content hash finds copies.
struct FileStamp {
    std::uint64_t sizeBytes = 0;
    std::int64_t modifiedNs = 0;
    bool operator==(const FileStamp&) const = default;
};

struct CachedSummary {
    std::uint64_t contentHash = 0;
    RunSummary summary;
};

// Where summaries of unchanged files come from, so that a reload re-reads only changed files
// (the session store implements it in SQLite). Called only from the thread that runs
// loadResultsTree, never from its workers.
class SummaryCache {
public:
    virtual ~SummaryCache() = default;
    virtual std::optional<CachedSummary> find(const std::string& path, const FileStamp& stamp) = 0;
    virtual void remember(const std::string& path, const FileStamp& stamp, const CachedSummary& parsed) = 0;
};

struct LoadOptions {
    SummaryCache* cache = nullptr; // not owned; null: parse every file

    bool keepEvents = false;
    unsigned threads = 0; // 0: all hardware threads
    // Called after each parsed file with (done, total); may be called from worker threads.
    std::function<void(std::size_t done, std::size_t total)> progress;
    // Checked between files; returning true stops the load (what was loaded so far is returned).
    std::function<bool()> cancelled;
};

struct ResultsTree {
    std::vector<Submission> submissions; // ordered by round, org, system, scaling, benchmark
    std::vector<Diagnostic> diagnostics; // files that could not be read, unknown layout, ...
    std::size_t files = 0;
    std::size_t bytes = 0;
    std::size_t filesParsed = 0; // files read and parsed in this load (the others came from the cache)
    // Identical logs found under several paths (resubmissions across rounds): content hash ->
    // every path with that content, where more than one.
    std::map<std::uint64_t, std::vector<std::string>> duplicates;
    // With LoadOptions::keepEvents: path -> every event of the files parsed in this load (files
    // that came from the cache have none).
    std::map<std::string, std::vector<Event>> events;
};

// Walks `root` (a round's repository, a folder of rounds, or an org folder) and loads every
// submission, parsing result files on `threads` threads.
ResultsTree loadResultsTree(const std::filesystem::path& root, const LoadOptions& options = {});

// Both trees' submissions in one, in the loader's order (round, org, system, scaling, benchmark):
// a loaded repository beside the session's own runs.
ResultsTree mergeResultsTrees(ResultsTree first, ResultsTree second);

// A 64-bit content hash (FNV-1a) used to find identical logs.
std::uint64_t contentHash(std::string_view bytes);
// Continues `previous` (a contentHash of the bytes before) over `bytes`, for reading in chunks:
// contentHash(a + b) == contentHash(b, contentHash(a)).
std::uint64_t contentHash(std::string_view bytes, std::uint64_t previous);

} // namespace sciperf::mlperf
