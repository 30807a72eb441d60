#pragma once
// The CUDA twin of the tracker's seeding stage (track_reconstruction.cpp seedsFrom): plain arrays
// in, the seeds of every middle hit out. C++17, for nvcc. One device thread per middle hit runs
// the CPU's steps with the same helix functions (track_reconstruction_helix.h) and keeps the same
// triplets; the caller assembles them in the CPU's order.

#include "sciperf/analysis/result.h"
#include "track_reconstruction_helix.h"

#include <vector>

namespace sciperf::trackreco::gpu {

// One layer triplet: inner and outer layer indices, the middle hits [bBegin, bEnd) (prepared hit
// indices) and the windows, already scaled.
struct SeedCombo {
    int la = 0, lc = 0;
    int bBegin = 0, bEnd = 0;
    double maxDeltaPhi = 0;
    double maxAbsZ0 = 0;
    double maxAbsD0 = 0;
    double rPhiConstant = 0, rPhiPerMomentum = 0;
    double alongConstant = 0, alongPerMomentum = 0;
    double scale = 1; // multiplies the third hit's windows
};

struct SeedingInput {
    std::vector<int> layerBegin; // prepared hits of layer l: [layerBegin[l], layerBegin[l + 1])
    std::vector<TrackLayer> layers;
    std::vector<float> x, y, z, r, phi; // prepared hits, sorted by (layer, φ)
    std::vector<SeedCombo> combos;
    double bz = 2;
    double maxCurvature = 0;
    int capacity = 64; // triplets a middle hit may have before pruning; more: done on the CPU
};

struct DeviceSeed {
    int a = 0, b = 0, c = 0;
    float chi2 = 0;
};

struct SeedingOutput {
    // Per middle hit, combos in order then middle hits in order: the number of seeds kept, or -1
    // where the triplets overflowed `capacity`.
    std::vector<int> counts;
    std::vector<DeviceSeed> seeds; // `capacity` places per middle hit
};

// Errors: "no CUDA device: ...", "built without CUDA: ...", CUDA runtime errors.
Result<SeedingOutput> findSeeds(const SeedingInput& input);

} // namespace sciperf::trackreco::gpu
