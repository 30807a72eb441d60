#include "sciperf/engine/gnn_graph.h"

#include "gnn_internal.h"
#include "sciperf/engine/event_simulation.h"
#include "track_reconstruction_helix.h"
#include "track_reconstruction_internal.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>

namespace sciperf::gnn {
namespace {

using trackreco::LayerIndex;
using trackreco::TrackLayer;

// z0 of nearly parallel hits (disks at large |η|) is meaningless: clamped so that windows and
// features stay finite.
constexpr double kMaxAbsZ0Mm = 10'000;

double z0Of(double r1, double z1, double r2, double z2) {
    return std::clamp(trackreco::lineZ0(r1, z1, r2, z2), -kMaxAbsZ0Mm, kMaxAbsZ0Mm);
}

bool kept(const HitTruth& truth, std::size_t row, const GraphConfig& config) {
    return !config.filterByTruth || (truth.particle[row] != tracking::kNoiseParticle &&
                                     static_cast<double>(truth.ptGeV[row]) >= config.minPtGeV);
}

double quantile(std::vector<double>& values, double q) {
    const double last = static_cast<double>(values.size() - 1);
    const auto k =
        static_cast<std::size_t>(std::clamp(std::floor(q * static_cast<double>(values.size())), 0.0, last));
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(k), values.end());
    return values[k];
}

// The rows of `selected` hits that belong to particles, ordered by (particle, step).
std::vector<std::size_t> pathOrder(const HitTruth& truth, const std::vector<std::size_t>& selected) {
    std::vector<std::size_t> rows;
    for (const std::size_t row : selected)
        if (truth.particle[row] != tracking::kNoiseParticle)
            rows.push_back(row);
    std::sort(rows.begin(), rows.end(), [&](std::size_t a, std::size_t b) {
        if (truth.particle[a] != truth.particle[b])
            return truth.particle[a] < truth.particle[b];
        return truth.step[a] != truth.step[b] ? truth.step[a] < truth.step[b] : a < b;
    });
    return rows;
}

// Calls visit(a, b) for every true segment among `selected` rows: same particle, steps s and s + 1.
template <class Visit>
void forTrueSegments(const HitTruth& truth, const std::vector<std::size_t>& selected, Visit&& visit) {
    const std::vector<std::size_t> rows = pathOrder(truth, selected);
    // [begin, middle): one step of a particle, [middle, end): the next.
    std::size_t begin = 0;
    while (begin < rows.size()) {
        std::size_t middle = begin;
        while (middle < rows.size() && truth.particle[rows[middle]] == truth.particle[rows[begin]] &&
               truth.step[rows[middle]] == truth.step[rows[begin]])
            ++middle;
        std::size_t end = middle;
        while (end < rows.size() && truth.particle[rows[end]] == truth.particle[rows[begin]] &&
               truth.step[rows[end]] == truth.step[rows[begin]] + 1)
            ++end;
        for (std::size_t i = begin; i < middle; ++i)
            for (std::size_t j = middle; j < end; ++j)
                visit(rows[i], rows[j]);
        begin = middle;
    }
}

std::vector<std::size_t> keptRows(const HitTruth& truth, const GraphConfig& config) {
    std::vector<std::size_t> rows;
    for (std::size_t row = 0; row < truth.particle.size(); ++row)
        if (kept(truth, row, config))
            rows.push_back(row);
    return rows;
}

} // namespace

HitTruth hitTruth(const tracking::Hits& hits, const tracking::Truth& truth,
                  const tracking::Particles& particles) {
    const std::size_t n = truth.size();
    HitTruth out;
    out.particle = truth.particleId;
    out.ptGeV.assign(n, 0.0f);
    out.vertexRadiusMm.assign(n, 0.0f);
    out.step.assign(n, -1);
    std::unordered_map<tracking::ParticleId, std::size_t> particleRow;
    for (std::size_t i = 0; i < particles.size(); ++i)
        particleRow.emplace(particles.particleId[i], i);
    std::map<tracking::ParticleId, std::vector<std::size_t>> rowsOf;
    for (std::size_t i = 0; i < n; ++i)
        if (truth.particleId[i] != tracking::kNoiseParticle)
            rowsOf[truth.particleId[i]].push_back(i);
    for (auto& [id, rows] : rowsOf) {
        const auto found = particleRow.find(id);
        double vx = 0, vy = 0, vz = 0;
        float pt = 0;
        if (found != particleRow.end()) {
            const std::size_t p = found->second;
            vx = particles.vx[p];
            vy = particles.vy[p];
            vz = particles.vz[p];
            pt = static_cast<float>(particles.pt(p));
        }
        const auto distance = [&](std::size_t row) {
            return std::hypot(truth.tx[row] - vx, truth.ty[row] - vy, truth.tz[row] - vz);
        };
        std::sort(rows.begin(), rows.end(), [&](std::size_t a, std::size_t b) {
            const double da = distance(a), db = distance(b);
            return da != db ? da < db : a < b;
        });
        std::int32_t step = -1;
        std::size_t previous = rows.front();
        for (const std::size_t row : rows) {
            const bool sameLayer = step >= 0 && hits.volumeId[row] == hits.volumeId[previous] &&
                                   hits.layerId[row] == hits.layerId[previous];
            if (!sameLayer)
                ++step;
            out.step[row] = step;
            out.ptGeV[row] = pt;
            out.vertexRadiusMm[row] = static_cast<float>(std::hypot(vx, vy));
            previous = row;
        }
    }
    return out;
}

HitTruth hitTruth(const SimulatedEvent& event) {
    return hitTruth(event.hits, event.truth, event.particles);
}

Result<GraphWindows> learnGraphWindows(std::span<const SimulatedEvent> events,
                                       const tracking::Detector& detector, const GraphConfig& config) {
    const std::vector<TrackLayer> layers = trackreco::trackLayers(detector);
    const LayerIndex index(layers);
    struct Samples {
        std::vector<double> deltaPhi, z0;
    };
    std::map<std::pair<int, int>, Samples> samples;
    GraphConfig learning = config;
    learning.filterByTruth = true; // windows come from the particles above minPtGeV in every case
    for (const SimulatedEvent& event : events) {
        const HitTruth truth = hitTruth(event);
        const tracking::Hits& hits = event.hits;
        std::vector<std::size_t> prompt;
        for (const std::size_t row : keptRows(truth, learning))
            if (truth.vertexRadiusMm[row] <= config.windowMaxVertexRadiusMm)
                prompt.push_back(row);
        forTrueSegments(truth, prompt, [&](std::size_t a, std::size_t b) {
            const int la = index.find(hits.volumeId[a], hits.layerId[a]);
            const int lb = index.find(hits.volumeId[b], hits.layerId[b]);
            if (la < 0 || lb < 0)
                return;
            const double ra = std::hypot(hits.x[a], hits.y[a]), rb = std::hypot(hits.x[b], hits.y[b]);
            Samples& s = samples[{la, lb}];
            s.deltaPhi.push_back(
                trackreco::wrapPhi(std::atan2(hits.y[b], hits.x[b]) - std::atan2(hits.y[a], hits.x[a])));
            s.z0.push_back(z0Of(ra, hits.z[a], rb, hits.z[b]));
        });
    }
    GraphWindows windows;
    windows.config = config;
    const double q = config.windowQuantile;
    const auto range = [&](std::vector<double>& values, float& lo, float& hi) {
        const double low = quantile(values, 1 - q), high = quantile(values, q);
        const double margin = config.windowMargin * (high - low);
        lo = static_cast<float>(low - margin);
        hi = static_cast<float>(high + margin);
    };
    for (auto& [pair, s] : samples) {
        if (static_cast<int>(s.deltaPhi.size()) < config.minPairDoublets)
            continue;
        LayerPairWindow w;
        w.from = pair.first;
        w.to = pair.second;
        w.doublets = static_cast<std::int64_t>(s.deltaPhi.size());
        range(s.deltaPhi, w.minDeltaPhi, w.maxDeltaPhi);
        range(s.z0, w.minZ0Mm, w.maxZ0Mm);
        windows.pairs.push_back(w);
    }
    if (windows.pairs.empty())
        return fail("no doublets of particles above " + std::to_string(config.minPtGeV) +
                    " GeV in the training events: no layer pair to connect");
    return windows;
}

std::int64_t HitGraph::trueEdges() const {
    std::int64_t count = 0;
    for (const std::uint8_t label : labels)
        count += label;
    return count;
}

double HitGraph::efficiency() const {
    return trueSegments ? static_cast<double>(trueEdges()) / static_cast<double>(trueSegments) : 0.0;
}

double HitGraph::efficiencyAboveMinPt() const {
    return trueSegmentsAboveMinPt
               ? static_cast<double>(trueEdgesAboveMinPt) / static_cast<double>(trueSegmentsAboveMinPt)
               : 0.0;
}

double HitGraph::purity() const {
    return edges() ? static_cast<double>(trueEdges()) / static_cast<double>(edges()) : 0.0;
}

GraphView<float> HitGraph::view() const {
    return {nodes, edges(), nodeFeatures, edgeFeatures, source, target, labels};
}

Result<HitGraph> buildGraph(const tracking::Hits& hits, const HitTruth& truth, const GraphWindows& windows,
                            const tracking::Detector& detector) {
    const std::vector<TrackLayer> layers = trackreco::trackLayers(detector);
    const LayerIndex index(layers);
    const std::vector<std::size_t> rows = keptRows(truth, windows.config);
    // The kept hits, sorted by (layer, φ) for the window search.
    using H = tracking::Hits;
    const H subset =
        selectRows(hits, rows, &H::hitId, &H::x, &H::y, &H::z, &H::volumeId, &H::layerId, &H::moduleId);
    Result<trackreco::PreparedHits> prepared = trackreco::prepareHits(subset, layers, index);
    if (!prepared)
        return prepared.error();
    const trackreco::PreparedHits& p = prepared.value();
    HitGraph graph;
    graph.nodes = p.size();
    graph.hitRow.resize(p.size());
    graph.nodeFeatures.resize(p.size() * kNodeFeatures);
    for (std::size_t s = 0; s < p.size(); ++s) {
        graph.hitRow[s] = static_cast<std::uint32_t>(rows[static_cast<std::size_t>(p.row[s])]);
        graph.nodeFeatures[s * kNodeFeatures + 0] = p.r[s] / 1000.0f;
        graph.nodeFeatures[s * kNodeFeatures + 1] = p.phi[s] / static_cast<float>(trackreco::kPi);
        graph.nodeFeatures[s * kNodeFeatures + 2] = p.z[s] / 1000.0f;
    }
    for (const LayerPairWindow& w : windows.pairs) {
        const auto from = static_cast<std::size_t>(w.from);
        const double centre = 0.5 * (static_cast<double>(w.minDeltaPhi) + w.maxDeltaPhi);
        const double half = 0.5 * (static_cast<double>(w.maxDeltaPhi) - w.minDeltaPhi);
        for (int a = p.layerBegin[from]; a < p.layerBegin[from + 1]; ++a) {
            const auto ua = static_cast<std::size_t>(a);
            p.forPhiRange(w.to, p.phi[ua] + centre, half, [&](int b) {
                const auto ub = static_cast<std::size_t>(b);
                const double z0 = z0Of(p.r[ua], p.z[ua], p.r[ub], p.z[ub]);
                if (z0 < w.minZ0Mm || z0 > w.maxZ0Mm)
                    return;
                const double deltaPhi = trackreco::wrapPhi(static_cast<double>(p.phi[ub]) - p.phi[ua]);
                graph.source.push_back(a);
                graph.target.push_back(b);
                graph.edgeFeatures.insert(graph.edgeFeatures.end(),
                                          {(p.r[ub] - p.r[ua]) / 100.0f, static_cast<float>(deltaPhi * 10),
                                           (p.z[ub] - p.z[ua]) / 100.0f, static_cast<float>(z0 / 1000)});
                const std::size_t ha = graph.hitRow[ua], hb = graph.hitRow[ub];
                const bool label = truth.particle[ha] != tracking::kNoiseParticle &&
                                   truth.particle[ha] == truth.particle[hb] &&
                                   truth.step[hb] == truth.step[ha] + 1;
                graph.labels.push_back(label);
                graph.trueEdgesAboveMinPt += label && truth.ptGeV[ha] >= windows.config.minPtGeV;
            });
        }
    }
    forTrueSegments(truth, rows, [&](std::size_t a, std::size_t) {
        ++graph.trueSegments;
        graph.trueSegmentsAboveMinPt += truth.ptGeV[a] >= windows.config.minPtGeV;
    });
    return graph;
}

} // namespace sciperf::gnn
