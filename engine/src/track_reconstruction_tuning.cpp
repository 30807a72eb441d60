// The tracker's tuning: its text format and its training on simulated events with truth
// (track_reconstruction.h).

#include "sciperf/analysis/tracking/csv.h"
#include "sciperf/engine/event_simulation.h"
#include "sciperf/engine/track_reconstruction.h"
#include "track_reconstruction_helix.h"
#include "track_reconstruction_internal.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>
#include <mutex>
#include <sstream>
#include <unordered_map>

namespace sciperf {
namespace {

std::string number(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.6g", value);
    return buffer;
}

std::string keyText(const tracking::ModuleKey& key) {
    return std::to_string(key.volumeId) + ' ' + std::to_string(key.layerId);
}

// The blank-separated fields of a line, without a comment.
std::vector<std::string_view> fieldsOf(std::string_view line) {
    if (const auto hash = line.find('#'); hash != std::string_view::npos)
        line = line.substr(0, hash);
    std::vector<std::string_view> fields;
    std::size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r'))
            ++i;
        const std::size_t start = i;
        while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r')
            ++i;
        if (i > start)
            fields.push_back(line.substr(start, i - start));
    }
    return fields;
}

class LineParser {
public:
    LineParser(const std::vector<std::string_view>& fields, std::string where)
        : m_fields(fields)
        , m_where(std::move(where)) {}

    // Numbers from field `first` on, exactly `count` of them after the record name.
    Result<std::vector<double>> numbers(std::size_t count) const {
        if (m_fields.size() != count + 1)
            return fail(m_where + ": '" + std::string(m_fields[0]) + "' takes " + std::to_string(count) +
                        " values, found " + std::to_string(m_fields.size() - 1));
        std::vector<double> values;
        for (std::size_t i = 1; i < m_fields.size(); ++i) {
            double value = 0;
            const std::string_view f = m_fields[i];
            const auto [end, error] = std::from_chars(f.data(), f.data() + f.size(), value);
            if (error != std::errc() || end != f.data() + f.size() || !std::isfinite(value))
                return fail(m_where + ": '" + std::string(f) + "' is not a number");
            values.push_back(value);
        }
        return values;
    }

private:
    const std::vector<std::string_view>& m_fields;
    std::string m_where;
};

tracking::ModuleKey layerKey(double volume, double layer) {
    return {static_cast<std::int32_t>(volume), static_cast<std::int32_t>(layer), 0};
}

} // namespace

std::string formatTuning(const TrackingTuning& t) {
    std::ostringstream out;
    out << "sciperf-track-tuning 1\n"
        << "# Learned by sciperf-run track-train (track_reconstruction.h describes the records).\n"
        << "option bz_tesla " << number(t.bzTesla) << "\noption min_pt_gev " << number(t.minPtGeV)
        << "\noption window_scale " << number(t.windowScale) << "\noption min_link_fraction "
        << number(t.minLinkFraction) << "\noption max_holes " << t.maxHoles << "\noption min_track_hits "
        << t.minTrackHits << "\noption max_chi2_per_hit " << number(t.maxChi2PerHit)
        << "\noption chi2_penalty " << number(t.chi2Penalty) << "\noption seed_max_abs_z0_mm "
        << number(t.seedMaxAbsZ0Mm) << "\noption passes " << t.passes << "\noption later_pass_chi2_scale "
        << number(t.laterPassChi2Scale) << "\noption later_pass_window_scale "
        << number(t.laterPassWindowScale) << "\noption first_pass_min_seed_weight "
        << number(t.firstPassMinSeedWeight) << "\noption first_pass_max_seed_radius_mm "
        << number(t.firstPassMaxSeedRadiusMm) << "\noption first_pass_min_track_hits "
        << t.firstPassMinTrackHits << '\n';
    out << "# layer VOL LAYER RPHI_C RPHI_P ALONG_C ALONG_P OVERLAP_RPHI_C OVERLAP_RPHI_P OVERLAP_ALONG_C "
           "OVERLAP_ALONG_P\n";
    for (const LayerTuning& l : t.layers)
        out << "layer " << l.volumeId << ' ' << l.layerId << ' ' << number(l.rPhi.constant) << ' '
            << number(l.rPhi.perMomentumMm) << ' ' << number(l.along.constant) << ' '
            << number(l.along.perMomentumMm) << ' ' << number(l.overlapRPhi.constant) << ' '
            << number(l.overlapRPhi.perMomentumMm) << ' ' << number(l.overlapAlong.constant) << ' '
            << number(l.overlapAlong.perMomentumMm) << '\n';
    out << "# link VOL LAYER VOL LAYER FRACTION RPHI_C RPHI_P ALONG_C ALONG_P\n";
    for (const LayerLink& l : t.links)
        out << "link " << keyText(l.from) << ' ' << keyText(l.to) << ' ' << number(l.fraction) << ' '
            << number(l.rPhi.constant) << ' ' << number(l.rPhi.perMomentumMm) << ' '
            << number(l.along.constant) << ' ' << number(l.along.perMomentumMm) << '\n';
    out << "# seed VOL LAYER VOL LAYER VOL LAYER MAX_DPHI MAX_Z0 MAX_D0 RPHI_C RPHI_P ALONG_C ALONG_P "
           "WEIGHT\n";
    for (const SeedTuning& s : t.seeds)
        out << "seed " << keyText(s.layers[0]) << ' ' << keyText(s.layers[1]) << ' ' << keyText(s.layers[2])
            << ' ' << number(s.maxDeltaPhi) << ' ' << number(s.maxAbsZ0Mm) << ' ' << number(s.maxAbsD0Mm)
            << ' ' << number(s.rPhi.constant) << ' ' << number(s.rPhi.perMomentumMm) << ' '
            << number(s.along.constant) << ' ' << number(s.along.perMomentumMm) << ' ' << number(s.weight)
            << '\n';
    return out.str();
}

Result<TrackingTuning> parseTuning(std::string_view text, const std::string& file) {
    TrackingTuning t;
    t.layers.clear();
    bool sawHeader = false;
    std::size_t lineNumber = 0;
    while (!text.empty()) {
        const std::size_t eol = text.find('\n');
        const std::string_view line = text.substr(0, eol);
        text = eol == std::string_view::npos ? std::string_view() : text.substr(eol + 1);
        ++lineNumber;
        const std::vector<std::string_view> fields = fieldsOf(line);
        if (fields.empty())
            continue;
        const std::string where = file + ':' + std::to_string(lineNumber);
        const LineParser parser(fields, where);
        const std::string_view kind = fields[0];
        if (!sawHeader) {
            if (kind != "sciperf-track-tuning" || fields.size() != 2 || fields[1] != "1")
                return fail(where + ": not a tracking tuning (expected 'sciperf-track-tuning 1')");
            sawHeader = true;
            continue;
        }
        if (kind == "option") {
            if (fields.size() != 3)
                return fail(where + ": 'option' takes a name and a value");
            const std::vector<std::string_view> valueOnly{fields[1], fields[2]};
            const Result<std::vector<double>> v = LineParser(valueOnly, where).numbers(1);
            if (!v)
                return v.error();
            const double value = v.value()[0];
            const std::string_view name = fields[1];
            if (name == "bz_tesla" && value > 0)
                t.bzTesla = value;
            else if (name == "min_pt_gev" && value > 0)
                t.minPtGeV = value;
            else if (name == "window_scale" && value > 0)
                t.windowScale = value;
            else if (name == "min_link_fraction" && value >= 0)
                t.minLinkFraction = value;
            else if (name == "max_holes" && value >= 0 && value <= 10)
                t.maxHoles = static_cast<int>(value);
            else if (name == "min_track_hits" && value >= 1 && value <= 100)
                t.minTrackHits = static_cast<int>(value);
            else if (name == "max_chi2_per_hit" && value > 0)
                t.maxChi2PerHit = value;
            else if (name == "chi2_penalty" && value >= 0)
                t.chi2Penalty = value;
            else if (name == "seed_max_abs_z0_mm" && value >= 0)
                t.seedMaxAbsZ0Mm = value;
            else if (name == "passes" && value >= 1 && value <= 5)
                t.passes = static_cast<int>(value);
            else if (name == "later_pass_chi2_scale" && value > 0)
                t.laterPassChi2Scale = value;
            else if (name == "later_pass_window_scale" && value > 0)
                t.laterPassWindowScale = value;
            else if (name == "first_pass_min_seed_weight" && value >= 0)
                t.firstPassMinSeedWeight = value;
            else if (name == "first_pass_max_seed_radius_mm" && value >= 0)
                t.firstPassMaxSeedRadiusMm = value;
            else if (name == "first_pass_min_track_hits" && value >= 0 && value <= 100)
                t.firstPassMinTrackHits = static_cast<int>(value);
            else
                return fail(where + ": unknown option or value out of range: " + std::string(name) + ' ' +
                            std::string(fields[2]));
        } else if (kind == "layer") {
            const Result<std::vector<double>> v = parser.numbers(10);
            if (!v)
                return v.error();
            const auto& n = v.value();
            t.layers.push_back({static_cast<std::int32_t>(n[0]),
                                static_cast<std::int32_t>(n[1]),
                                {n[2], n[3]},
                                {n[4], n[5]},
                                {n[6], n[7]},
                                {n[8], n[9]}});
        } else if (kind == "link") {
            const Result<std::vector<double>> v = parser.numbers(9);
            if (!v)
                return v.error();
            const auto& n = v.value();
            t.links.push_back({layerKey(n[0], n[1]), layerKey(n[2], n[3]), n[4], {n[5], n[6]}, {n[7], n[8]}});
        } else if (kind == "seed") {
            const Result<std::vector<double>> v = parser.numbers(14);
            if (!v)
                return v.error();
            const auto& n = v.value();
            SeedTuning s;
            s.layers = {layerKey(n[0], n[1]), layerKey(n[2], n[3]), layerKey(n[4], n[5])};
            s.maxDeltaPhi = n[6];
            s.maxAbsZ0Mm = n[7];
            s.maxAbsD0Mm = n[8];
            s.rPhi = {n[9], n[10]};
            s.along = {n[11], n[12]};
            s.weight = n[13];
            t.seeds.push_back(s);
        } else {
            return fail(where + ": unknown record '" + std::string(kind) + "'");
        }
    }
    if (!sawHeader)
        return fail(file + ": empty tuning file");
    if (t.seeds.empty())
        return fail(file + ": the tuning has no 'seed' records");
    return t;
}

Result<TrackingTuning> readTuning(const std::filesystem::path& file) {
    Result<std::string> text = tracking::readText(file);
    if (!text)
        return text.error();
    return parseTuning(text.value(), file.string());
}

// --- Training ---

namespace {

using namespace trackreco;

struct Sample {
    double p = 0;
    double rPhi = 0;
    double along = 0;
};

struct SeedSamples {
    double weight = 0;
    std::vector<double> dphi, z0, d0;
    std::vector<Sample> third;
};

struct EventSamples {
    std::map<std::pair<int, int>, double> links; // (from, to) → particles
    std::map<std::array<int, 3>, SeedSamples> seeds;
    std::vector<std::vector<Sample>> layers;                        // by layer index
    std::vector<std::vector<Sample>> overlaps;                      // by layer index
    std::map<std::pair<int, int>, std::vector<Sample>> linkSamples; // following, by (from, to)
    double totalWeight = 0;
};

double quantileOf(std::vector<double> values, double q) {
    if (values.empty())
        return 0;
    const auto k = static_cast<std::size_t>(std::min<double>(
        static_cast<double>(values.size() - 1), std::floor(q * static_cast<double>(values.size()))));
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(k), values.end());
    return values[k];
}

// The window holding the quantile q of the residuals: the constant part from stiff tracks, the
// multiple-scattering part from soft ones (|residual| · p).
std::pair<TrackingWindow, TrackingWindow> fitWindows(const std::vector<Sample>& samples, double q) {
    std::vector<double> stiffRPhi, stiffAlong, softRPhi, softAlong, allRPhi, allAlong;
    for (const Sample& s : samples) {
        allRPhi.push_back(std::abs(s.rPhi));
        allAlong.push_back(std::abs(s.along));
        if (s.p > 2) {
            stiffRPhi.push_back(std::abs(s.rPhi));
            stiffAlong.push_back(std::abs(s.along));
        } else if (s.p < 1) {
            softRPhi.push_back(std::abs(s.rPhi) * s.p);
            softAlong.push_back(std::abs(s.along) * s.p);
        }
    }
    constexpr std::size_t enough = 20;
    const auto fit = [&](std::vector<double>& stiff, std::vector<double>& soft, std::vector<double>& all) {
        TrackingWindow w;
        w.constant = stiff.size() >= enough ? quantileOf(stiff, q) : quantileOf(all, q) * 0.5;
        w.perMomentumMm = soft.size() >= enough ? quantileOf(soft, q) : quantileOf(all, q) * 0.5;
        return w;
    };
    return {fit(stiffRPhi, softRPhi, allRPhi), fit(stiffAlong, softAlong, allAlong)};
}

// The samples of one simulated event: every primary particle with a weight, its hits in path order.
EventSamples sampleEvent(const SimulatedEvent& event, const std::vector<TrackLayer>& layers,
                         const LayerIndex& index, double bz) {
    EventSamples out;
    out.layers.resize(layers.size());
    out.overlaps.resize(layers.size());
    const tracking::Truth& truth = event.truth;
    std::unordered_map<tracking::ParticleId, std::size_t> particleRow;
    for (std::size_t i = 0; i < event.particles.size(); ++i)
        particleRow.emplace(event.particles.particleId[i], i);
    std::unordered_map<tracking::ParticleId, std::vector<std::size_t>> hitsOf;
    for (std::size_t i = 0; i < truth.size(); ++i)
        if (truth.weight[i] > 0)
            hitsOf[truth.particleId[i]].push_back(i);
    std::vector<tracking::ParticleId> particles;
    for (const auto& [id, rows] : hitsOf)
        particles.push_back(id);
    std::sort(particles.begin(), particles.end());
    const tracking::Hits& hits = event.hits;
    const auto pointOf = [&](std::size_t row) {
        return Point{hits.x[row], hits.y[row], hits.z[row]};
    };
    for (const tracking::ParticleId id : particles) {
        std::vector<std::size_t> rows = hitsOf[id];
        const auto found = particleRow.find(id);
        if (found == particleRow.end())
            continue;
        const std::size_t p = found->second;
        const double vx = event.particles.vx[p], vy = event.particles.vy[p], vz = event.particles.vz[p];
        const auto distance = [&](std::size_t row) {
            return std::hypot(truth.tx[row] - vx, truth.ty[row] - vy, truth.tz[row] - vz);
        };
        std::sort(rows.begin(), rows.end(),
                  [&](std::size_t a, std::size_t b) { return distance(a) < distance(b); });
        double weight = 0;
        for (const std::size_t row : rows)
            weight += truth.weight[row];
        out.totalWeight += weight;
        // Groups of consecutive hits on one layer.
        std::vector<int> groupLayer;
        std::vector<std::vector<std::size_t>> groups;
        for (const std::size_t row : rows) {
            const int layer = index.find(hits.volumeId[row], hits.layerId[row]);
            if (layer < 0)
                continue;
            if (groupLayer.empty() || groupLayer.back() != layer) {
                groupLayer.push_back(layer);
                groups.emplace_back();
            }
            groups.back().push_back(row);
        }
        const std::size_t m = groups.size();
        for (std::size_t i = 0; i + 1 < m; ++i) {
            out.links[{groupLayer[i], groupLayer[i + 1]}] += 1;
            if (i + 2 < m)
                out.links[{groupLayer[i], groupLayer[i + 2]}] += 1;
        }
        // Seeds: the first three layers, and the three after the first (a missed first hit).
        for (std::size_t first = 0; first < 2 && first + 3 <= m; ++first) {
            const std::array<int, 3> combo{groupLayer[first], groupLayer[first + 1], groupLayer[first + 2]};
            const Point a = pointOf(groups[first][0]), b = pointOf(groups[first + 1][0]),
                        c = pointOf(groups[first + 2][0]);
            SeedSamples& s = out.seeds[combo];
            s.weight += first == 0 ? weight : 0;
            const double ra = std::hypot(a.x, a.y), rb = std::hypot(b.x, b.y);
            s.dphi.push_back(std::abs(wrapPhi(std::atan2(b.y, b.x) - std::atan2(a.y, a.x))));
            const double z0 = lineZ0(ra, a.z, rb, b.z);
            s.z0.push_back(std::abs(z0));
            s.d0.push_back(circleD0(a, b, c));
            HelixState state;
            if (std::abs(z0) < 1e6 && seedState(a, b, z0, state)) {
                const Prediction pred = predictOn(state, layers[static_cast<std::size_t>(combo[2])], bz);
                if (pred.valid)
                    for (const std::size_t row : groups[first + 2]) {
                        const Point h = pointOf(row);
                        const Residual res =
                            residualOf(pred, layers[static_cast<std::size_t>(combo[2])].barrel,
                                       std::hypot(h.x, h.y), std::atan2(h.y, h.x), h.z);
                        s.third.push_back({pred.pGeV, res.rPhi, res.along});
                    }
            }
        }
        // Following: the state from the first hits of the groups before j, as the tracker makes it,
        // and from those before j - 1 (a prediction across a hole).
        std::vector<Point> points;
        for (std::size_t j = 0; j < m; ++j)
            points.push_back(pointOf(groups[j][0]));
        const auto sample = [&](std::size_t known, std::size_t j, bool layerToo) {
            const StatePoints sp = statePoints(static_cast<int>(known));
            HelixState state;
            if (!stateFromThree(points[static_cast<std::size_t>(sp.first)],
                                points[static_cast<std::size_t>(sp.middle)],
                                points[static_cast<std::size_t>(sp.last)], state))
                return;
            const auto li = static_cast<std::size_t>(groupLayer[j]);
            const Prediction pred = predictOn(state, layers[li], bz);
            if (!pred.valid)
                return;
            std::vector<Sample>& link = out.linkSamples[{groupLayer[known - 1], groupLayer[j]}];
            for (const std::size_t row : groups[j]) {
                const Point h = pointOf(row);
                const Residual res =
                    residualOf(pred, layers[li].barrel, std::hypot(h.x, h.y), std::atan2(h.y, h.x), h.z);
                link.push_back({pred.pGeV, res.rPhi, res.along});
                if (layerToo)
                    out.layers[li].push_back({pred.pGeV, res.rPhi, res.along});
            }
        };
        for (std::size_t j = 3; j < m; ++j) {
            sample(j, j, true);
            if (j >= 4)
                sample(j - 1, j, false);
        }
        // Overlaps: the other hits of a group against the line tangent at its first.
        for (std::size_t j = 0; j < m && m >= 3; ++j) {
            if (groups[j].size() < 2)
                continue;
            HelixState tangent;
            if (!tangentAt(points, static_cast<int>(j), tangent))
                continue;
            const auto li = static_cast<std::size_t>(groupLayer[j]);
            for (std::size_t k = 1; k < groups[j].size(); ++k) {
                const Residual res = overlapResidual(tangent, layers[li].barrel, pointOf(groups[j][k]));
                out.overlaps[li].push_back({momentumOf(tangent, bz), res.rPhi, res.along});
            }
        }
    }
    return out;
}

bool isPixel(const TrackLayer& layer) {
    return layer.volumeId >= 7 && layer.volumeId <= 9;
}

} // namespace

Result<TrackingTuning> trainTuning(const EventSimulator& simulator, const TrainingOptions& options,
                                   ProgressReporter& progress) {
    if (options.events == 0)
        return fail("training needs at least one event");
    const std::vector<TrackLayer> layers = trackLayers(simulator.detector());
    const LayerIndex index(layers);
    TrackingTuning tuning;
    tuning.bzTesla = simulator.config().bzTesla;
    tuning.minPtGeV = simulator.config().minHitPtGeV * 0.9;
    // Seed triplets on any layers are learned (those reaching into the strips seed the particles
    // without three pixel hits); the first pass seeds within the pixel detector only.
    for (const TrackLayer& layer : layers)
        if (isPixel(layer))
            tuning.firstPassMaxSeedRadiusMm = std::max(tuning.firstPassMaxSeedRadiusMm, layer.maxR + 1);

    std::vector<EventSamples> perEvent(options.events);
    std::mutex progressMutex;
    std::size_t done = 0;
    bool cancelled = false;
    parallelFor(options.events, resolveThreads(options.threads), [&](std::size_t e) {
        {
            const std::lock_guard lock(progressMutex);
            if (cancelled || progress.cancelRequested()) {
                cancelled = true;
                return;
            }
        }
        const SimulatedEvent event = simulator.simulate(options.seed, e);
        perEvent[e] = sampleEvent(event, layers, index, tuning.bzTesla);
        const std::lock_guard lock(progressMutex);
        ++done;
        progress.progress(static_cast<double>(done) / static_cast<double>(options.events),
                          "Learned from event " + std::to_string(done) + " of " +
                              std::to_string(options.events));
    });
    if (cancelled)
        return fail("cancelled");

    // Merge in event order.
    EventSamples all;
    all.layers.resize(layers.size());
    all.overlaps.resize(layers.size());
    for (EventSamples& e : perEvent) {
        all.totalWeight += e.totalWeight;
        for (const auto& [link, count] : e.links)
            all.links[link] += count;
        for (auto& [link, samples] : e.linkSamples) {
            std::vector<Sample>& into = all.linkSamples[link];
            into.insert(into.end(), samples.begin(), samples.end());
        }
        for (auto& [combo, s] : e.seeds) {
            SeedSamples& into = all.seeds[combo];
            into.weight += s.weight;
            into.dphi.insert(into.dphi.end(), s.dphi.begin(), s.dphi.end());
            into.z0.insert(into.z0.end(), s.z0.begin(), s.z0.end());
            into.d0.insert(into.d0.end(), s.d0.begin(), s.d0.end());
            into.third.insert(into.third.end(), s.third.begin(), s.third.end());
        }
        for (std::size_t l = 0; l < layers.size(); ++l) {
            all.layers[l].insert(all.layers[l].end(), e.layers[l].begin(), e.layers[l].end());
            all.overlaps[l].insert(all.overlaps[l].end(), e.overlaps[l].begin(), e.overlaps[l].end());
        }
        e = {};
    }

    const double q = options.quantile;
    for (std::size_t l = 0; l < layers.size(); ++l) {
        if (all.layers[l].size() < 20 && all.overlaps[l].size() < 20)
            continue;
        // A layer without enough samples of one kind gets the generous defaults of layerTunings.
        const LayerTuning fallback = defaultLayerTuning();
        const auto [rPhi, along] = all.layers[l].size() < 20 ? std::pair{fallback.rPhi, fallback.along}
                                                             : fitWindows(all.layers[l], q);
        const auto [overlapRPhi, overlapAlong] = all.overlaps[l].size() < 20
                                                     ? std::pair{fallback.overlapRPhi, fallback.overlapAlong}
                                                     : fitWindows(all.overlaps[l], q);
        tuning.layers.push_back(
            {layers[l].volumeId, layers[l].layerId, rPhi, along, overlapRPhi, overlapAlong});
    }
    std::map<int, double> outgoing;
    for (const auto& [link, count] : all.links)
        outgoing[link.first] += count;
    for (const auto& [link, count] : all.links) {
        const double fraction = count / outgoing[link.first];
        if (count < 3 || fraction < 0.002)
            continue;
        const TrackLayer& to = layers[static_cast<std::size_t>(link.second)];
        const auto own = std::find_if(tuning.layers.begin(), tuning.layers.end(), [&](const LayerTuning& l) {
            return l.volumeId == to.volumeId && l.layerId == to.layerId;
        });
        const LayerTuning layerWindows = own != tuning.layers.end() ? *own : defaultLayerTuning();
        const auto samples = all.linkSamples.find(link);
        const auto [rPhi, along] = samples != all.linkSamples.end() && samples->second.size() >= 20
                                       ? fitWindows(samples->second, q)
                                       : std::pair{layerWindows.rPhi, layerWindows.along};
        tuning.links.push_back(
            {keyOf(layers[static_cast<std::size_t>(link.first)]), keyOf(to), fraction, rPhi, along});
    }
    for (auto& [combo, s] : all.seeds) {
        const double share = all.totalWeight > 0 ? s.weight / all.totalWeight : 0;
        if (s.third.size() < 30 || (share < options.minSeedWeight && s.dphi.size() < 200))
            continue;
        SeedTuning seed;
        for (std::size_t i = 0; i < 3; ++i)
            seed.layers[i] = keyOf(layers[static_cast<std::size_t>(combo[i])]);
        seed.maxDeltaPhi = quantileOf(s.dphi, q);
        seed.maxAbsZ0Mm = quantileOf(s.z0, q);
        seed.maxAbsD0Mm = quantileOf(s.d0, q);
        const auto [rPhi, along] = fitWindows(s.third, q);
        seed.rPhi = rPhi;
        seed.along = along;
        seed.weight = share;
        tuning.seeds.push_back(seed);
    }
    std::sort(tuning.seeds.begin(), tuning.seeds.end(),
              [](const SeedTuning& a, const SeedTuning& b) { return a.weight > b.weight; });
    if (tuning.seeds.empty())
        return fail("training found no seed layers (too few events?)");
    return tuning;
}

} // namespace sciperf
