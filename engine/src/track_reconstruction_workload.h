#pragma once
// The "track" and "track-train" workloads: reconstruction of TrackML events into challenge
// submission files, and the training of the tracker's tuning on simulated events.

#include "sciperf/engine/workload.h"

#include <array>
#include <limits>

namespace sciperf {

inline constexpr std::array kTrackOptions{
    WorkloadOption{"input",
                   "folder with eventNNNNNNNNN-hits.csv(.gz) files (and truth, particles where scored)",
                   WorkloadOption::Kind::Path},
    WorkloadOption{"tuning", "tracking tuning file (default: the built-in trained tuning)",
                   WorkloadOption::Kind::Path},
    WorkloadOption{"threads", "threads per event; 0, the default: every hardware thread",
                   WorkloadOption::Kind::Integer, 0, 4096},
    WorkloadOption{"detector", "detectors.csv(.gz) (default: the built-in TrackML detector)",
                   WorkloadOption::Kind::Path},
    WorkloadOption{"z0-max",
                   "seeds point to |z0| below this many mm; 0, the default: the tuning's learned windows "
                   "(simulated luminous region, sigma_z 5.5 mm; about 150 for events with sigma_z 50 mm)",
                   WorkloadOption::Kind::Integer, 0, 1000},
};

inline constexpr std::array kTrackTrainOptions{
    WorkloadOption{"events", "simulated events to learn from (default 10)", WorkloadOption::Kind::Integer, 1,
                   100'000},
    WorkloadOption{"seed", "random seed of the simulation (default 1)", WorkloadOption::Kind::Integer, 0,
                   std::numeric_limits<std::int64_t>::max()},
    WorkloadOption{"threads", "threads; 0, the default: every hardware thread", WorkloadOption::Kind::Integer,
                   0, 4096},
};

Result<void> runTrackWorkload(const RunContext& context, JsonWriter& results);
Result<void> runTrackTrainWorkload(const RunContext& context, JsonWriter& results);

} // namespace sciperf
