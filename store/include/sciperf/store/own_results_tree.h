#pragma once
// The session's own training runs laid out as an MLPerf HPC results tree, so that the Submissions
// and Scaling workspaces read them exactly like published submissions (mlperf::loadResultsTree):
//
//   <folder>/SciPerf/systems/<SYSTEM>.json
//   <folder>/SciPerf/results/<SYSTEM>/strong/<benchmark>/result_<N>.txt   (the runs' mllog.txt)
//
// Runs group into one submission when they trained the same benchmark with the same settings on
// the same host and ranks, whatever their seeds: N seeded runs become one scored entry.

#include "sciperf/analysis/result.h"
#include "sciperf/store/session_store.h"

#include <filesystem>
#include <string>
#include <vector>

namespace sciperf {

struct OwnResultsTree {
    std::size_t runs = 0;        // result files written
    std::size_t submissions = 0; // systems x benchmarks
};

// Whether `run` belongs in the tree: completed, with an MLPerf log (mllog.txt) in its directory.
bool hasOwnMlperfLog(const RunRecord& run);

// Writes the tree of the runs among `runs` that have an own MLPerf log (hasOwnMlperfLog) into `folder`,
// replacing what an earlier call wrote there; runs whose log cannot be read are skipped. Errors name the file
// that could not be written.
Result<OwnResultsTree> writeOwnResultsTree(const std::vector<RunRecord>& runs,
                                           const std::filesystem::path& folder);

// The submitter ("org") folder of the tree.
inline constexpr const char* kOwnResultsOrg = "SciPerf";

} // namespace sciperf
