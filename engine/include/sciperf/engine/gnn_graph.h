#pragma once
// Graph construction for the GNN tracking pipeline (HEP.TrkX / Exa.TrkX, reference/trackml.md §4):
// nodes are hits, edges are doublets between the layer pairs that particles actually cross one
// after the other, within windows in Δφ and z0 (the doublet's line at r = 0) learned per layer pair
// from simulated truth. Training and evaluation use the "pT > 1 GeV graph" by default, as the
// Exa.TrkX filtered graphs do: the hits of particles below minPtGeV and noise hits are removed (by
// truth) before the edges are built; `GraphConfig::filterByTruth = false` keeps every hit.
// An edge is true when both hits belong to the same particle and lie on consecutive layers of its
// path (hits on the same layer, from overlapping modules, are all consecutive to both neighbours).
// Units: mm, rad, GeV.

#include "sciperf/analysis/result.h"
#include "sciperf/analysis/tracking/detector.h"
#include "sciperf/analysis/tracking/event.h"
#include "sciperf/engine/gnn_model.h"

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace sciperf {
struct SimulatedEvent;
}

namespace sciperf::gnn {

struct GraphConfig {
    double minPtGeV = 1;           // particles below this (and noise) are removed when filterByTruth
    bool filterByTruth = true;     // false: the full graph, every hit a node
    double windowQuantile = 0.999; // of the truth doublets that each window holds (both ends)
    double windowMargin = 0.1;     // the quantile range widened by this fraction on each side
    // Windows are learned from prompt particles only (produced this close to the beam line): the
    // few stiff secondaries from far out would open every window to all directions.
    double windowMaxVertexRadiusMm = 10;
    int minPairDoublets = 3; // layer pairs seen fewer times in training are not connected
};

// The windows of one directed layer pair (inner → outer along particles' paths).
struct LayerPairWindow {
    int from = 0, to = 0;                   // dense layer indices (the tracker's: volume, layer sorted)
    float minDeltaPhi = 0, maxDeltaPhi = 0; // φ(to) - φ(from), wrapped to (-π, π]
    float minZ0Mm = 0, maxZ0Mm = 0;         // z of the doublet's line at r = 0
    std::int64_t doublets = 0;              // training doublets behind the window
};

struct GraphWindows {
    GraphConfig config;
    std::vector<LayerPairWindow> pairs; // sorted by (from, to)
};

// The per-hit truth the graph needs: for each hit row, its particle (0: noise), the particle's
// pT (GeV) and the hit's step along the particle's path (consecutive layers differ by one; -1 for
// noise). Hits are put in path order by their true distance from the particle's vertex; a step
// ends where the (volume, layer) changes. `truth` has one row per hit, in hit order.
struct HitTruth {
    std::vector<tracking::ParticleId> particle;
    std::vector<float> ptGeV;
    std::vector<float> vertexRadiusMm; // the particle's production vertex, transverse
    std::vector<std::int32_t> step;
};
HitTruth hitTruth(const tracking::Hits& hits, const tracking::Truth& truth,
                  const tracking::Particles& particles);
HitTruth hitTruth(const SimulatedEvent& event);

// Learns the layer pairs and their windows from the truth doublets of prompt particles above
// config.minPtGeV in `events`. Errors: no doublets at all.
Result<GraphWindows> learnGraphWindows(std::span<const SimulatedEvent> events,
                                       const tracking::Detector& detector, const GraphConfig& config = {});

// Node features: r / 1000 mm, φ / π, z / 1000 mm. Edge features: Δr / 100 mm, Δφ · 10 rad⁻¹,
// Δz / 100 mm, z0 / 1000 mm.
inline constexpr int kNodeFeatures = 3;
inline constexpr int kEdgeFeatures = 4;

struct HitGraph {
    std::size_t nodes = 0;
    std::vector<std::uint32_t> hitRow; // node → row of the event's hits
    std::vector<float> nodeFeatures;   // nodes × kNodeFeatures
    std::vector<std::int32_t> source;  // inner hit's node
    std::vector<std::int32_t> target;  // outer hit's node
    std::vector<float> edgeFeatures;   // edges × kEdgeFeatures
    std::vector<std::uint8_t> labels;  // 1: a true segment
    std::int64_t trueSegments = 0;     // true segments among the nodes, in the graph or not
    // The same for particles above the config's minPtGeV (what the windows are made for): in the
    // full graph, the efficiency that compares with the pT > 1 GeV graph's.
    std::int64_t trueSegmentsAboveMinPt = 0;
    std::int64_t trueEdgesAboveMinPt = 0;
    double efficiencyAboveMinPt() const;
    std::size_t edges() const { return source.size(); }
    std::int64_t trueEdges() const;
    // Of the true segments, the share in the graph; of the edges, the share that is true.
    double efficiency() const;
    double purity() const;
    GraphView<float> view() const;
};

// The graph of one event. Errors: a hit on a layer the detector lacks.
Result<HitGraph> buildGraph(const tracking::Hits& hits, const HitTruth& truth, const GraphWindows& windows,
                            const tracking::Detector& detector);

} // namespace sciperf::gnn
