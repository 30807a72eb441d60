#pragma once
// Embedded CPU kernels that count their own work: each declares the FLOPs it executes and a byte
// model per memory level, and is timed on all cores, so that the roofline has real points on a
// machine without hardware counters (VMs hide them; reference/roofline-cupti.md §5).
//
// Byte model, per kernel and launch: "L1" = the bytes the source's loads and stores move (what
// instruction-level tools such as Intel Advisor's CARM count); "DRAM" = the compulsory traffic of
// arrays that do not fit in the caches (each array read, or written, once per launch), and for
// cache-resident kernels the one-time fill only. Write-allocate traffic is not counted.

#include "sciperf/analysis/roofline/kernel_records.h"
#include "sciperf/analysis/roofline/kernels.h"
#include "sciperf/engine/progress.h"

#include <cstddef>
#include <vector>

namespace sciperf {

struct CpuKernelsOptions {
    unsigned threads = 0; // 0: every hardware thread
    int launches = 10;    // timed launches per kernel, summed into its point
    double sizeScale = 1; // scales every kernel's problem size (tests run them small)
};

struct CpuKernelsResult {
    std::vector<roofline::KernelPoint> kernels; // provenance CountedByWorkload
    // One record per timed launch (row "CPU (N threads)", steady-clock nanoseconds, the launch's
    // counted FLOPs and bytes): the run's timeline and the points' launches.
    std::vector<roofline::KernelRecord> launches;
    // Each kernel's result checked against a scalar recomputation of a sample of it; an empty
    // string when all agree, else which kernel computed wrongly.
    std::string verificationError;
    bool cancelled = false;
};

CpuKernelsResult runCpuKernels(const CpuKernelsOptions& options, ProgressReporter& progress);

} // namespace sciperf
