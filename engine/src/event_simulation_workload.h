#pragma once
// The "simulate" workload: TrackML events written as challenge CSV files into the run directory.

#include "sciperf/engine/workload.h"

#include <array>
#include <limits>

namespace sciperf {

inline constexpr std::array kSimulateOptions{
    WorkloadOption{"events", "number of events (default 10)", WorkloadOption::Kind::Integer, 1, 1'000'000},
    WorkloadOption{"threads", "threads; 0, the default: every hardware thread", WorkloadOption::Kind::Integer,
                   0, 4096},
    WorkloadOption{"seed", "random seed (default 1); the same seed gives the same files",
                   WorkloadOption::Kind::Integer, 0, std::numeric_limits<std::int64_t>::max()},
    WorkloadOption{"detector", "detectors.csv(.gz) to simulate in (default: the built-in TrackML detector)",
                   WorkloadOption::Kind::Path},
};

Result<void> runSimulateWorkload(const RunContext& context, JsonWriter& results);

} // namespace sciperf
