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
    // A package in progress (fewer runs than the rules require, such as one's own first seeded
    // runs): shown and marked, never a baseline.
    bool provisional = false;
};

// Strong-scaling submissions with a time and an accelerator count, by accelerators then time: the
// valid ones, and the provisional ones, packages short of the rules' run count that can still
// become valid (at least one converged run, at most one not). A provisional time is the partial
// package's score where it has one (an olympic mean needs 3 runs), else the mean time to train of
// its converged runs, x scaling factor. Speedup and efficiency are NaN without a valid baseline.
std::vector<StrongScalingRow> strongScaling(const std::vector<const Submission*>& submissions,
                                            const Submission* baseline);

} // namespace sciperf::mlperf
