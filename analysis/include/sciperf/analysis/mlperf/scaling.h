#pragma once
// Comparisons across submissions: strong scaling against a baseline, and convergence statistics.

#include "sciperf/analysis/mlperf/results.h"

#include <cstdint>
#include <vector>

namespace sciperf::mlperf {

// Median of the epochs to converge of the converged runs; NaN without any.
double medianEpochsToConverge(const Submission& submission);

// Strong scaling of one benchmark against a baseline: speedup = T_base / T, parallel efficiency =
// speedup x A_base / A (1 is perfect scaling from the baseline).
struct StrongScalingRow {
    const Submission* submission = nullptr;
    double minutes = 0;
    std::int64_t accelerators = 0;
    double speedup = 0;
    double efficiency = 0;
};

// Valid strong-scaling submissions with a score and an accelerator count, by accelerators then
// time; speedup and efficiency NaN without a usable baseline.
std::vector<StrongScalingRow> strongScaling(const std::vector<const Submission*>& submissions,
                                            const Submission* baseline);

} // namespace sciperf::mlperf
