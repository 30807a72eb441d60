#pragma once
// A progress reporter for engine tests: records the fractions, asks to cancel after a number of
// reports.

#include "sciperf/engine/progress.h"

#include <cstddef>
#include <vector>

class CountingProgress final : public sciperf::ProgressReporter {
public:
    void progress(double fraction, std::string_view) override { fractions.push_back(fraction); }
    bool cancelRequested() const override { return fractions.size() >= cancelAfter; }
    std::vector<double> fractions;
    std::size_t cancelAfter = static_cast<std::size_t>(-1);
};
