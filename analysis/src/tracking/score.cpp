#include "sciperf/analysis/tracking/score.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <optional>
#include <span>
#include <string>
#include <tuple>

namespace sciperf::tracking {
namespace {

// A hit id seen twice among `ids`, or nothing.
std::optional<HitId> repeatedId(std::vector<HitId> ids) {
    std::sort(ids.begin(), ids.end());
    const auto repeated = std::adjacent_find(ids.begin(), ids.end());
    return repeated == ids.end() ? std::nullopt : std::optional<HitId>(*repeated);
}

// Number of truth rows per particle id, sorted by id.
std::vector<std::pair<ParticleId, std::int64_t>> hitsPerParticle(const Truth& truth) {
    std::vector<ParticleId> ids = truth.particleId;
    std::sort(ids.begin(), ids.end());
    std::vector<std::pair<ParticleId, std::int64_t>> counts;
    for (const ParticleId id : ids) {
        if (counts.empty() || counts.back().first != id)
            counts.emplace_back(id, 0);
        ++counts.back().second;
    }
    return counts;
}

// One truth hit joined with its submitted track.
struct JoinedHit {
    bool unsubmitted; // sorts after the submitted hits, as NaN does in pandas
    TrackId trackId;
    ParticleId particleId;
    double weight;

    auto key() const { return std::tie(unsubmitted, trackId, particleId); }
};

// The order weights of a particle with `nhits` hits (4 <= nhits <= 20): weights.py's
// _compute_order_weight_matrix row, the proposal interpolated at hit indices 0..nhits-1 placed
// over [0, nhits - 1], normalised.
std::vector<double> orderWeightRow(int nhits) {
    static constexpr std::array kProposal{10.0, 8.0, 6.0, 5.0, 3.0, 3.0, 3.0, 5.0, 6.0};
    const double step = double(nhits - 1) / double(kProposal.size() - 1); // spacing of the supports
    std::vector<double> row(static_cast<std::size_t>(nhits));
    for (int i = 0; i < nhits; ++i) {
        const double position = double(i) / step;
        const auto left = std::min(std::size_t(position), kProposal.size() - 2);
        const double fraction = position - double(left);
        row[std::size_t(i)] = kProposal[left] + fraction * (kProposal[left + 1] - kProposal[left]);
    }
    const double sum = std::accumulate(row.begin(), row.end(), 0.0);
    for (double& w : row)
        w /= sum;
    return row;
}

constexpr int kOrderMinHits = 4;
constexpr int kOrderMaxHits = 20;

} // namespace

Result<std::vector<TrackAnalysis>> analyzeTracks(const Truth& truth, const Submission& submission) {
    if (const auto repeated = repeatedId(truth.hitId))
        return fail("hit " + std::to_string(*repeated) + " appears twice in the truth");
    if (const auto repeated = repeatedId(submission.hitId))
        return fail("hit " + std::to_string(*repeated) + " appears twice in the submission");
    std::vector<std::pair<HitId, TrackId>> tracksByHit(submission.size());
    for (std::size_t i = 0; i < submission.size(); ++i)
        tracksByHit[i] = {submission.hitId[i], submission.trackId[i]};
    std::sort(tracksByHit.begin(), tracksByHit.end());

    double totalWeight = 0;
    std::vector<JoinedHit> hits(truth.size());
    for (std::size_t i = 0; i < truth.size(); ++i) {
        const auto found = std::lower_bound(tracksByHit.begin(), tracksByHit.end(), truth.hitId[i],
                                            [](const auto& entry, HitId id) { return entry.first < id; });
        const bool submitted = found != tracksByHit.end() && found->first == truth.hitId[i];
        hits[i] = {!submitted, submitted ? found->second : 0, truth.particleId[i], truth.weight[i]};
        totalWeight += truth.weight[i];
    }
    if (!(totalWeight > 0))
        return fail("the truth weights sum to " + std::to_string(totalWeight) + ", not a positive number");
    std::sort(hits.begin(), hits.end(),
              [](const JoinedHit& a, const JoinedHit& b) { return a.key() < b.key(); });

    const auto particleHits = hitsPerParticle(truth);
    auto hitsOfParticle = [&](ParticleId id) {
        return std::lower_bound(particleHits.begin(), particleHits.end(), std::pair{id, std::int64_t{0}})
            ->second;
    };

    std::vector<TrackAnalysis> tracks;
    for (std::size_t begin = 0; begin < hits.size();) {
        // The track is hits[begin, end); an unsubmitted hit is a track of its own.
        std::size_t end = begin + 1;
        if (!hits[begin].unsubmitted)
            while (end < hits.size() && !hits[end].unsubmitted && hits[end].trackId == hits[begin].trackId)
                ++end;
        TrackAnalysis track{
            hits[begin].trackId, !hits[begin].unsubmitted, std::int64_t(end - begin), 0, 0, 0, 0};
        for (std::size_t run = begin; run < end;) { // runs of one particle, in increasing id
            std::size_t runEnd = run;
            double weight = 0;
            for (; runEnd < end && hits[runEnd].particleId == hits[run].particleId; ++runEnd)
                weight += hits[runEnd].weight;
            if (std::int64_t(runEnd - run) > track.majorNhits) {
                track.majorParticleId = hits[run].particleId;
                track.majorNhits = std::int64_t(runEnd - run);
                track.majorWeight = weight / totalWeight;
            }
            run = runEnd;
        }
        track.majorParticleNhits = hitsOfParticle(track.majorParticleId);
        tracks.push_back(track);
        begin = end;
    }
    return tracks;
}

Result<double> scoreEvent(const Truth& truth, const Submission& submission) {
    const Result<std::vector<TrackAnalysis>> tracks = analyzeTracks(truth, submission);
    if (!tracks)
        return tracks.error();
    double score = 0;
    for (const TrackAnalysis& track : tracks.value())
        if (track.good())
            score += track.majorWeight;
    return score;
}

double weightPt(double ptGeV) {
    constexpr double kLow = 0.05, kPlateauEnd = 0.5, kHigh = 3.0; // GeV
    constexpr double kPlateau = 0.2, kMax = 1.0;
    if (ptGeV < kLow)
        return 0;
    if (ptGeV <= kPlateauEnd)
        return kPlateau;
    if (ptGeV >= kHigh)
        return kMax;
    return kPlateau + (kMax - kPlateau) * (ptGeV - kPlateauEnd) / (kHigh - kPlateauEnd);
}

double weightOrder(int hitIndex, int nhits) {
    if (nhits < kOrderMinHits || hitIndex >= kOrderMaxHits)
        return 0;
    static const std::array<std::vector<double>, kOrderMaxHits + 1> kRows = [] {
        std::array<std::vector<double>, kOrderMaxHits + 1> rows;
        for (int n = kOrderMinHits; n <= kOrderMaxHits; ++n)
            rows[std::size_t(n)] = orderWeightRow(n);
        return rows;
    }();
    return kRows[std::size_t(std::min(nhits, kOrderMaxHits))][std::size_t(hitIndex)];
}

Result<std::vector<float>> hitWeights(const Truth& truth, const Particles& particles, WeightRule rule) {
    // Particle ids sorted, beside their rows: the lookup per truth row searches one contiguous
    // array instead of chasing rows.
    std::vector<std::pair<ParticleId, std::uint32_t>> byId(particles.size());
    for (std::size_t p = 0; p < particles.size(); ++p)
        byId[p] = {particles.particleId[p], static_cast<std::uint32_t>(p)};
    std::sort(byId.begin(), byId.end());
    std::vector<std::uint32_t> particleOf(truth.size(), kNoParticleRow);
    for (std::size_t i = 0; i < truth.size(); ++i) {
        const ParticleId id = truth.particleId[i];
        const auto found = std::lower_bound(byId.begin(), byId.end(), std::pair{id, std::uint32_t{0}});
        if (id != kNoiseParticle && found != byId.end() && found->first == id)
            particleOf[i] = found->second;
    }
    return hitWeights(truth, particles, particleOf, rule);
}

Result<std::vector<float>> hitWeights(const Truth& truth, const Particles& particles,
                                      std::span<const std::uint32_t> particleOf, WeightRule rule) {
    constexpr auto kNoRow = kNoParticleRow;
    // The truth rows grouped by particle (a counting sort on the particle's row), then each
    // particle's few rows in order of distance from the vertex along z, in float as the library
    // computes it (ties matter for the rank).
    std::vector<std::uint32_t> start(particles.size() + 1, 0);
    for (std::size_t i = 0; i < truth.size(); ++i)
        if (particleOf[i] != kNoRow)
            ++start[particleOf[i] + 1];
    std::partial_sum(start.begin(), start.end(), start.begin());
    struct Hit {
        float distanceZMm;
        std::uint32_t row;
    };
    std::vector<Hit> order(start.back());
    std::vector<std::uint32_t> next(start.begin(), start.end() - 1);
    for (std::size_t i = 0; i < truth.size(); ++i)
        if (const std::uint32_t particle = particleOf[i]; particle != kNoRow)
            order[next[particle]++] = {std::fabs(truth.tz[i] - particles.vz[particle]),
                                       static_cast<std::uint32_t>(i)};

    std::vector<double> weights(truth.size(), 0.0);
    for (std::size_t particle = 0; particle < particles.size(); ++particle) {
        const auto begin = order.begin() + start[particle], end = order.begin() + start[particle + 1];
        if (begin == end)
            continue;
        std::sort(begin, end, [](const Hit& a, const Hit& b) { return a.distanceZMm < b.distanceZMm; });
        const int nhits = particles.nhits[particle];
        const bool secondary = decodeParticleId(particles.particleId[particle]).generation != 0;
        const double ptWeight =
            rule == WeightRule::PrimariesOnly && secondary ? 0.0 : weightPt(particles.pt(particle));
        for (auto tieBegin = begin; tieBegin < end;) {
            auto tieEnd = tieBegin;
            while (tieEnd < end && tieEnd->distanceZMm == tieBegin->distanceZMm)
                ++tieEnd;
            // pandas' average rank of the tied hits, 0-based, truncated by astype('i4').
            const int hitIndex = int(((tieBegin - begin) + (tieEnd - 1 - begin)) / 2);
            if (nhits >= kOrderMinHits && hitIndex < kOrderMaxHits && hitIndex >= nhits)
                return fail("particle " + std::to_string(particles.particleId[particle]) +
                            " has more truth hits (" + std::to_string(end - begin) + ") than its nhits (" +
                            std::to_string(nhits) + ")");
            for (auto k = tieBegin; k < tieEnd; ++k)
                weights[k->row] = ptWeight * weightOrder(hitIndex, nhits);
            tieBegin = tieEnd;
        }
    }

    const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
    if (!(total > 0))
        return fail("every hit weighs zero (no particle with 4 or more hits and pT >= 0.05 GeV)");
    std::vector<float> normalised(weights.size());
    std::transform(weights.begin(), weights.end(), normalised.begin(),
                   [&](double w) { return float(w / total); });
    return normalised;
}

double throughputScore(double accuracy, double secondsPerEvent) {
    if (secondsPerEvent <= 0 || secondsPerEvent > kMaxSecondsPerEvent)
        return -1;
    if (accuracy < kMinAccuracy)
        return 0;
    const double excess = accuracy - kMinAccuracy;
    return std::sqrt(std::log(1 + kMaxSecondsPerEvent / secondsPerEvent) * excess * excess);
}

} // namespace sciperf::tracking
