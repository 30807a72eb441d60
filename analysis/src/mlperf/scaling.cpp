#include "sciperf/analysis/mlperf/scaling.h"

#include <algorithm>
#include <cmath>

namespace sciperf::mlperf {

double medianEpochsToConverge(const Submission& submission) {
    std::vector<double> epochs;
    for (const auto& run : submission.runs)
        if (run.converged && std::isfinite(run.epochsToConverge))
            epochs.push_back(run.epochsToConverge);
    if (epochs.empty())
        return std::nan("");
    std::sort(epochs.begin(), epochs.end());
    const std::size_t middle = epochs.size() / 2;
    return epochs.size() % 2 == 1 ? epochs[middle] : (epochs[middle - 1] + epochs[middle]) / 2;
}

namespace {

// The time of a provisional strong-scaling package (scaling.h); NaN for any other submission.
double provisionalMinutes(const Submission& submission) {
    const Score& score = submission.score;
    if (score.valid || score.converged == 0 || score.runs - score.converged > 1 ||
        score.runs >= rulesFor(submission.benchmark).requiredRuns)
        return std::nan("");
    if (std::isfinite(score.scoreMinutes))
        return score.scoreMinutes;
    double sum = 0; // over the score.converged runs that count
    for (const RunSummary& run : submission.runs)
        if (countsTowardScore(run))
            sum += run.timeToTrainMinutes;
    return sum / score.converged * score.scalingFactor;
}

} // namespace

std::vector<StrongScalingRow> strongScaling(const std::vector<const Submission*>& submissions,
                                            const Submission* baseline) {
    const bool usableBaseline = baseline != nullptr && baseline->score.valid &&
                                std::isfinite(baseline->score.scoreMinutes) &&
                                baseline->score.scoreMinutes > 0 && baseline->accelerators > 0;
    std::vector<StrongScalingRow> rows;
    for (const Submission* s : submissions) {
        if (s->scaling != Scaling::Strong || s->accelerators <= 0)
            continue;
        const bool provisional = !s->score.valid;
        const double minutes = provisional ? provisionalMinutes(*s) : s->score.scoreMinutes;
        if (!std::isfinite(minutes) || minutes <= 0)
            continue;
        StrongScalingRow row{s, minutes, s->accelerators, std::nan(""), std::nan(""), provisional};
        if (usableBaseline) {
            row.speedup = baseline->score.scoreMinutes / row.minutes;
            row.efficiency = row.speedup * static_cast<double>(baseline->accelerators) /
                             static_cast<double>(row.accelerators);
        }
        rows.push_back(row);
    }
    std::sort(rows.begin(), rows.end(), [](const StrongScalingRow& a, const StrongScalingRow& b) {
        return a.accelerators != b.accelerators ? a.accelerators < b.accelerators : a.minutes < b.minutes;
    });
    return rows;
}

} // namespace sciperf::mlperf
