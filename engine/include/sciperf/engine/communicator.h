#pragma once
// The processes one run is spread over: this process alone, or the ranks of an MPI job
// (`mpirun -np N sciperf-run ...`, `srun ...`). Data-parallel training sums its gradients through
// it; every rank calls each collective in the same order.

#include <memory>
#include <span>
#include <string>

namespace sciperf {

class Communicator {
public:
    virtual ~Communicator() = default;
    virtual int rank() const = 0;
    virtual int size() const = 0;
    // Element-wise sum over all ranks, in place: every rank ends with the same sums.
    virtual void sumInPlace(std::span<float> values) = 0;
    virtual void sumInPlace(std::span<double> values) = 0;
    // Rank `root`'s values on every rank.
    virtual void broadcast(std::span<float> values, int root) = 0;
    // What it is, for run.json and logs: "one process", "MPI (Open MPI v4.1.4), 2 ranks".
    virtual std::string description() const = 0;
};

// This process alone: rank 0 of 1, collectives copy nothing.
Communicator& singleProcess();

// The launcher's rank count when this process was started by an MPI launcher (the environment
// Open MPI, MPICH/PMI or Slurm set for their ranks), else 0.
int launcherRanks();

// The communicator of a run started by an MPI launcher: MPI's world, initialised on the first
// call and finalised at exit. Fails with the reason where this build has no MPI.
struct MpiWorld {
    Communicator* communicator = nullptr; // null on failure
    std::string error;
};
MpiWorld mpiWorld();

} // namespace sciperf
