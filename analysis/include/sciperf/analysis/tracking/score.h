#pragma once
// The TrackML score as the trackml-library defines it (score.py `score_event`, weights.py
// `weight_hits_phase1`; reference/trackml.md §1.1, §3) and the throughput-phase score (§3.2).

#include "sciperf/analysis/result.h"
#include "sciperf/analysis/tracking/event.h"

#include <cstdint>
#include <span>
#include <vector>

namespace sciperf::tracking {

// One reconstructed track as `_analyze_tracks` sees it.
struct TrackAnalysis {
    TrackId trackId = 0;
    // False for a truth hit missing from the submission: the library's left merge gives it a NaN
    // track, and NaN != NaN makes each such hit a track of its own.
    bool submitted = true;
    std::int64_t nhits = 0;
    // The particle with most hits in the track; ties go to the smaller id (the library sorts by
    // particle_id and replaces the majority only on strictly more hits). May be noise (0).
    ParticleId majorParticleId = 0;
    std::int64_t majorParticleNhits = 0; // truth rows of that particle in the whole event
    std::int64_t majorNhits = 0;         // its hits in this track
    double majorWeight = 0;              // their weights over the event's total weight

    // Both strictly more than half: of the track's hits, and of the particle's hits.
    bool good() const { return 2 * majorNhits > nhits && 2 * majorNhits > majorParticleNhits; }
};

// Every track of `submission` over the hits of `truth`, sorted by track id (submitted first).
// Submission hits that are not in the truth are ignored. Errors: a hit id twice in the truth or in
// the submission (the library's one-to-one merge), truth weights that do not sum to a positive
// number. O(n log n) in the number of hits.
Result<std::vector<TrackAnalysis>> analyzeTracks(const Truth& truth, const Submission& submission);

// score_event: the summed majorWeight of the good tracks, in [0, 1].
Result<double> scoreEvent(const Truth& truth, const Submission& submission);

// --- Hit weights (weights.py, phase 1). ---

// 0 below 0.05 GeV, 0.2 up to 0.5 GeV, linear to 1 at 3 GeV, 1 above.
double weightPt(double ptGeV);
// The weight of the hit ranked `hitIndex` (0-based, by |tz - vz|) on a particle with `nhits` hits:
// the proposal [10, 8, 6, 5, 3, 3, 3, 5, 6] stretched over nhits (capped at 20) and normalised to
// sum 1; 0 for nhits < 4 and for hitIndex >= 20. Requires hitIndex < min(nhits, 20) otherwise.
double weightOrder(int hitIndex, int nhits);

enum class WeightRule {
    AllParticles,  // weight_hits_phase1
    PrimariesOnly, // weight_hits_phase2: also 0 for particles of generation > 0 (secondaries). The
                   // released truth files follow this rule (checked on event000000001).
};

// The weight of every truth row, normalised to sum 1: weightPt(particle pT) × weightOrder(rank,
// particle nhits). The rank is the pandas average rank of |tz - vz| within the particle, minus one,
// truncated; noise and hits of particles missing from `particles` weigh 0. Errors: a particle with
// more truth rows than its nhits (the library raises), all weights zero.
Result<std::vector<float>> hitWeights(const Truth& truth, const Particles& particles,
                                      WeightRule rule = WeightRule::PrimariesOnly);
// The same, given each truth row's row in `particles` (kNoParticleRow for noise and particles the
// table lacks), for a caller that knows them (the simulation) and need not look the ids up.
inline constexpr std::uint32_t kNoParticleRow = 0xffffffff;
Result<std::vector<float>> hitWeights(const Truth& truth, const Particles& particles,
                                      std::span<const std::uint32_t> particleRowOfTruth,
                                      WeightRule rule = WeightRule::PrimariesOnly);

// --- Throughput phase (CodaLab, arXiv:2105.01160). ---

inline constexpr double kMaxSecondsPerEvent = 600;
inline constexpr double kMinAccuracy = 0.5;

// sqrt(ln(1 + 600 / t) · (A - 0.5)²) for t in (0, 600] s and A >= 0.5; 0 for A < 0.5; -1 when t
// is out of range. `accuracy` is the mean scoreEvent, `secondsPerEvent` the mean time per event.
double throughputScore(double accuracy, double secondsPerEvent);

} // namespace sciperf::tracking
