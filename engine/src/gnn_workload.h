#pragma once
// The "train" workload: the GNN tracking pipeline (gnn_training.h) trained on simulated events,
// logged as an MLPerf HPC run (mllog.txt, benchmark "sciperf-gnn"), then its tracks scored.

#include "sciperf/engine/workload.h"

#include <array>
#include <limits>

namespace sciperf {

inline constexpr std::array kTrainOptions{
    WorkloadOption{"train-events", "simulated events to train on (default 8)", WorkloadOption::Kind::Integer,
                   1, 10'000},
    WorkloadOption{"val-events", "simulated events to validate on (default 2)", WorkloadOption::Kind::Integer,
                   1, 10'000},
    WorkloadOption{"epochs", "most epochs; training stops earlier at the target (default 20)",
                   WorkloadOption::Kind::Integer, 1, 100'000},
    WorkloadOption{"seed", "seed of the simulation, the weights and the epoch order (default 1)",
                   WorkloadOption::Kind::Integer, 0, std::numeric_limits<std::int64_t>::max()},
    WorkloadOption{"batch", "global batch: graphs per optimiser step (default 2)",
                   WorkloadOption::Kind::Integer, 1, 4096},
    WorkloadOption{"hidden", "width of the network's hidden layers (default 16)",
                   WorkloadOption::Kind::Integer, 2, 1024},
    WorkloadOption{"iterations", "message-passing rounds (default 3)", WorkloadOption::Kind::Integer, 1, 32},
    WorkloadOption{"learning-rate-e5", "Adam's learning rate in units of 1e-5 (default 500: 0.005)",
                   WorkloadOption::Kind::Integer, 1, 100'000},
    WorkloadOption{"vertices",
                   "mean pile-up vertices per simulated event (default 200, a full TrackML event)",
                   WorkloadOption::Kind::Integer, 1, 1000},
    WorkloadOption{"full-graph", "1: every hit a node (default 0: the pT > 1 GeV graph)",
                   WorkloadOption::Kind::Integer, 0, 1},
    WorkloadOption{"gpu",
                   "1: each graph's forward and backward pass on the GPU (CUDA, cuBLAS); default 0: CPU",
                   WorkloadOption::Kind::Integer, 0, 1},
    WorkloadOption{"threads", "threads; 0, the default: every hardware thread", WorkloadOption::Kind::Integer,
                   0, 4096},
};

Result<void> runTrainWorkload(const RunContext& context, JsonWriter& results);

} // namespace sciperf
