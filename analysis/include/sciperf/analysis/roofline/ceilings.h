#pragma once
// Roofline ceilings: the bandwidth of each memory level and the peak compute rate per precision,
// as the Empirical Roofline Toolkit (ERT) reports them, and the plateau detection that turns a
// bandwidth-versus-working-set sweep into levels (reference/roofline-cupti.md §1).

#include "sciperf/analysis/result.h"

#include <string>
#include <string_view>
#include <vector>

namespace sciperf::roofline {

struct BandwidthCeiling {
    std::string level; // "L1", "L2", "L3", "DRAM" or "HBM"
    double bytesPerSecond = 0;
};

struct ComputeCeiling {
    std::string name; // "GFLOPs" in ERT files; "FP64", "FP32", ... for SciPerf's own
    double flopsPerSecond = 0;
};

struct Ceilings {
    std::vector<BandwidthCeiling> bandwidth; // fastest level first
    std::vector<ComputeCeiling> compute;
};

// The highest compute ceiling's rate (the top roof), FLOP/s; 0 without compute ceilings.
double topComputeFlopsPerSecond(const Ceilings& ceilings);

// One measurement of a bandwidth sweep.
struct SweepPoint {
    double workingSetBytes = 0;
    double bytesPerSecond = 0;
};

struct PlateauOptions {
    std::size_t minPoints = 6;   // fewer points are a transition, not a plateau (ERT: > 6 samples)
    double newLevelRatio = 1.25; // a plateau this much below the previous one is a new level (ERT)
    std::size_t maxLevels = 0;   // the caches the CPU reports + memory; 0: no limit. Beyond it, the
                                 // levels with the fewest points (a drawn-out transition) are dropped
};

// From the first point within the ratio of the curve's maximum onward (smaller working sets
// measure loop overhead), the curve of
// log(bandwidth) is split into runs of near-constant value by optimal partitioning: a split must
// explain more than noise does, scaled by the ratio. Runs of at least minPoints are plateaus
// (their median is the level's bandwidth); a plateau starts a new level only when it is below
// the previous level by the ratio (as ERT), except where fewer levels come out than `maxLevels`:
// then the fastest level holding a fall between its plateaus of at least half the ratio is split
// there, until there are enough (levels closer than the ratio are real on some CPUs). More robust
// than ERT's ±5 % windows on machines whose repeats scatter by 10 % and more (shared VMs).
// Returns the levels' bandwidths, fastest first.
std::vector<double> detectBandwidthPlateaus(std::vector<SweepPoint> points,
                                            const PlateauOptions& options = {});

// Names levels as ERT does: L1, L2, ... for all but the last, `memoryName` ("DRAM", "HBM") last.
// With a `lastCacheLevel` n > 0 the caches are counted down from the one next to memory, Ln, as
// long as there are at most n of them: a GPU's sweep of loads and stores sees its L2, but its
// write-through L1 only where the stores do not hold the loads back.
std::vector<BandwidthCeiling> nameLevels(const std::vector<double>& bandwidths, std::string_view memoryName,
                                         int lastCacheLevel = 0);

// ERT's roofline JSON: {"empirical": {"gbytes": {"data": [["L1", 1723.23], ...]},
// "gflops": {"data": [["GFLOPs", 355.79]]}}} with GB/s and GFLOP/s (10^9). Errors name `file`.
Result<Ceilings> readErtJson(std::string_view text, const std::string& file);
std::string writeErtJson(const Ceilings& ceilings);

} // namespace sciperf::roofline
