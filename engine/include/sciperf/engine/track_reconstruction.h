#pragma once
// Track reconstruction on TrackML hits (reference/trackml.md §3.2): a combinatorial tracker in the
// spirit of the throughput phase's winner. It reads hits only, never truth:
//  1. prepare: per layer, the hits sorted by φ with r, φ, z;
//  2. seeding: hit triplets on the layer combinations a tuning lists (pixel layers), a doublet
//     pointing at the beam line (|z0| within the luminous region), the third hit predicted by the
//     circle through the beam line and the first two, the triplet's circle passing near the beam
//     line (|d0| small); of the triplets through a middle hit, the best for each inner and outer
//     hit (two at most), and none that merely continues another seed or skips the middle layer of
//     another;
//  3. following: outward layer by layer, the next layer among those that particles actually reach
//     from the current one (learned links), predicted by a helix through three of the track's
//     hits, the hit searched in a (φ, z) window on barrel layers and (φ, r) on disks, whose width
//     is learned as a function of momentum (multiple scattering), per layer link; up to maxHoles
//     layers without a hit are crossed;
//  4. assignment: candidates with a small mean χ² per hit, sorted by quality (hits less a χ²
//     penalty), take their free hits greedily, then the free hits beside their hits on each layer
//     (overlapping modules, within learned overlap windows); a candidate left with fewer than
//     minTrackHits free hits, or half of its hits, is dropped (duplicates go this way).
// Stages 2-4 run in passes: the first seeds from the pixel layer triplets that start particles,
// later ones from all of them (also those reaching into the strips, for the particles without three
// pixel hits) on the hits left free, with wider windows and a looser χ² cut.
// Seeds and candidates are computed on several threads, each into its own slot, and merged in
// seed order: the output does not depend on the number of threads. Units: mm, GeV, T, seconds.
//
// The windows and links come from a tuning learned on simulated events with truth (trainTuning,
// `sciperf-run track-train`), stored as a text file; one trained tuning is built into the engine.

#include "sciperf/analysis/result.h"
#include "sciperf/analysis/tracking/detector.h"
#include "sciperf/analysis/tracking/event.h"
#include "sciperf/engine/progress.h"

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace sciperf {

class EventSimulator;

// The label of hits in no track (the submissions' convention, which the Events workspace reads).
using tracking::kUnassignedTrack;

// A search window's half-width as a function of the momentum p: sqrt(constant² + (perMomentum/p)²),
// the measurement and model error plus multiple scattering (mm; perMomentum in mm·GeV).
struct TrackingWindow {
    double constant = 0;
    double perMomentumMm = 0;
    double at(double pGeV) const;
};

// Windows for hits on one layer, in r·φ and along the layer (z on a barrel, r on a disk): following
// (against the prediction) and overlaps (a second hit on the same layer against the line tangent
// to the track at the first).
struct LayerTuning {
    std::int32_t volumeId = 0;
    std::int32_t layerId = 0;
    TrackingWindow rPhi;
    TrackingWindow along;
    TrackingWindow overlapRPhi;
    TrackingWindow overlapAlong;
};

// A layer that particles reach from another one, next or after one hole; `fraction` of the
// particles on `from` that continue go to `to`. The following windows of predictions from `from`
// to `to` (the layer's own where the link had too few particles to learn them).
struct LayerLink {
    tracking::ModuleKey from; // moduleId unused (0)
    tracking::ModuleKey to;
    double fraction = 0;
    TrackingWindow rPhi;
    TrackingWindow along;
};

// A triplet of layers seeds start from, with its windows.
struct SeedTuning {
    std::array<tracking::ModuleKey, 3> layers{}; // moduleId unused (0)
    double maxDeltaPhi = 0;                      // |φ(b) - φ(a)|, rad
    double maxAbsZ0Mm = 0;                       // of the (a, b) line at r = 0
    double maxAbsD0Mm = 0;                       // of the (a, b, c) circle
    TrackingWindow rPhi;                         // third hit against the prediction
    TrackingWindow along;
    double weight = 0; // the share of the score weight whose particles start on this triplet
};

struct TrackingTuning {
    double bzTesla = 2;              // converts curvature to momentum for the windows
    double minPtGeV = 0.15;          // seeds bent more than this are dropped
    double windowScale = 1;          // multiplies every learned window
    double minLinkFraction = 0;      // links used by fewer particles are not followed
    int maxHoles = 3;                // layers crossed without a hit before following stops
    int minTrackHits = 4;            // free hits a track needs to be kept
    double maxChi2PerHit = 0.3;      // candidates with a larger mean χ² per hit (window units) are dropped
    double chi2Penalty = 20;         // candidate quality: hits - chi2Penalty · mean χ² per hit
    int passes = 2;                  // seeding, following and assignment again on the hits left free
    double laterPassChi2Scale = 2.5; // maxChi2PerHit of the later passes, relative
    double laterPassWindowScale = 1.3; // their windows, relative
    // The first pass seeds only from the triplets that start at least this share of the weight.
    double firstPassMinSeedWeight = 0.001;
    // ... and only from those whose three layers lie within this radius (mm; 0: any), the pixel
    // detector: triplets reaching into the strips (learned for the particles without three pixel
    // hits) seed in the later passes only, so that their fragments do not take the hits of tracks
    // that the pixel seeds find whole.
    double firstPassMaxSeedRadiusMm = 0;
    int firstPassMinTrackHits = 5; // minTrackHits of the first pass (the larger of the two applies)
    // The luminous region seeds must point to, |z0| (mm); 0: each seed triplet's learned maximum.
    // Real TrackML events differ: σz ≈ 5.5 mm in event000001001, ≈ 50 mm in event000000001.
    double seedMaxAbsZ0Mm = 0;
    std::vector<LayerTuning> layers;
    std::vector<LayerLink> links;
    std::vector<SeedTuning> seeds;
};

// The text format: one record a line, `#` comments, fields separated by blanks:
//   sciperf-track-tuning 1
//   option NAME VALUE          (bz_tesla, min_pt_gev, window_scale, min_link_fraction, max_holes,
//                               min_track_hits, max_chi2_per_hit, chi2_penalty, seed_max_abs_z0_mm,
//                               passes, later_pass_chi2_scale, later_pass_window_scale,
//                               first_pass_min_seed_weight, first_pass_max_seed_radius_mm,
//                               first_pass_min_track_hits)
//   layer VOL LAYER RPHI_C RPHI_P ALONG_C ALONG_P OVERLAP_RPHI_C OVERLAP_RPHI_P OVERLAP_ALONG_C
//   OVERLAP_ALONG_P link VOL LAYER VOL LAYER FRACTION seed VOL LAYER VOL LAYER VOL LAYER MAX_DPHI MAX_Z0
//   MAX_D0 RPHI_C RPHI_P ALONG_C ALONG_P WEIGHT
// Errors "file:line: what".
std::string formatTuning(const TrackingTuning& tuning);
Result<TrackingTuning> parseTuning(std::string_view text, const std::string& file);
Result<TrackingTuning> readTuning(const std::filesystem::path& file);
// The trained tuning shipped in the engine (resources/trackml/tracking-tuning.txt).
Result<TrackingTuning> builtInTuning();

struct TrainingOptions {
    std::uint64_t events = 10;
    std::uint64_t seed = 1;
    unsigned threads = 0;         // 0: every hardware thread
    double quantile = 0.995;      // of the residuals that a window holds
    double minSeedWeight = 0.001; // layer triplets seeding less of the weight are not kept
};

// Simulates events and measures from their truth the layer links, the seed triplets and all
// windows, with the same helix predictions as the tracker. Null progress fraction per event.
Result<TrackingTuning> trainTuning(const EventSimulator& simulator, const TrainingOptions& options,
                                   ProgressReporter& progress);

struct ReconstructionOptions {
    unsigned threads = 0; // 0: every hardware thread
};

struct StageSeconds {
    double prepare = 0;
    double seeding = 0;
    double following = 0;
    double assignment = 0;
    double total = 0;
};

struct Reconstruction {
    tracking::Submission submission; // one row per hit, in hit order; kUnassignedTrack for none
    std::size_t tracks = 0;
    std::size_t seeds = 0;
    std::size_t candidates = 0; // followed seeds with at least minTrackHits hits
    StageSeconds seconds;
};

// Errors: no hits, a hit on a layer the detector does not have, a tuning without seeds.
Result<Reconstruction> reconstructTracks(const tracking::Hits& hits, const tracking::Detector& detector,
                                         const TrackingTuning& tuning,
                                         const ReconstructionOptions& options = {});

// --- The seeding stage alone, on the CPU and on the GPU (its CUDA twin) ---

// A seed: the rows (indices into the hits) of its inner, middle and outer hits and its χ² in
// window units.
struct SeedTriplet {
    std::size_t inner = 0, middle = 0, outer = 0;
    float chi2 = 0;
    bool operator==(const SeedTriplet&) const = default;
};

// The seeds reconstructTracks starts from, in its order. Errors as reconstructTracks.
Result<std::vector<SeedTriplet>> findSeeds(const tracking::Hits& hits, const tracking::Detector& detector,
                                           const TrackingTuning& tuning,
                                           const ReconstructionOptions& options = {});
// The same seeds in the same order, found by CUDA kernels (one thread per middle hit). Errors
// "no CUDA device: ..." without a device, "built without CUDA: ..." in a build without nvcc.
Result<std::vector<SeedTriplet>> findSeedsGpu(const tracking::Hits& hits, const tracking::Detector& detector,
                                              const TrackingTuning& tuning);

} // namespace sciperf
