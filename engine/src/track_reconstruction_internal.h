#pragma once
// What the tracker (track_reconstruction.cpp), its training and its CUDA twin share: hits sorted
// by (layer, φ), the dense layer index, layer links, windows, the hit search and a thread pool.

#include "sciperf/analysis/result.h"
#include "sciperf/analysis/tracking/detector.h"
#include "sciperf/analysis/tracking/event.h"
#include "sciperf/engine/track_reconstruction.h"
#include "track_reconstruction_helix.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <numbers>
#include <vector>

namespace sciperf::trackreco {

// The layers of a detector, sorted by (volume, layer).
std::vector<TrackLayer> trackLayers(const tracking::Detector& detector);
inline tracking::ModuleKey keyOf(const TrackLayer& layer) {
    return {layer.volumeId, layer.layerId, 0};
}

// (volume, layer) → index into trackLayers().
class LayerIndex {
public:
    explicit LayerIndex(const std::vector<TrackLayer>& layers);
    int find(std::int32_t volume, std::int32_t layer) const {
        if (volume < 0 || volume >= kMaxId || layer < 0 || layer >= kMaxId)
            return -1;
        return m_index[static_cast<std::size_t>(volume * kMaxId + layer)];
    }

private:
    static constexpr int kMaxId = 32;
    std::array<int, kMaxId* kMaxId> m_index = make();
    static constexpr std::array<int, kMaxId * kMaxId> make() {
        std::array<int, kMaxId * kMaxId> a{};
        a.fill(-1);
        return a;
    }
};

// The hits sorted by (layer, φ); index s of every array is one hit, `row` its row in the input.
struct PreparedHits {
    std::vector<int> layerBegin; // hits of layer l: [layerBegin[l], layerBegin[l + 1])
    std::vector<int> row;
    std::vector<int> layer;
    std::vector<float> x, y, z, r, phi;
    std::vector<std::int32_t> module;

    std::size_t size() const { return row.size(); }
    Point point(int s) const;
    // Calls visit(s) for the hits of a layer with φ within halfWidth of phiCentre, wrapping at ±π.
    template <class Visit>
    void forPhiRange(int layerIndex, double phiCentre, double halfWidth, Visit&& visit) const {
        const auto lb = static_cast<std::size_t>(layerIndex);
        const auto first = phi.begin() + layerBegin[lb], last = phi.begin() + layerBegin[lb + 1];
        if (first == last)
            return;
        constexpr double pi = std::numbers::pi;
        if (halfWidth >= pi) {
            for (auto it = first; it != last; ++it)
                visit(static_cast<int>(it - phi.begin()));
            return;
        }
        const auto scan = [&](double lo, double hi) {
            auto it = std::lower_bound(first, last, static_cast<float>(lo));
            for (; it != last && *it <= hi; ++it)
                visit(static_cast<int>(it - phi.begin()));
        };
        const double lo = phiCentre - halfWidth, hi = phiCentre + halfWidth;
        scan(std::max(lo, -pi), std::min(hi, pi));
        if (lo < -pi)
            scan(lo + 2 * pi, pi);
        if (hi > pi)
            scan(-pi, hi - 2 * pi);
    }
};

Result<PreparedHits> prepareHits(const tracking::Hits& hits, const std::vector<TrackLayer>& layers,
                                 const LayerIndex& index);

// The layers followed from each layer.
struct Links {
    Links(const TrackingTuning& tuning, const std::vector<TrackLayer>& layers, const LayerIndex& index);
    std::vector<std::vector<int>> next;
    std::vector<std::vector<const LayerLink*>> link; // beside next: the link, with its windows
};

// The windows of a layer the tuning does not know: generous.
inline LayerTuning defaultLayerTuning() {
    return {0, 0, {5, 5}, {20, 20}, {1, 1}, {5, 5}};
}

// The windows of every layer, in layer index order.
std::vector<LayerTuning> layerTunings(const TrackingTuning& tuning, const std::vector<TrackLayer>& layers,
                                      const LayerIndex& index);

// Calls visit(s, χ²) for the hits of a layer within the windows (half-widths wRPhi in r·φ, wAlong
// along the layer) of a prediction, χ² in units of the windows.
template <class Visit>
void forHitsInWindow(const PreparedHits& hits, const TrackLayer& layer, int layerIndex, const Prediction& p,
                     double wRPhi, double wAlong, Visit&& visit) {
    // Staggered modules and sub-planes: the hit's own r (barrel) or z (disk) differs from the
    // layer's by up to this much, which moves the prediction by dPhi per mm.
    constexpr double stagger = 12;
    const double halfPhi = wRPhi / std::max(p.r, 1.0) + std::abs(p.dPhi) * stagger;
    hits.forPhiRange(layerIndex, p.phi, halfPhi, [&](int s) {
        const auto i = static_cast<std::size_t>(s);
        const Residual res = residualOf(p, layer.barrel, hits.r[i], hits.phi[i], hits.z[i]);
        if (std::abs(res.rPhi) > wRPhi || std::abs(res.along) > wAlong)
            return;
        visit(s, (res.rPhi / wRPhi) * (res.rPhi / wRPhi) + (res.along / wAlong) * (res.along / wAlong));
    });
}

// The best hit in a window, -1 where none. (The other hits of overlapping modules are picked up
// with their own, tighter windows when the track is assigned: pickUpOverlaps.)
struct HitSearch {
    int best = -1;
    double bestChi2 = 0;
};
struct Context;
// Skips the hits that are not free (Context::isFree).
HitSearch searchLayer(const Context& ctx, const TrackLayer& layer, int layerIndex, const Prediction& p,
                      double wRPhi, double wAlong);

struct Seed {
    int a = 0, b = 0, c = 0; // prepared hit indices, inner to outer
    float chi2 = 0;
};

struct Candidate {
    std::vector<int> hits;
    float chi2 = 0;
};

struct Context {
    const PreparedHits& hits;
    const std::vector<TrackLayer>& layers;
    const LayerIndex& index;
    const Links& links;
    const std::vector<LayerTuning>& windows;
    const TrackingTuning& tuning;
    // Hits already in tracks of an earlier pass (non-zero), which seeds and following leave alone.
    const std::vector<tracking::TrackId>* assigned;
    bool isFree(int s) const { return assigned == nullptr || (*assigned)[static_cast<std::size_t>(s)] == 0; }
};

// The seeds of one layer triplet (layer indices la, lc) from the middle hits [begin, end) of its
// second layer, appended to `out` in middle hit order.
void seedsFrom(const Context& ctx, const SeedTuning& seed, int la, int lc, int begin, int end,
               std::vector<Seed>& out);
// Follows a seed outward; the candidate's hits, empty when it has fewer than minTrackHits.
Candidate follow(const Context& ctx, const Seed& seed);

// More hits on the layers of a track, beside its first hit on each (overlapping modules): within
// the learned overlap windows of the line tangent to the track there, and free(s). Appended to
// `picked` (which the track's own hits must fail `free`).
void pickUpOverlaps(const Context& ctx, const std::vector<int>& trackHits,
                    const std::function<bool(int)>& free, std::vector<int>& picked);

// Seeding work: the middle hits [begin, end) of one layer triplet (tuning.seeds[seed]).
struct SeedTask {
    std::size_t seed;
    int la, lc;
    int begin, end;
};
// The seeding tasks, chunks of up to `chunk` middle hits, in tuning order.
std::vector<SeedTask> seedTasks(const Context& ctx, int chunk);
// Removes the seeds whose first two hits are another seed's last two.
void dropContinuations(std::vector<Seed>& seeds);
// The seeding stage on `threads` threads: task by task, middle hit by middle hit, then
// dropContinuations.
std::vector<Seed> findSeeds(const Context& ctx, unsigned threads);

// body(i) for i in [0, tasks) on up to `threads` threads.
void parallelFor(std::size_t tasks, unsigned threads, const std::function<void(std::size_t)>& body);
unsigned resolveThreads(unsigned requested);

} // namespace sciperf::trackreco
