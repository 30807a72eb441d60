#include "sciperf/analysis/tracking/metrics.h"

#include "sciperf/analysis/tracking/score.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

namespace sciperf::tracking {
namespace {

struct Kinematics {
    double ptGeV;
    double eta;
};

RateSummary emptySummary(const MetricsConfig& config) {
    return {{}, BinnedRate(config.ptEdgesGeV), BinnedRate(config.etaEdges)};
}

void add(RateSummary& summary, const std::optional<Kinematics>& kinematics, bool passed) {
    ++summary.overall.total;
    summary.overall.passed += passed;
    if (kinematics) {
        summary.vsPt.add(kinematics->ptGeV, passed);
        summary.vsEta.add(kinematics->eta, passed);
    }
}

} // namespace

BinnedRate::BinnedRate(std::vector<double> binEdges)
    : edges(std::move(binEdges))
    , bins(edges.size() > 1 ? edges.size() - 1 : 0) {}

void BinnedRate::add(double x, bool passed) {
    const auto upper = std::upper_bound(edges.begin(), edges.end(), x);
    if (upper == edges.begin() || upper == edges.end())
        return;
    Rate& bin = bins[std::size_t(upper - edges.begin() - 1)];
    ++bin.total;
    bin.passed += passed;
}

Result<TrackingMetrics> computeMetrics(const Truth& truth, const Particles& particles,
                                       const Submission& submission, const MetricsConfig& config) {
    const Result<std::vector<TrackAnalysis>> analysed = analyzeTracks(truth, submission);
    if (!analysed)
        return analysed.error();
    const std::vector<TrackAnalysis>& tracks = analysed.value();

    std::unordered_map<ParticleId, Kinematics> kinematicsOf;
    for (std::size_t i = 0; i < particles.size(); ++i)
        kinematicsOf.emplace(particles.particleId[i], Kinematics{particles.pt(i), particles.eta(i)});
    auto find = [&](ParticleId id) -> std::optional<Kinematics> {
        const auto found = kinematicsOf.find(id);
        return found == kinematicsOf.end() ? std::nullopt : std::optional(found->second);
    };

    TrackingMetrics metrics{emptySummary(config), emptySummary(config), emptySummary(config)};
    std::unordered_set<ParticleId> wellReconstructed;
    std::unordered_map<ParticleId, int> matchedTracks;
    for (const TrackAnalysis& track : tracks) {
        if (track.good())
            wellReconstructed.insert(track.majorParticleId);
        const bool counted = track.submitted && track.nhits >= config.minTrackHits &&
                             config.unassignedTrackId != track.trackId;
        if (!counted)
            continue;
        const bool matched = track.majorParticleId != kNoiseParticle && 2 * track.majorNhits > track.nhits;
        const auto kinematics =
            track.majorParticleId == kNoiseParticle ? std::nullopt : find(track.majorParticleId);
        add(metrics.fakeRate, kinematics, !matched);
        if (matched)
            add(metrics.duplicateRate, kinematics, matchedTracks[track.majorParticleId]++ > 0);
    }

    std::unordered_map<ParticleId, std::int64_t> truthHits;
    for (const ParticleId id : truth.particleId)
        ++truthHits[id];
    for (std::size_t i = 0; i < particles.size(); ++i) {
        const ParticleId id = particles.particleId[i];
        const auto hits = truthHits.find(id);
        if (hits == truthHits.end() || hits->second < config.minParticleHits ||
            particles.pt(i) < config.minPtGeV)
            continue;
        add(metrics.efficiency, find(id), wellReconstructed.contains(id));
    }
    return metrics;
}

} // namespace sciperf::tracking
