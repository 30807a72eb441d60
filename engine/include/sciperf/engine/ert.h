#pragma once
// CPU ceiling benchmarks in the spirit of the Empirical Roofline Toolkit: a bandwidth sweep over
// working sets (load + add + store per element, all threads, repeated traversals) whose plateaus
// give each cache level's and DRAM's bandwidth, a sweep of FLOPs per element over an L1-resident
// set (the roofline traced by one kernel), and register-resident FMA chains giving the peak
// FLOP/s in FP64 and FP32. Each point keeps the best of its repeats (ERT semantics) and the
// spread, so a noisy shared machine shows as such.

#include "sciperf/analysis/roofline/ceilings.h"
#include "sciperf/engine/machine.h"
#include "sciperf/engine/progress.h"

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace sciperf {

struct ErtOptions {
    std::size_t minWorkingSetBytes = 16 * 1024;         // per thread
    std::size_t maxWorkingSetBytes = 512 * 1024 * 1024; // per thread
    double growth = 1.1;                                // next working set = growth x this one (ERT)
    unsigned threads = 0;                               // 0: every hardware thread
    int repeats = 3;
    double minSecondsPerMeasurement = 0.02;           // traversals repeat until this long
    std::size_t intensityWorkingSetBytes = 16 * 1024; // per thread, L1-resident: the FLOPs-per-element sweep
};

struct ErtSweepPoint {
    double workingSetBytes = 0; // per thread
    double bestBytesPerSecond = 0;
    double worstBytesPerSecond = 0;
};

// One point of the FLOPs-per-element sweep: the same load-store stream with 2 .. 128 FLOP per
// element against an L1-resident working set.
struct ErtIntensityPoint {
    double flopsPerByte = 0;
    double bestFlopsPerSecond = 0;
    double worstFlopsPerSecond = 0;
};

struct ErtPeak {
    std::string precision; // "FP64", "FP32"
    double bestFlopsPerSecond = 0;
    double worstFlopsPerSecond = 0;
};

struct ErtResult {
    unsigned threads = 0;
    std::string vectorIsa; // the kernels' instruction set: "AVX-512", "AVX2", "SSE2"
    std::vector<ErtSweepPoint> sweep;
    std::vector<ErtIntensityPoint> intensitySweep; // empty for GPU runs
    std::vector<ErtPeak> peaks;
    roofline::Ceilings ceilings; // plateaus named L1.., DRAM; peaks by precision
    bool cancelled = false;
};

ErtResult runCpuErt(const ErtOptions& options, ProgressReporter& progress);

// One measurement of the ceiling benchmark: `seconds(repetitions)` runs its kernel that many times
// and returns the wall time; one repetition does `workPerRepetition` (bytes or FLOP, all threads).
struct ErtMeasurement {
    std::string what; // the progress message while it runs
    double workPerRepetition = 0;
    std::function<double(std::size_t repetitions)> seconds;
};

struct ErtRate {
    double best = 0; // work per second
    double worst = 0;
};

struct ErtRates {
    std::vector<ErtRate> rates; // the measurements' order; cancelled: those measured so far
    bool cancelled = false;
};

// The best and worst rate of each measurement over `options.repeats` passes over all of them, each
// calibrated in the first pass to last at least minSecondsPerMeasurement. Passes, not repeats back
// to back: on a shared machine a neighbour busy for a fraction of a second slowed every repeat of
// the points measured meanwhile, and their best was no ceiling (a 2-vCPU VM's L1 read as its L2);
// repeats a pass apart (seconds) rarely all meet one.
ErtRates measureInPasses(const std::vector<ErtMeasurement>& measurements, const ErtOptions& options,
                         ProgressReporter& progress);

// The plateau detection's options for `cpu`'s sweep: one bandwidth level per data cache level it
// reports, plus memory. At most that many (on a busy machine a drawn-out transition can read as a
// level of its own), and a level the ratio merged is split again where fewer come out.
roofline::PlateauOptions plateauOptionsFor(const CpuDescription& cpu);

} // namespace sciperf
