#pragma once
// Reconstruction metrics of a submission against the truth, overall and in bins of the truth
// particle's pT and η, built on the same per-track analysis as the score (score.h):
//  * efficiency: of the reconstructable particles (at least minParticleHits truth hits, pT at least
//    minPtGeV, present in the particles table), the fraction with a good track (the score's double
//    majority: > 50 % of the track's hits and > 50 % of the particle's hits);
//  * fake rate: of the tracks with at least minTrackHits hits, the fraction that match no particle,
//    i.e. whose majority particle is noise or holds no more than 50 % of the track's hits;
//  * duplicate rate: of the matched tracks (majority particle, not noise, > 50 % of the hits), the
//    fraction beyond the first for their particle (a particle with k matched tracks adds k - 1).
// Tracks are binned by their majority particle's kinematics; a track whose majority is noise or a
// particle missing from the particles table counts in the overall rate only.

#include "sciperf/analysis/result.h"
#include "sciperf/analysis/tracking/event.h"

#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

namespace sciperf::tracking {

struct Rate {
    std::int64_t passed = 0;
    std::int64_t total = 0;

    double value() const {
        return total ? double(passed) / double(total) : std::numeric_limits<double>::quiet_NaN();
    }
};

// Rates in the bins [edges[i], edges[i + 1]); values outside the edges are not binned.
struct BinnedRate {
    std::vector<double> edges;
    std::vector<Rate> bins; // edges.size() - 1 of them

    explicit BinnedRate(std::vector<double> binEdges = {});
    void add(double x, bool passed);
};

struct RateSummary {
    Rate overall;
    BinnedRate vsPt; // GeV
    BinnedRate vsEta;
};

struct MetricsConfig {
    int minParticleHits = 4;
    double minPtGeV = 0;
    int minTrackHits = 4;
    // A label for "no track" (often 0, as in a perfect submission made from particle ids, where
    // noise lands in track 0): its hits are left out of the fake and duplicate counts.
    std::optional<TrackId> unassignedTrackId;
    std::vector<double> ptEdgesGeV{0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10, 100};
    std::vector<double> etaEdges{-4, -3.5, -3, -2.5, -2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4};
};

struct TrackingMetrics {
    RateSummary efficiency;
    RateSummary fakeRate;
    RateSummary duplicateRate;
};

// Errors as analyzeTracks (score.h).
Result<TrackingMetrics> computeMetrics(const Truth& truth, const Particles& particles,
                                       const Submission& submission, const MetricsConfig& config = {});

} // namespace sciperf::tracking
