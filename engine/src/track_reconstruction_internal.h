#pragma once
// What the tracker (track_reconstruction.cpp), its training and its CUDA twin share: hits sorted
// by (layer, φ), the dense layer index, layer links, windows, the hit search and a thread pool.

#include "sciperf/analysis/result.h"
#include "sciperf/analysis/tracking/event.h"
#include "sciperf/engine/track_reconstruction.h"
#include "track_reconstruction_helix.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

namespace sciperf::trackreco {

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
    void forPhiRange(int layerIndex, double phiCentre, double halfWidth,
                     const std::function<void(int)>& visit) const;
};

Result<PreparedHits> prepareHits(const tracking::Hits& hits, const std::vector<TrackLayer>& layers,
                                 const LayerIndex& index);

// The layers followed from each layer.
struct Links {
    Links(const TrackingTuning& tuning, const std::vector<TrackLayer>& layers, const LayerIndex& index);
    std::vector<std::vector<int>> next;
};

// The following windows of every layer, in layer index order.
std::vector<LayerTuning> layerTunings(const TrackingTuning& tuning, const std::vector<TrackLayer>& layers,
                                      const LayerIndex& index);

// The best hit in a window and the best one on another module (overlaps), -1 where none.
struct HitSearch {
    int best = -1;
    double bestChi2 = 0;
    int second = -1;
    double secondChi2 = 0;
};
HitSearch searchLayer(const PreparedHits& hits, const TrackLayer& layer, int layerIndex, const Prediction& p,
                      double wRPhi, double wAlong);

// body(i) for i in [0, tasks) on up to `threads` threads.
void parallelFor(std::size_t tasks, unsigned threads, const std::function<void(std::size_t)>& body);
unsigned resolveThreads(unsigned requested);

} // namespace sciperf::trackreco
