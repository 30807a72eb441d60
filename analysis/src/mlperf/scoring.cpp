#include "sciperf/analysis/mlperf/results.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>

namespace sciperf::mlperf {

bool countsTowardScore(const RunSummary& run) {
    return run.converged && std::isfinite(run.timeToTrainMinutes);
}

Score scoreStrong(const std::vector<RunSummary>& runs, const BenchmarkRules& rules, double scalingFactor) {
    Score score;
    score.runs = static_cast<int>(runs.size());
    score.scalingFactor = scalingFactor;
    std::vector<double> times;
    for (const RunSummary& run : runs)
        if (countsTowardScore(run))
            times.push_back(run.timeToTrainMinutes);
    score.converged = static_cast<int>(times.size());
    const int failed = score.runs - score.converged;
    if (failed > 1) {
        score.invalidReason = std::to_string(failed) + " runs did not converge (at most 1 may be dropped)";
        return score;
    }
    // Olympic mean (summarizer _compute_olympic_average): drop the fastest, and the slowest
    // unless a non-converged run already took the slowest place.
    std::sort(times.begin(), times.end());
    if (!times.empty())
        times.erase(times.begin());
    if (failed == 0 && !times.empty())
        times.pop_back();
    if (times.empty()) {
        score.invalidReason = "too few converged runs for an olympic mean";
        return score;
    }
    const double mean = std::accumulate(times.begin(), times.end(), 0.0) / static_cast<double>(times.size());
    score.scoreMinutes = mean * scalingFactor;
    // The score stays computed so a partial package (a live load) still shows a number.
    if (score.runs != rules.requiredRuns)
        score.invalidReason = std::to_string(score.runs) + " result files, exactly " +
                              std::to_string(rules.requiredRuns) + " required";
    score.valid = score.invalidReason.empty();
    return score;
}

Score scoreWeak(const std::vector<RunSummary>& runs, const BenchmarkRules& rules, double scalingFactor) {
    Score score;
    score.runs = static_cast<int>(runs.size());
    score.scalingFactor = scalingFactor;
    double firstStart = std::numeric_limits<double>::infinity();
    double lastStop = -std::numeric_limits<double>::infinity();
    for (const RunSummary& run : runs) {
        if (!countsTowardScore(run))
            continue;
        ++score.models;
        firstStart = std::min(firstStart, run.run.startMs);
        lastStop = std::max(lastStop, run.run.stopMs);
        if (run.nodes) {
            const std::int64_t scale =
                *run.nodes * std::max<std::int64_t>(run.acceleratorsPerNode.value_or(1), 1);
            if (score.instanceScale == 0)
                score.instanceScale = scale;
            else if (score.instanceScale != scale)
                score.invalidReason = "instance scale differs between instances (" +
                                      std::to_string(score.instanceScale) + " and " + std::to_string(scale) +
                                      ")";
        }
    }
    score.converged = score.models;
    if (score.models == 0) {
        score.invalidReason = "no converged instance";
        return score;
    }
    score.scoreMinutes = (lastStop - firstStart) / 60000.0 * scalingFactor;
    score.modelsPerMinute = score.models / score.scoreMinutes;
    if (score.invalidReason.empty() && score.models < rules.requiredRuns)
        score.invalidReason = std::to_string(score.models) + " converged instances, at least " +
                              std::to_string(rules.requiredRuns) + " required";
    score.valid = score.invalidReason.empty();
    return score;
}

} // namespace sciperf::mlperf
