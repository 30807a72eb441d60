// The tracker: prepare, seeding, following, assignment (track_reconstruction.h).

#include "sciperf/engine/track_reconstruction.h"

#include "track_reconstruction_helix.h"
#include "track_reconstruction_internal.h"
#include "track_seeding_gpu.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <memory>
#include <numeric>
#include <thread>

namespace sciperf {

double TrackingWindow::at(double pGeV) const {
    return trackreco::windowAt(constant, perMomentumMm, pGeV);
}

namespace trackreco {

std::vector<TrackLayer> trackLayers(const tracking::Detector& detector) {
    std::vector<TrackLayer> layers;
    for (const tracking::LayerSummary& summary : detector.layers()) {
        TrackLayer layer;
        layer.volumeId = summary.volumeId;
        layer.layerId = summary.layerId;
        layer.barrel = summary.kind == tracking::VolumeKind::Barrel;
        layer.position = layer.barrel ? summary.meanRadiusMm : summary.meanZMm;
        constexpr double margin = 5;
        layer.minAlong = (layer.barrel ? summary.extent.zMinMm : summary.extent.rMinMm) - margin;
        layer.maxAlong = (layer.barrel ? summary.extent.zMaxMm : summary.extent.rMaxMm) + margin;
        layer.minR = summary.extent.rMinMm;
        layer.maxR = summary.extent.rMaxMm;
        layers.push_back(layer);
    }
    return layers;
}

LayerIndex::LayerIndex(const std::vector<TrackLayer>& layers) {
    for (std::size_t i = 0; i < layers.size(); ++i) {
        const std::int32_t volume = layers[i].volumeId, layer = layers[i].layerId;
        if (volume >= 0 && volume < kMaxId && layer >= 0 && layer < kMaxId)
            m_index[static_cast<std::size_t>(volume * kMaxId + layer)] = static_cast<int>(i);
    }
}

void parallelFor(std::size_t tasks, unsigned threads, const std::function<void(std::size_t)>& body) {
    if (threads <= 1 || tasks <= 1) {
        for (std::size_t i = 0; i < tasks; ++i)
            body(i);
        return;
    }
    std::atomic<std::size_t> next{0};
    const auto work = [&] {
        for (std::size_t i = next++; i < tasks; i = next++)
            body(i);
    };
    std::vector<std::thread> pool;
    const unsigned extra = static_cast<unsigned>(std::min<std::size_t>(threads, tasks)) - 1;
    for (unsigned t = 0; t < extra; ++t)
        pool.emplace_back(work);
    work();
    for (std::thread& thread : pool)
        thread.join();
}

unsigned resolveThreads(unsigned requested) {
    return requested ? requested : std::max(1u, std::thread::hardware_concurrency());
}

Result<PreparedHits> prepareHits(const tracking::Hits& hits, const std::vector<TrackLayer>& layers,
                                 const LayerIndex& index) {
    PreparedHits prepared;
    const std::size_t n = hits.size();
    std::vector<int> layerOf(n);
    std::vector<std::size_t> counts(layers.size() + 1, 0);
    for (std::size_t i = 0; i < n; ++i) {
        const int layer = index.find(hits.volumeId[i], hits.layerId[i]);
        if (layer < 0)
            return fail("hit " + std::to_string(hits.hitId[i]) + " is on volume " +
                        std::to_string(hits.volumeId[i]) + " layer " + std::to_string(hits.layerId[i]) +
                        ", which the detector does not have");
        layerOf[i] = layer;
        ++counts[static_cast<std::size_t>(layer) + 1];
    }
    prepared.layerBegin.assign(layers.size() + 1, 0);
    for (std::size_t l = 0; l < layers.size(); ++l)
        prepared.layerBegin[l + 1] = prepared.layerBegin[l] + static_cast<int>(counts[l + 1]);
    std::vector<float> phiOf(n);
    for (std::size_t i = 0; i < n; ++i)
        phiOf[i] = std::atan2(hits.y[i], hits.x[i]);
    std::vector<int> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](int a, int b) {
        const auto ua = static_cast<std::size_t>(a), ub = static_cast<std::size_t>(b);
        if (layerOf[ua] != layerOf[ub])
            return layerOf[ua] < layerOf[ub];
        if (phiOf[ua] != phiOf[ub])
            return phiOf[ua] < phiOf[ub];
        return a < b;
    });
    prepared.row = order;
    prepared.layer.resize(n);
    prepared.x.resize(n);
    prepared.y.resize(n);
    prepared.z.resize(n);
    prepared.r.resize(n);
    prepared.phi.resize(n);
    prepared.module.resize(n);
    for (std::size_t s = 0; s < n; ++s) {
        const auto i = static_cast<std::size_t>(order[s]);
        prepared.layer[s] = layerOf[i];
        prepared.x[s] = hits.x[i];
        prepared.y[s] = hits.y[i];
        prepared.z[s] = hits.z[i];
        prepared.r[s] = std::hypot(hits.x[i], hits.y[i]);
        prepared.phi[s] = phiOf[i];
        prepared.module[s] = hits.moduleId[i];
    }
    return prepared;
}

Point PreparedHits::point(int s) const {
    const auto i = static_cast<std::size_t>(s);
    return {x[i], y[i], z[i]};
}

Links::Links(const TrackingTuning& tuning, const std::vector<TrackLayer>& layers, const LayerIndex& index)
    : next(layers.size())
    , link(layers.size()) {
    for (const LayerLink& l : tuning.links) {
        const int from = index.find(l.from.volumeId, l.from.layerId);
        const int to = index.find(l.to.volumeId, l.to.layerId);
        if (from >= 0 && to >= 0 && l.fraction >= tuning.minLinkFraction) {
            next[static_cast<std::size_t>(from)].push_back(to);
            link[static_cast<std::size_t>(from)].push_back(&l);
        }
    }
}

std::vector<LayerTuning> layerTunings(const TrackingTuning& tuning, const std::vector<TrackLayer>& layers,
                                      const LayerIndex& index) {
    // A layer the tuning does not know gets generous windows.
    std::vector<LayerTuning> byLayer(layers.size(), defaultLayerTuning());
    for (const LayerTuning& layer : tuning.layers)
        if (const int at = index.find(layer.volumeId, layer.layerId); at >= 0)
            byLayer[static_cast<std::size_t>(at)] = layer;
    return byLayer;
}

HitSearch searchLayer(const Context& ctx, const TrackLayer& layer, int layerIndex, const Prediction& p,
                      double wRPhi, double wAlong) {
    HitSearch found;
    forHitsInWindow(ctx.hits, layer, layerIndex, p, wRPhi, wAlong, [&](int s, double chi2) {
        if (ctx.isFree(s) && (found.best < 0 || chi2 < found.bestChi2)) {
            found.best = s;
            found.bestChi2 = chi2;
        }
    });
    return found;
}

// Seeds of one layer triplet from the middle hits [begin, end) of its second layer.
void seedsFrom(const Context& ctx, const SeedTuning& seed, int la, int lc, int begin, int end,
               std::vector<Seed>& out) {
    const PreparedHits& h = ctx.hits;
    const TrackLayer& layerC = ctx.layers[static_cast<std::size_t>(lc)];
    const double scale = ctx.tuning.windowScale;
    const double maxCurvature = kCurvatureToPt * ctx.tuning.bzTesla / ctx.tuning.minPtGeV;
    const double maxAbsZ0 =
        ctx.tuning.seedMaxAbsZ0Mm > 0 ? ctx.tuning.seedMaxAbsZ0Mm : seed.maxAbsZ0Mm * scale;
    std::vector<Seed> found;
    for (int b = begin; b < end; ++b) {
        if (!ctx.isFree(b))
            continue;
        const auto bi = static_cast<std::size_t>(b);
        const Point pb = h.point(b);
        found.clear();
        h.forPhiRange(la, h.phi[bi], seed.maxDeltaPhi * scale, [&](int a) {
            if (!ctx.isFree(a))
                return;
            const auto ai = static_cast<std::size_t>(a);
            const double z0 = lineZ0(h.r[ai], h.z[ai], h.r[bi], h.z[bi]);
            if (std::abs(z0) > maxAbsZ0 || h.r[ai] >= h.r[bi] + 1)
                return;
            const Point pa = h.point(a);
            HelixState state;
            if (!seedState(pa, pb, z0, state) || std::abs(state.k) > maxCurvature)
                return;
            const Prediction p = predictOn(state, layerC, ctx.tuning.bzTesla);
            if (!p.valid)
                return;
            const double wRPhi = seed.rPhi.at(p.pGeV) * scale, wAlong = seed.along.at(p.pGeV) * scale;
            forHitsInWindow(h, layerC, lc, p, wRPhi, wAlong, [&](int c, double chi2) {
                if (!ctx.isFree(c) || circleD0(pa, pb, h.point(c)) > seed.maxAbsD0Mm * scale)
                    return;
                found.push_back({a, b, c, static_cast<float>(chi2)});
            });
        });
        // Overlapping modules give the same particle two hits on a layer: of the triplets through
        // this middle hit, keep the best for each inner and each outer hit (the other hits of an
        // overlap are picked up later), and the best kMaxSeedsPerMiddleHit only.
        std::sort(found.begin(), found.end(), [](const Seed& x, const Seed& y) {
            return x.chi2 != y.chi2 ? x.chi2 < y.chi2 : (x.a != y.a ? x.a < y.a : x.c < y.c);
        });
        const std::size_t kept = out.size();
        for (const Seed& seed3 : found) {
            if (out.size() - kept >= static_cast<std::size_t>(kMaxSeedsPerMiddleHit))
                break;
            const bool shares = std::any_of(out.begin() + static_cast<std::ptrdiff_t>(kept), out.end(),
                                            [&](const Seed& o) { return o.a == seed3.a || o.c == seed3.c; });
            if (!shares)
                out.push_back(seed3);
        }
    }
}

// Follows a seed outward; the candidate's hits, empty when it has fewer than minTrackHits.
Candidate follow(const Context& ctx, const Seed& seed) {
    const PreparedHits& h = ctx.hits;
    Candidate cand;
    cand.hits = {seed.a, seed.b, seed.c};
    cand.chi2 = seed.chi2;
    std::vector<Point> points{h.point(seed.a), h.point(seed.b), h.point(seed.c)};
    int current = h.layer[static_cast<std::size_t>(seed.c)];
    int holes = 0;
    const double scale = ctx.tuning.windowScale;
    struct Next {
        double path;
        int layer;
        const LayerLink* link;
    };
    std::vector<Next> next;
    for (int step = 0; step < 64; ++step) {
        const StatePoints sp = statePoints(static_cast<int>(points.size()));
        HelixState state;
        if (!stateFromThree(points[static_cast<std::size_t>(sp.first)],
                            points[static_cast<std::size_t>(sp.middle)],
                            points[static_cast<std::size_t>(sp.last)], state))
            break;
        // The linked layers in the order the helix reaches them; each predicted only when its turn
        // comes (one or two usually).
        next.clear();
        const auto& targets = ctx.links.next[static_cast<std::size_t>(current)];
        for (std::size_t k = 0; k < targets.size(); ++k)
            if (const double path = pathToLayer(state, ctx.layers[static_cast<std::size_t>(targets[k])]);
                path >= 0)
                next.push_back({path, targets[k], ctx.links.link[static_cast<std::size_t>(current)][k]});
        std::sort(next.begin(), next.end(), [](const Next& a, const Next& b) {
            return a.path != b.path ? a.path < b.path : a.layer < b.layer;
        });
        bool added = false;
        for (const Next& candidate : next) {
            const auto li = static_cast<std::size_t>(candidate.layer);
            const Prediction prediction =
                predictAt(state, ctx.layers[li], candidate.path, ctx.tuning.bzTesla);
            if (!prediction.valid)
                continue;
            const double wRPhi = candidate.link->rPhi.at(prediction.pGeV) * scale;
            const double wAlong = candidate.link->along.at(prediction.pGeV) * scale;
            const HitSearch found =
                searchLayer(ctx, ctx.layers[li], candidate.layer, prediction, wRPhi, wAlong);
            if (found.best < 0) {
                if (++holes > ctx.tuning.maxHoles)
                    break;
                continue;
            }
            cand.hits.push_back(found.best);
            cand.chi2 += static_cast<float>(found.bestChi2);
            points.push_back(h.point(found.best));
            current = candidate.layer;
            added = true;
            break;
        }
        if (!added)
            break;
    }
    if (static_cast<int>(cand.hits.size()) < ctx.tuning.minTrackHits) {
        // A particle that crosses three layers only can still have enough hits with its overlaps.
        std::vector<int> picked;
        pickUpOverlaps(
            ctx, cand.hits,
            [&](int s) {
                return ctx.isFree(s) && std::find(cand.hits.begin(), cand.hits.end(), s) == cand.hits.end();
            },
            picked);
        cand.hits.insert(cand.hits.end(), picked.begin(), picked.end());
    }
    if (static_cast<int>(cand.hits.size()) < ctx.tuning.minTrackHits)
        cand.hits.clear();
    return cand;
}

void pickUpOverlaps(const Context& ctx, const std::vector<int>& trackHits,
                    const std::function<bool(int)>& free, std::vector<int>& picked) {
    const PreparedHits& h = ctx.hits;
    // The track's points, one per layer, in path order (prepared hits are sorted by layer, not path:
    // use the order the track has them in).
    std::vector<Point> points;
    std::vector<int> first;
    for (const int s : trackHits) {
        const int layer = h.layer[static_cast<std::size_t>(s)];
        const auto seen = std::find_if(first.begin(), first.end(),
                                       [&](int f) { return h.layer[static_cast<std::size_t>(f)] == layer; });
        if (seen != first.end())
            continue;
        first.push_back(s);
        points.push_back(h.point(s));
    }
    if (points.size() < 3)
        return;
    for (std::size_t i = 0; i < first.size(); ++i) {
        HelixState tangent;
        if (!tangentAt(points, static_cast<int>(i), tangent))
            continue;
        const int s0 = first[i];
        const auto si = static_cast<std::size_t>(s0);
        const int layer = h.layer[si];
        const TrackLayer& geometry = ctx.layers[static_cast<std::size_t>(layer)];
        const LayerTuning& w = ctx.windows[static_cast<std::size_t>(layer)];
        const double p = momentumOf(tangent, ctx.tuning.bzTesla);
        const double wRPhi = w.overlapRPhi.at(p) * ctx.tuning.windowScale;
        const double wAlong = w.overlapAlong.at(p) * ctx.tuning.windowScale;
        constexpr double maxSeparation = 25; // mm between the two hits of an overlap
        // φ range: the tangent line up to maxSeparation either side, and the window.
        const double ex = maxSeparation * tangent.tx, ey = maxSeparation * tangent.ty;
        const double reach =
            std::max(std::abs(wrapPhi(std::atan2(tangent.y + ey, tangent.x + ex) - h.phi[si])),
                     std::abs(wrapPhi(std::atan2(tangent.y - ey, tangent.x - ex) - h.phi[si])));
        h.forPhiRange(layer, h.phi[si], reach + wRPhi / std::max(1.0f, h.r[si]), [&](int s) {
            if (s == s0 || !free(s))
                return;
            const Point q = h.point(s);
            const double dx = q.x - tangent.x, dy = q.y - tangent.y, dz = q.z - tangent.z;
            if (dx * dx + dy * dy + dz * dz > maxSeparation * maxSeparation)
                return;
            const Residual res = overlapResidual(tangent, geometry.barrel, q);
            if (std::abs(res.rPhi) <= wRPhi && std::abs(res.along) <= wAlong &&
                std::find(picked.begin(), picked.end(), s) == picked.end())
                picked.push_back(s);
        });
    }
}

std::vector<SeedTask> seedTasks(const Context& ctx, int chunk) {
    std::vector<SeedTask> tasks;
    for (std::size_t s = 0; s < ctx.tuning.seeds.size(); ++s) {
        const SeedTuning& seed = ctx.tuning.seeds[s];
        if (seed.weight < ctx.tuning.firstPassMinSeedWeight)
            continue;
        const int la = ctx.index.find(seed.layers[0].volumeId, seed.layers[0].layerId);
        const int lb = ctx.index.find(seed.layers[1].volumeId, seed.layers[1].layerId);
        const int lc = ctx.index.find(seed.layers[2].volumeId, seed.layers[2].layerId);
        if (la < 0 || lb < 0 || lc < 0)
            continue;
        const double maxR = ctx.tuning.firstPassMaxSeedRadiusMm;
        if (maxR > 0 && std::max({ctx.layers[static_cast<std::size_t>(la)].maxR,
                                  ctx.layers[static_cast<std::size_t>(lb)].maxR,
                                  ctx.layers[static_cast<std::size_t>(lc)].maxR}) > maxR)
            continue;
        const int first = ctx.hits.layerBegin[static_cast<std::size_t>(lb)];
        const int last = ctx.hits.layerBegin[static_cast<std::size_t>(lb) + 1];
        for (int b = first; b < last; b += chunk)
            tasks.push_back({s, la, lc, b, std::min(last, b + chunk)});
    }
    return tasks;
}

void dropContinuations(std::vector<Seed>& seeds) {
    // A seed whose first two hits are another seed's last two continues it: following the other
    // finds its hits.
    std::vector<std::uint64_t> pairs;
    pairs.reserve(seeds.size());
    const auto pairOf = [](int x, int y) {
        return static_cast<std::uint64_t>(static_cast<std::uint32_t>(x)) << 32 |
               static_cast<std::uint32_t>(y);
    };
    // A seed whose first two hits are another seed's first and last skips the layer of the other's
    // middle hit: following the other finds its hits too.
    std::vector<std::uint64_t> skips;
    skips.reserve(seeds.size());
    for (const Seed& seed : seeds) {
        pairs.push_back(pairOf(seed.b, seed.c));
        skips.push_back(pairOf(seed.a, seed.c));
    }
    std::sort(pairs.begin(), pairs.end());
    std::sort(skips.begin(), skips.end());
    std::erase_if(seeds, [&](const Seed& seed) {
        return std::binary_search(pairs.begin(), pairs.end(), pairOf(seed.a, seed.b)) ||
               std::binary_search(skips.begin(), skips.end(), pairOf(seed.a, seed.b));
    });
}

std::vector<Seed> findSeeds(const Context& ctx, unsigned threads) {
    // Tasks of up to 128 middle hits, each into its own slot, concatenated in task order.
    const std::vector<SeedTask> tasks = seedTasks(ctx, 128);
    std::vector<std::vector<Seed>> slots(tasks.size());
    parallelFor(tasks.size(), threads, [&](std::size_t t) {
        const SeedTask& task = tasks[t];
        seedsFrom(ctx, ctx.tuning.seeds[task.seed], task.la, task.lc, task.begin, task.end, slots[t]);
    });
    std::vector<Seed> seeds;
    for (const auto& slot : slots)
        seeds.insert(seeds.end(), slot.begin(), slot.end());
    dropContinuations(seeds);
    return seeds;
}

} // namespace trackreco

namespace {

using namespace trackreco;
using Clock = std::chrono::steady_clock;

// Candidates with a small mean χ² per hit, best first (hits less a penalty for the mean χ² per
// hit), take their free hits and the overlap hits beside them, when enough of them are free.
// Returns the number of candidates considered.
std::size_t assign(const Context& ctx, const std::vector<Candidate>& candidates,
                   std::vector<tracking::TrackId>& trackOf, tracking::TrackId& nextTrack) {
    const TrackingTuning& tuning = ctx.tuning;
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < candidates.size(); ++i)
        if (!candidates[i].hits.empty())
            order.push_back(i);
    const auto chi2PerHit = [&](std::size_t i) {
        return candidates[i].chi2 / static_cast<float>(candidates[i].hits.size());
    };
    std::erase_if(order, [&](std::size_t i) { return chi2PerHit(i) > tuning.maxChi2PerHit; });
    const auto penalty = static_cast<float>(tuning.chi2Penalty);
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        const float qa = static_cast<float>(candidates[a].hits.size()) - penalty * chi2PerHit(a);
        const float qb = static_cast<float>(candidates[b].hits.size()) - penalty * chi2PerHit(b);
        return qa != qb ? qa > qb : a < b;
    });
    const auto isFree = [&](int s) {
        return trackOf[static_cast<std::size_t>(s)] == kUnassignedTrack;
    };
    std::vector<int> free, picked;
    for (const std::size_t i : order) {
        const Candidate& cand = candidates[i];
        free.clear();
        for (const int s : cand.hits)
            if (isFree(s))
                free.push_back(s);
        if (static_cast<int>(free.size()) < tuning.minTrackHits || 2 * free.size() <= cand.hits.size())
            continue;
        for (const int s : free)
            trackOf[static_cast<std::size_t>(s)] = nextTrack;
        picked.clear();
        pickUpOverlaps(ctx, cand.hits, isFree, picked);
        for (const int s : picked)
            trackOf[static_cast<std::size_t>(s)] = nextTrack;
        ++nextTrack;
    }
    return order.size();
}

double secondsSince(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

} // namespace

Result<Reconstruction> reconstructTracks(const tracking::Hits& hits, const tracking::Detector& detector,
                                         const TrackingTuning& tuning, const ReconstructionOptions& options) {
    const Clock::time_point start = Clock::now();
    if (hits.size() == 0)
        return fail("no hits to reconstruct");
    if (tuning.seeds.empty())
        return fail("the tuning has no seed layers");
    if (detector.modules().empty())
        return fail("the detector has no modules");
    const unsigned threads = resolveThreads(options.threads);
    Reconstruction out;

    // --- prepare ---
    const std::vector<TrackLayer> layers = trackLayers(detector);
    const LayerIndex index(layers);
    Result<PreparedHits> prepared = prepareHits(hits, layers, index);
    if (!prepared)
        return prepared.error();
    const PreparedHits& h = prepared.value();
    const Links links(tuning, layers, index);
    const std::vector<LayerTuning> windows = layerTunings(tuning, layers, index);
    std::vector<tracking::TrackId> trackOf(h.size(), kUnassignedTrack);
    // The first pass seeds from the pixel layer triplets that start particles; later passes from all,
    // on what is left, with wider windows and a looser χ² cut.
    TrackingTuning later = tuning;
    later.maxChi2PerHit *= tuning.laterPassChi2Scale;
    later.windowScale *= tuning.laterPassWindowScale;
    later.firstPassMinSeedWeight = 0;
    later.firstPassMaxSeedRadiusMm = 0;
    // The first pass keeps the longer tracks only: the short candidates of its narrow windows are
    // often wrong, and would take hits that the later passes give to whole tracks.
    TrackingTuning first = tuning;
    first.minTrackHits = std::max(tuning.minTrackHits, tuning.firstPassMinTrackHits);
    const Context firstContext{h, layers, index, links, windows, first, &trackOf};
    const Context laterContext{h, layers, index, links, windows, later, &trackOf};
    out.seconds.prepare = secondsSince(start);

    // Passes: the later ones seed and follow on the hits that earlier ones left free.
    tracking::TrackId nextTrack = kUnassignedTrack + 1;
    for (int pass = 0; pass < tuning.passes; ++pass) {
        const Context& ctx = pass == 0 ? firstContext : laterContext;
        // --- seeding ---
        Clock::time_point stage = Clock::now();
        const std::vector<Seed> seeds = findSeeds(ctx, threads);
        out.seeds += seeds.size();
        out.seconds.seeding += secondsSince(stage);

        // --- following ---
        stage = Clock::now();
        std::vector<Candidate> candidates(seeds.size());
        constexpr std::size_t followChunk = 256;
        parallelFor((seeds.size() + followChunk - 1) / followChunk, threads, [&](std::size_t t) {
            const std::size_t end = std::min(seeds.size(), (t + 1) * followChunk);
            for (std::size_t i = t * followChunk; i < end; ++i)
                candidates[i] = follow(ctx, seeds[i]);
        });
        out.seconds.following += secondsSince(stage);

        // --- assignment: best candidates first, each takes its free hits ---
        stage = Clock::now();
        out.candidates += assign(ctx, candidates, trackOf, nextTrack);
        out.seconds.assignment += secondsSince(stage);
    }
    out.tracks = static_cast<std::size_t>(nextTrack - 1);
    out.submission.hitId = hits.hitId;
    out.submission.trackId.assign(hits.size(), kUnassignedTrack);
    for (std::size_t s = 0; s < h.size(); ++s)
        out.submission.trackId[static_cast<std::size_t>(h.row[s])] = trackOf[s];
    out.seconds.total = secondsSince(start);
    return out;
}

namespace {

// The prepared hits and everything the stages read, for the seeding entry points.
struct Prepared {
    std::vector<TrackLayer> layers;
    LayerIndex index;
    PreparedHits hits;
    Links links;
    std::vector<LayerTuning> windows;
    Context context() const { return {hits, layers, index, links, windows, *tuning, nullptr}; }
    const TrackingTuning* tuning;
};

Result<std::unique_ptr<Prepared>> prepareAll(const tracking::Hits& hits, const tracking::Detector& detector,
                                             const TrackingTuning& tuning) {
    if (hits.size() == 0)
        return fail("no hits to reconstruct");
    if (tuning.seeds.empty())
        return fail("the tuning has no seed layers");
    std::vector<TrackLayer> layers = trackLayers(detector);
    LayerIndex index(layers);
    Result<PreparedHits> prepared = prepareHits(hits, layers, index);
    if (!prepared)
        return prepared.error();
    Links links(tuning, layers, index);
    std::vector<LayerTuning> windows = layerTunings(tuning, layers, index);
    return std::make_unique<Prepared>(Prepared{std::move(layers), index, std::move(prepared).value(),
                                               std::move(links), std::move(windows), &tuning});
}

std::vector<SeedTriplet> toTriplets(const PreparedHits& h, const std::vector<Seed>& seeds) {
    std::vector<SeedTriplet> out;
    out.reserve(seeds.size());
    for (const Seed& s : seeds)
        out.push_back({static_cast<std::size_t>(h.row[static_cast<std::size_t>(s.a)]),
                       static_cast<std::size_t>(h.row[static_cast<std::size_t>(s.b)]),
                       static_cast<std::size_t>(h.row[static_cast<std::size_t>(s.c)]), s.chi2});
    return out;
}

} // namespace

Result<std::vector<SeedTriplet>> findSeeds(const tracking::Hits& hits, const tracking::Detector& detector,
                                           const TrackingTuning& tuning,
                                           const ReconstructionOptions& options) {
    Result<std::unique_ptr<Prepared>> prepared = prepareAll(hits, detector, tuning);
    if (!prepared)
        return prepared.error();
    const Prepared& p = *prepared.value();
    return toTriplets(p.hits, trackreco::findSeeds(p.context(), resolveThreads(options.threads)));
}

Result<std::vector<SeedTriplet>> findSeedsGpu(const tracking::Hits& hits, const tracking::Detector& detector,
                                              const TrackingTuning& tuning) {
    Result<std::unique_ptr<Prepared>> prepared = prepareAll(hits, detector, tuning);
    if (!prepared)
        return prepared.error();
    const Prepared& p = *prepared.value();
    const Context ctx = p.context();
    const std::vector<SeedTask> tasks = seedTasks(ctx, 1 << 30); // one task per layer triplet
    gpu::SeedingInput input;
    input.layerBegin = p.hits.layerBegin;
    input.layers = p.layers;
    input.x = p.hits.x;
    input.y = p.hits.y;
    input.z = p.hits.z;
    input.r = p.hits.r;
    input.phi = p.hits.phi;
    input.bz = tuning.bzTesla;
    input.maxCurvature = kCurvatureToPt * tuning.bzTesla / tuning.minPtGeV;
    for (const SeedTask& task : tasks) {
        const SeedTuning& seed = tuning.seeds[task.seed];
        const double scale = tuning.windowScale;
        input.combos.push_back({task.la, task.lc, task.begin, task.end, seed.maxDeltaPhi * scale,
                                tuning.seedMaxAbsZ0Mm > 0 ? tuning.seedMaxAbsZ0Mm : seed.maxAbsZ0Mm * scale,
                                seed.maxAbsD0Mm * scale, seed.rPhi.constant, seed.rPhi.perMomentumMm,
                                seed.along.constant, seed.along.perMomentumMm, scale});
    }
    Result<gpu::SeedingOutput> output = gpu::findSeeds(input);
    if (!output)
        return output.error();
    // Slot by slot (layer triplet, then middle hit), as the CPU orders them; a middle hit with more
    // triplets than the device kept room for is done again on the CPU.
    std::vector<Seed> seeds;
    std::size_t slot = 0;
    for (const SeedTask& task : tasks)
        for (int b = task.begin; b < task.end; ++b, ++slot) {
            const int count = output->counts[slot];
            if (count < 0) {
                seedsFrom(ctx, tuning.seeds[task.seed], task.la, task.lc, b, b + 1, seeds);
                continue;
            }
            const std::size_t first = slot * static_cast<std::size_t>(input.capacity);
            for (int k = 0; k < count; ++k) {
                const gpu::DeviceSeed& d = output->seeds[first + static_cast<std::size_t>(k)];
                seeds.push_back({d.a, d.b, d.c, d.chi2});
            }
        }
    dropContinuations(seeds);
    return toTriplets(p.hits, seeds);
}

} // namespace sciperf
