#pragma once
// The compliance checks that matter for the HPC rulesets (reference/mlperf-hpc.md §6), each
// with a message a submitter understands, naming the file and, where there is one, the line.

#include "sciperf/analysis/mlperf/results.h"

#include <string>
#include <vector>

namespace sciperf::mlperf {

struct Finding {
    std::string check; // short id, e.g. "exactly-one:run_start", "init-time", "convergence"
    Severity severity = Severity::Error;
    std::string file;
    std::size_t line = 0;
    std::string message;
};

// The ruleset of a round: "1.0.0" for v1.0, "2.0.0" for v2.0, "3.0.0" for v3.0; v0.7 has none and
// is checked against 1.0.0 with scale keys optional (they did not exist yet).
// Returns "" for v0.7 (checkRun then applies 1.0.0 minus what v0.7 predates: scale keys, fixed
// dataset sizes, the seed checker), "3.0.0" for rounds after v3.0 and for "" (own runs).
std::string rulesetForRound(const std::string& round);

std::vector<Finding> checkRun(const RunSummary& run, const std::string& ruleset, Scaling scaling,
                              const std::string& division);
// Run-level checks of every run plus package-level ones: result file count, unique seeds (closed),
// at most one non-compliant run under olympic scoring.
std::vector<Finding> checkSubmission(const Submission& submission);

} // namespace sciperf::mlperf
