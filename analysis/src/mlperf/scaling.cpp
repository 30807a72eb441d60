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

std::vector<StrongScalingRow> strongScaling(const std::vector<const Submission*>& submissions,
                                            const Submission* baseline) {
    const bool usableBaseline = baseline != nullptr && std::isfinite(baseline->score.scoreMinutes) &&
                                baseline->score.scoreMinutes > 0 && baseline->accelerators > 0;
    std::vector<StrongScalingRow> rows;
    for (const Submission* s : submissions) {
        if (s->scaling != Scaling::Strong || !s->score.valid || !std::isfinite(s->score.scoreMinutes) ||
            s->score.scoreMinutes <= 0 || s->accelerators <= 0)
            continue;
        StrongScalingRow row{s, s->score.scoreMinutes, s->accelerators, std::nan(""), std::nan("")};
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
