// The event display's data side: joining hits, truth and a reconstruction into an EventScene,
// styling it into an EventPresentation, the texts of the properties panel and the track table.
#include "sciperf/analysis/tracking/score.h"
#include "sciperf/views/event_display.h"
#include "sciperf/views/mlperf_tables.h"
#include "sciperf/views/palette.h"

#include <QLocale>
#include <algorithm>
#include <cmath>
#include <numbers>
#include <optional>
#include <unordered_map>

namespace sciperf {

namespace {

using tracking::HitId;
using tracking::ParticleId;

// The field TrackML's detector is simulated in, along +z (T).
constexpr double kNominalFieldTesla = 2.0;
// A click reaches a hit this far away on screen (pixels), a track a little less.
constexpr double kHitReachPixels = 6.0;
constexpr double kTrackReachPixels = 4.0;
// Tracks drawn in the volume colouring are neutral, so that the hits' colours stand out.
const QColor kNeutralTrackColor(70, 70, 70);
// Coloured by volume, the hits carry the picture: thousands of tracks in a dark colour would hide
// them, so the tracks are a light context.
const QColor kContextTrackColor(205, 205, 205);

const std::unordered_map<std::int32_t, const char*> kVolumeNames{
    {7, "pixel endcap -z"},        {8, "pixel barrel"},        {9, "pixel endcap +z"},
    {12, "short-strip endcap -z"}, {13, "short-strip barrel"}, {14, "short-strip endcap +z"},
    {16, "long-strip endcap -z"},  {17, "long-strip barrel"},  {18, "long-strip endcap +z"}};

QColor statusColor(HitStatus status) {
    switch (status) {
    case HitStatus::Good:
        return categoricalColor(2);
    case HitStatus::Fake:
        return categoricalColor(3);
    case HitStatus::Duplicate:
        return categoricalColor(1);
    case HitStatus::Noise:
        return mutedColor();
    case HitStatus::Unassigned:
        return categoricalColor(0);
    case HitStatus::Unmatched:
        break;
    }
    return kNeutralTrackColor;
}

// The pT classes' colours, from the soft bulk to the hardest tracks: viridis from light to dark,
// so that on the white view the rare high-pT tracks stand out and the order reads without a key.
constexpr std::array<QRgb, kPtClassEdgesGeV.size() + 1> kPtClassColors{0xdde318, 0x6ccd5a, 0x1f9e89, 0x3e4989,
                                                                       0x440154};

// The pT class of a track (index into kPtClassColors); none without a pT.
std::optional<std::size_t> ptClass(double ptGeV) {
    if (!(ptGeV > 0))
        return std::nullopt;
    return std::size_t(std::upper_bound(kPtClassEdgesGeV.begin(), kPtClassEdgesGeV.end(), ptGeV) -
                       kPtClassEdgesGeV.begin());
}

QString ptClassName(std::size_t ptClass) {
    const auto gev = [](double value) {
        return QString::number(value, 'g', 3);
    };
    if (ptClass == 0)
        return QObject::tr("pT < %1 GeV").arg(gev(kPtClassEdgesGeV.front()));
    if (ptClass == kPtClassEdgesGeV.size())
        return QObject::tr("pT ≥ %1 GeV").arg(gev(kPtClassEdgesGeV.back()));
    return QObject::tr("pT %1–%2 GeV")
        .arg(gev(kPtClassEdgesGeV[ptClass - 1]), gev(kPtClassEdgesGeV[ptClass]));
}

// A colouring by classes: every hit in its class's colour, and a legend of the classes that have
// hits, each with its count of the hits shown (beside all of the event's where cuts hide some).
struct HitClass {
    QString name;
    QColor color;
};
void colorByClass(EventPresentation& shown, const std::vector<HitClass>& classes,
                  const std::vector<std::size_t>& hitClass) {
    std::vector<std::size_t> all(classes.size()), visible(classes.size());
    for (std::size_t i = 0; i < hitClass.size(); ++i) {
        shown.hitColors[i] = classes[hitClass[i]].color.rgb();
        ++all[hitClass[i]];
        visible[hitClass[i]] += shown.hitVisible[i];
    }
    for (std::size_t c = 0; c < classes.size(); ++c)
        if (all[c] > 0)
            shown.legend.push_back(
                {visible[c] == all[c]
                     ? QObject::tr("%1 (%2 hits)").arg(classes[c].name).arg(all[c])
                     : QObject::tr("%1 (%2 of %3 hits)").arg(classes[c].name).arg(visible[c]).arg(all[c]),
                 classes[c].color});
}

} // namespace

double distanceFromOriginMm(const tracking::Hits& hits, std::size_t i) {
    return std::sqrt(double(hits.x[i]) * hits.x[i] + double(hits.y[i]) * hits.y[i] +
                     double(hits.z[i]) * hits.z[i]);
}

namespace {

std::array<double, 3> positionOf(const tracking::Hits& hits, std::uint32_t hit) {
    return {hits.x[hit], hits.y[hit], hits.z[hit]};
}

// The helix through the track's hits (ordered outwards): free, as drawn and for d0 and z0; and the
// kinematics in the nominal field of the one also through the beam line, which a particle from the
// collision crossed (helix_fit.h: far better for the short arcs of forward tracks). A single hit
// gives a direction from the origin only.
void fitTrack(const tracking::Hits& hits, DisplayTrack& track) {
    std::vector<std::array<double, 3>> points;
    points.reserve(track.hits.size());
    for (const std::uint32_t hit : track.hits)
        points.push_back(positionOf(hits, hit));
    track.fit = tracking::fitHelix(points);
    const auto fromCollision = tracking::fitHelix(points, tracking::BeamLine::Through);
    if (!fromCollision) {
        const auto& [x, y, z] = points.front();
        track.phi = std::atan2(y, x);
        track.eta = std::asinh(z / std::max(std::hypot(x, y), 1e-3));
        return;
    }
    const double pt = fromCollision->ptGeV(kNominalFieldTesla);
    const bool measured = track.hits.size() >= 3 && std::isfinite(pt);
    track.ptGeV = measured ? pt : 0;
    track.charge = measured ? fromCollision->charge() : 0;
    track.eta = fromCollision->eta();
    track.phi = fromCollision->phi0;
}

void takeParticleKinematics(const tracking::Particles& particles, std::size_t p, DisplayTrack& track) {
    track.ptGeV = particles.pt(p);
    track.eta = particles.eta(p);
    track.phi = std::atan2(particles.py[p], particles.px[p]);
    track.charge = particles.q[p];
    track.kinematicsFromTruth = true;
    track.vertexMm = {particles.vx[p], particles.vy[p], particles.vz[p]};
}

QString number(double value, int decimals) {
    return QLocale::c().toString(value, 'f', decimals);
}

QString mm(double value) {
    return number(value, 1);
}

double distanceToSegment(QPointF p, QPointF a, QPointF b) {
    const QPointF ab = b - a;
    const double length2 = QPointF::dotProduct(ab, ab);
    const double s = length2 > 0 ? std::clamp(QPointF::dotProduct(p - a, ab) / length2, 0.0, 1.0) : 0.0;
    const QPointF d = p - (a + s * ab);
    return std::hypot(d.x(), d.y());
}

// A stable ordinal per particle (first appearance among the hits), for cycling the palette.
std::unordered_map<ParticleId, int> particleOrdinals(const EventScene& scene) {
    std::unordered_map<ParticleId, int> ordinals;
    for (const ParticleId id : scene.hitParticle)
        if (id != tracking::kNoiseParticle)
            ordinals.try_emplace(id, int(ordinals.size()));
    return ordinals;
}

} // namespace

QString hitStatusName(HitStatus status) {
    switch (status) {
    case HitStatus::Good:
        return QObject::tr("good");
    case HitStatus::Fake:
        return QObject::tr("fake");
    case HitStatus::Duplicate:
        return QObject::tr("duplicate");
    case HitStatus::Noise:
        return QObject::tr("noise");
    case HitStatus::Unassigned:
        return QObject::tr("unassigned");
    case HitStatus::Unmatched:
        break;
    }
    return QObject::tr("not judged");
}

QString hitColoringName(HitColoring coloring) {
    switch (coloring) {
    case HitColoring::Volume:
        return QObject::tr("volume");
    case HitColoring::Particle:
        return QObject::tr("true particle");
    case HitColoring::Track:
        return QObject::tr("track");
    case HitColoring::Status:
        return QObject::tr("status");
    case HitColoring::Pt:
        return QObject::tr("pT");
    case HitColoring::Charge:
        break;
    }
    return QObject::tr("charge");
}

std::int64_t EventScene::hitIndex(HitId id) const {
    // Event files list hits by increasing id; a subset keeps that order.
    const auto found = std::lower_bound(hits.hitId.begin(), hits.hitId.end(), id);
    if (found != hits.hitId.end() && *found == id)
        return found - hits.hitId.begin();
    const auto anywhere = std::find(hits.hitId.begin(), hits.hitId.end(), id);
    return anywhere == hits.hitId.end() ? -1 : anywhere - hits.hitId.begin();
}

Result<EventScene> makeEventScene(const tracking::Event& event, const tracking::Submission* submission,
                                  const QString& title) {
    EventScene scene;
    scene.title = title;
    scene.hits = event.hits;
    const std::size_t n = scene.hits.size();
    scene.hitTrack.assign(n, -1);
    scene.hitStatus.assign(n, HitStatus::Unassigned);
    scene.hasTruth = event.truth.has_value();
    scene.particles = event.particles;
    scene.volumes.assign(scene.hits.volumeId.begin(), scene.hits.volumeId.end());
    std::sort(scene.volumes.begin(), scene.volumes.end());
    scene.volumes.erase(std::unique(scene.volumes.begin(), scene.volumes.end()), scene.volumes.end());

    std::unordered_map<HitId, std::uint32_t> indexOf;
    indexOf.reserve(n);
    for (std::size_t i = 0; i < n; ++i)
        indexOf.emplace(scene.hits.hitId[i], std::uint32_t(i));
    std::unordered_map<ParticleId, std::size_t> particleRow;
    if (event.particles)
        for (std::size_t p = 0; p < event.particles->size(); ++p)
            particleRow.emplace(event.particles->particleId[p], p);
    std::unordered_map<ParticleId, double> particleWeight;
    if (scene.hasTruth) {
        scene.hitParticle.assign(n, tracking::kNoiseParticle);
        const tracking::Truth& truth = *event.truth;
        for (std::size_t t = 0; t < truth.size(); ++t) {
            const auto found = indexOf.find(truth.hitId[t]);
            if (found == indexOf.end())
                continue;
            scene.hitParticle[found->second] = truth.particleId[t];
            particleWeight[truth.particleId[t]] += truth.weight[t];
        }
    }

    // Group hits into tracks, keyed by the submission's label or by the true particle.
    std::vector<tracking::TrackId> trackIds;
    std::unordered_map<tracking::TrackId, std::size_t> trackOf;
    auto addHit = [&](tracking::TrackId id, std::uint32_t hit) {
        const auto [slot, added] = trackOf.try_emplace(id, scene.tracks.size());
        if (added) {
            scene.tracks.emplace_back();
            scene.tracks.back().id = id;
        }
        scene.tracks[slot->second].hits.push_back(hit);
        scene.hitTrack[hit] = std::int32_t(slot->second);
    };
    scene.tracksAreReconstructed = submission != nullptr;
    if (submission) {
        for (std::size_t s = 0; s < submission->size(); ++s)
            if (const auto found = indexOf.find(submission->hitId[s]);
                found != indexOf.end() && submission->trackId[s] != tracking::kUnassignedTrack)
                addHit(submission->trackId[s], found->second);
    } else if (scene.hasTruth) {
        for (std::uint32_t i = 0; i < n; ++i)
            if (scene.hitParticle[i] != tracking::kNoiseParticle)
                addHit(tracking::TrackId(scene.hitParticle[i]), i);
    }
    for (DisplayTrack& track : scene.tracks)
        std::sort(track.hits.begin(), track.hits.end(), [&](std::uint32_t a, std::uint32_t b) {
            return distanceFromOriginMm(scene.hits, a) < distanceFromOriginMm(scene.hits, b);
        });

    if (submission && scene.hasTruth) {
        const auto analysis = tracking::analyzeTracks(*event.truth, *submission);
        if (!analysis)
            return analysis.error();
        for (const tracking::TrackAnalysis& a : analysis.value()) {
            const auto found = a.submitted ? trackOf.find(a.trackId) : trackOf.end();
            if (found == trackOf.end())
                continue;
            DisplayTrack& track = scene.tracks[found->second];
            track.matchedParticle = a.majorParticleId;
            track.purity = a.nhits ? double(a.majorNhits) / double(a.nhits) : 0;
            track.weight = a.majorWeight;
            const bool matched = a.majorParticleId != tracking::kNoiseParticle && 2 * a.majorNhits > a.nhits;
            track.status = a.good() ? HitStatus::Good : matched ? HitStatus::Duplicate : HitStatus::Fake;
        }
    }
    double totalWeight = 0;
    for (const auto& [id, weight] : particleWeight)
        totalWeight += weight;
    for (DisplayTrack& track : scene.tracks) {
        if (!submission) { // a true particle
            track.matchedParticle = ParticleId(track.id);
            track.purity = 1;
            track.weight = totalWeight > 0 ? particleWeight[track.matchedParticle] / totalWeight : 0;
            if (const auto row = particleRow.find(track.matchedParticle); row != particleRow.end()) {
                fitTrack(scene.hits, track);
                takeParticleKinematics(*event.particles, row->second, track);
                continue;
            }
        }
        fitTrack(scene.hits, track);
    }
    for (std::size_t i = 0; i < n; ++i) {
        if (scene.hitTrack[i] >= 0)
            scene.hitStatus[i] = scene.tracks[std::size_t(scene.hitTrack[i])].status;
        else if (scene.hasTruth && scene.hitParticle[i] == tracking::kNoiseParticle)
            scene.hitStatus[i] = HitStatus::Noise;
    }
    return scene;
}

QColor volumeColor(const std::vector<std::int32_t>& volumes, std::int32_t volume) {
    const auto found = std::lower_bound(volumes.begin(), volumes.end(), volume);
    return categoricalColor(int(found - volumes.begin()));
}

QString volumeName(std::int32_t volume) {
    const auto found = kVolumeNames.find(volume);
    return found == kVolumeNames.end()
               ? QObject::tr("volume %1").arg(volume)
               : QObject::tr("%1 (%2)").arg(QString::fromLatin1(found->second)).arg(volume);
}

bool EventCuts::passesPhi(double phiRad) const {
    return phiFromRad <= phiToRad ? phiRad >= phiFromRad && phiRad <= phiToRad
                                  : phiRad >= phiFromRad || phiRad <= phiToRad;
}

std::vector<double> EventCuts::phiArcRad(int segmentsPerTurn) const {
    const double turn = 2 * std::numbers::pi;
    const double span = phiFromRad <= phiToRad ? phiToRad - phiFromRad : phiToRad - phiFromRad + turn;
    const int segments = std::max(1, int(std::ceil(segmentsPerTurn * span / turn)));
    std::vector<double> angles;
    for (int s = 0; s <= segments; ++s)
        angles.push_back(phiFromRad + span * s / segments);
    return angles;
}

EventPresentation presentEvent(std::shared_ptr<const EventScene> scene, HitColoring coloring,
                               const EventCuts& cuts, TrackShape trackShape) {
    EventPresentation shown;
    shown.coloring = coloring;
    shown.trackShape = trackShape;
    shown.maxDistanceMm = cuts.maxDistanceMm;
    const EventScene& s = *scene;
    const std::size_t n = s.hits.size();

    shown.trackVisible.resize(s.tracks.size());
    for (std::size_t t = 0; t < s.tracks.size(); ++t) {
        const DisplayTrack& track = s.tracks[t];
        // A cut on d0 takes only tracks with a fit (of two hits or more).
        const bool d0Passes =
            !std::isfinite(cuts.maxAbsD0Mm) || (track.fit && std::abs(track.fit->d0Mm) <= cuts.maxAbsD0Mm);
        shown.trackVisible[t] = track.ptGeV >= cuts.minPtGeV && std::abs(track.eta) <= cuts.maxAbsEta &&
                                int(track.hits.size()) >= cuts.minHits && d0Passes &&
                                cuts.passesPhi(track.phi) && !cuts.hiddenStatuses.count(track.status);
        shown.visibleTracks += shown.trackVisible[t];
    }
    // A hit on no track has no pT, η, d0 or track length: a cut on them hides it.
    const bool trackCuts = cuts.minPtGeV > 0 || std::isfinite(cuts.maxAbsEta) ||
                           std::isfinite(cuts.maxAbsD0Mm) || cuts.minHits > 0;
    const bool phiCut = cuts.phiFromRad > -std::numbers::pi || cuts.phiToRad < std::numbers::pi;
    const bool distanceCut = std::isfinite(cuts.maxDistanceMm);
    shown.hitVisible.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        const std::int32_t track = s.hitTrack[i];
        const auto passesOnItsOwn = [&] { // a hit on no track
            return !trackCuts &&
                   (!phiCut || cuts.passesPhi(std::atan2(double(s.hits.y[i]), double(s.hits.x[i]))));
        };
        shown.hitVisible[i] = (!distanceCut || distanceFromOriginMm(s.hits, i) <= cuts.maxDistanceMm) &&
                              !cuts.hiddenVolumes.count(s.hits.volumeId[i]) &&
                              !cuts.hiddenStatuses.count(s.hitStatus[i]) &&
                              (track < 0 ? passesOnItsOwn() : bool(shown.trackVisible[std::size_t(track)]));
        shown.visibleHits += shown.hitVisible[i];
    }

    const QRgb noise = mutedColor().rgb();
    shown.hitColors.resize(n);
    shown.trackColors.resize(s.tracks.size());
    switch (coloring) {
    case HitColoring::Volume:
        for (const std::int32_t volume : s.volumes)
            shown.legend.push_back({volumeName(volume), volumeColor(s.volumes, volume)});
        for (std::size_t i = 0; i < n; ++i)
            shown.hitColors[i] = volumeColor(s.volumes, s.hits.volumeId[i]).rgb();
        std::fill(shown.trackColors.begin(), shown.trackColors.end(), kContextTrackColor.rgb());
        break;
    case HitColoring::Particle: {
        const auto ordinals = particleOrdinals(s);
        auto colorOf = [&ordinals, noise](ParticleId id) {
            const auto found = ordinals.find(id);
            return found == ordinals.end() ? noise : categoricalColor(found->second).rgb();
        };
        for (std::size_t i = 0; i < n; ++i)
            shown.hitColors[i] = s.hasTruth ? colorOf(s.hitParticle[i]) : noise;
        for (std::size_t t = 0; t < s.tracks.size(); ++t)
            shown.trackColors[t] =
                s.tracks[t].status == HitStatus::Fake ? noise : colorOf(s.tracks[t].matchedParticle);
        shown.legend = {{QObject::tr("a colour per true particle"), categoricalColor(0)},
                        {s.hasTruth ? QObject::tr("noise") : QObject::tr("no truth"), mutedColor()}};
        break;
    }
    case HitColoring::Track:
        for (std::size_t t = 0; t < s.tracks.size(); ++t)
            shown.trackColors[t] = categoricalColor(int(t)).rgb();
        for (std::size_t i = 0; i < n; ++i)
            shown.hitColors[i] = s.hitTrack[i] < 0 ? noise : shown.trackColors[std::size_t(s.hitTrack[i])];
        shown.legend = {{s.tracksAreReconstructed ? QObject::tr("a colour per track")
                                                  : QObject::tr("a colour per true particle"),
                         categoricalColor(0)},
                        {QObject::tr("on no track"), mutedColor()}};
        break;
    case HitColoring::Status: {
        std::vector<HitClass> classes;
        for (const HitStatus status : kHitStatuses)
            classes.push_back({hitStatusName(status), statusColor(status)});
        std::vector<std::size_t> hitClass(n);
        for (std::size_t i = 0; i < n; ++i)
            hitClass[i] = std::size_t(s.hitStatus[i]);
        colorByClass(shown, classes, hitClass);
        for (std::size_t t = 0; t < s.tracks.size(); ++t)
            shown.trackColors[t] = statusColor(s.tracks[t].status).rgb();
        break;
    }
    case HitColoring::Pt:
    case HitColoring::Charge: {
        // Classes of tracks, and last the hits on no track (or on one without a pT or charge).
        std::vector<HitClass> classes;
        std::vector<std::optional<std::size_t>> trackClass(s.tracks.size());
        if (coloring == HitColoring::Pt) {
            for (std::size_t c = 0; c < kPtClassColors.size(); ++c)
                classes.push_back({ptClassName(c), QColor::fromRgb(kPtClassColors[c])});
            for (std::size_t t = 0; t < s.tracks.size(); ++t)
                trackClass[t] = ptClass(s.tracks[t].ptGeV);
        } else {
            classes = {{QObject::tr("positive"), categoricalColor(3)},
                       {QObject::tr("negative"), categoricalColor(0)}};
            for (std::size_t t = 0; t < s.tracks.size(); ++t)
                if (s.tracks[t].charge != 0)
                    trackClass[t] = s.tracks[t].charge > 0 ? 0 : 1;
        }
        const std::size_t unknown = classes.size();
        classes.push_back({coloring == HitColoring::Pt ? QObject::tr("on no track, or no pT")
                                                       : QObject::tr("on no track, or no charge"),
                           mutedColor()});
        for (std::size_t t = 0; t < s.tracks.size(); ++t)
            shown.trackColors[t] = classes[trackClass[t].value_or(unknown)].color.rgb();
        std::vector<std::size_t> hitClass(n, unknown);
        for (std::size_t i = 0; i < n; ++i)
            if (s.hitTrack[i] >= 0)
                hitClass[i] = trackClass[std::size_t(s.hitTrack[i])].value_or(unknown);
        colorByClass(shown, classes, hitClass);
        break;
    }
    }
    shown.scene = std::move(scene);
    return shown;
}

std::vector<std::array<double, 3>> trackPath(const EventScene& scene, std::size_t track, TrackShape shape) {
    using Point = std::array<double, 3>;
    const DisplayTrack& t = scene.tracks[track];
    auto throughHits = [&] {
        std::vector<Point> path;
        for (const std::uint32_t hit : t.hits)
            path.push_back(positionOf(scene.hits, hit));
        return path;
    };
    if (shape == TrackShape::ThroughHits || !t.fit)
        return throughHits();
    const tracking::HelixFit& fit = *t.fit;
    const double from = t.vertexMm ? fit.pathTo(*t.vertexMm) : std::min(0.0, fit.minPathMm);
    const double sweep = std::abs(fit.curvaturePerMm * (fit.maxPathMm - from));
    if (sweep > std::numbers::pi)
        return throughHits();
    constexpr double kMaxStepRad = 0.02;
    const int steps = std::clamp(int(std::ceil(sweep / kMaxStepRad)), 1, 256);
    std::vector<Point> path;
    path.reserve(std::size_t(steps) + 1);
    for (int i = 0; i <= steps; ++i)
        path.push_back(fit.pointAt(from + (fit.maxPathMm - from) * i / steps));
    return path;
}

std::vector<std::array<double, 3>> shownTrackPath(const EventPresentation& shown, std::size_t track) {
    std::vector<std::array<double, 3>> path = trackPath(*shown.scene, track, shown.trackShape);
    const double limit = shown.maxDistanceMm;
    const auto norm = [](const std::array<double, 3>& p) {
        return std::sqrt(p[0] * p[0] + p[1] * p[1] + p[2] * p[2]);
    };
    for (std::size_t i = 0; i < path.size(); ++i) {
        if (norm(path[i]) <= limit)
            continue;
        if (i == 0)
            return {};
        // Where the segment from the last point inside crosses the sphere: |a + t (b - a)| = limit.
        const auto a = path[i - 1], b = path[i];
        const std::array<double, 3> d{b[0] - a[0], b[1] - a[1], b[2] - a[2]};
        const double dd = d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
        const double ad = a[0] * d[0] + a[1] * d[1] + a[2] * d[2];
        const double aa = a[0] * a[0] + a[1] * a[1] + a[2] * a[2];
        const double t = (-ad + std::sqrt(std::max(0.0, ad * ad - dd * (aa - limit * limit)))) / dd;
        path.resize(i);
        path.push_back({a[0] + t * d[0], a[1] + t * d[1], a[2] + t * d[2]});
        break;
    }
    return path;
}

std::vector<std::array<double, 3>> selectionPoints(const EventPresentation& shown,
                                                   const EventSelection& selection) {
    std::vector<std::array<double, 3>> points;
    if (selection.track >= 0)
        points = shownTrackPath(shown, std::size_t(selection.track));
    if (selection.hit >= 0)
        points.push_back(positionOf(shown.scene->hits, std::uint32_t(selection.hit)));
    return points;
}

QString describeHit(const EventScene& scene, std::size_t hit) {
    const tracking::Hits& h = scene.hits;
    const double x = h.x[hit], y = h.y[hit], z = h.z[hit];
    QStringList lines{
        QObject::tr("Hit %1").arg(h.hitId[hit]),
        QObject::tr("position (%1, %2, %3) mm, r %4 mm").arg(mm(x), mm(y), mm(z), mm(std::hypot(x, y))),
        QObject::tr("%1, layer %2, module %3")
            .arg(volumeName(h.volumeId[hit]))
            .arg(h.layerId[hit])
            .arg(h.moduleId[hit]),
        QObject::tr("status: %1").arg(hitStatusName(scene.hitStatus[hit]))};
    if (scene.hasTruth) {
        const ParticleId particle = scene.hitParticle[hit];
        lines << (particle == tracking::kNoiseParticle ? QObject::tr("particle: none (noise)")
                                                       : QObject::tr("particle %1").arg(particle));
    }
    if (const std::int32_t track = scene.hitTrack[hit]; track >= 0)
        lines << QObject::tr("%1 %2")
                     .arg(scene.tracksAreReconstructed ? QObject::tr("track")
                                                       : QObject::tr("on true particle"))
                     .arg(scene.tracks[std::size_t(track)].id);
    else
        lines << QObject::tr("on no track");
    return lines.join(QLatin1Char('\n'));
}

QString describeTrack(const EventScene& scene, std::size_t track) {
    const DisplayTrack& t = scene.tracks[track];
    const QString source =
        t.kinematicsFromTruth ? QObject::tr("true") : QObject::tr("helix fit through the beam line, 2 T");
    QStringList lines{scene.tracksAreReconstructed ? QObject::tr("Track %1").arg(t.id)
                                                   : QObject::tr("True particle %1").arg(t.id),
                      QObject::tr("pT %1 GeV, eta %2, phi %3 rad (%4)")
                          .arg(number(t.ptGeV, 3), number(t.eta, 3), number(t.phi, 3), source),
                      QObject::tr("charge %1, %2 hits")
                          .arg(t.charge == 0 ? QObject::tr("unknown") : QString::number(t.charge))
                          .arg(t.hits.size()),
                      QObject::tr("status: %1").arg(hitStatusName(t.status))};
    if (t.fit)
        lines << QObject::tr("helix fit: d0 %1 mm, z0 %2 mm; hits off it by %3 mm (x-y), %4 mm (z), rms")
                     .arg(number(t.fit->d0Mm, 2), number(t.fit->z0Mm, 1), number(t.fit->rmsTransverseMm, 3),
                          number(t.fit->rmsLongitudinalMm, 2));
    if (scene.hasTruth && scene.tracksAreReconstructed) {
        lines << QObject::tr("matched particle %1, purity %2 %")
                     .arg(t.matchedParticle)
                     .arg(number(100 * t.purity, 1));
        if (scene.particles && t.matchedParticle != tracking::kNoiseParticle) {
            const auto& p = *scene.particles;
            const auto row = std::find(p.particleId.begin(), p.particleId.end(), t.matchedParticle);
            if (row != p.particleId.end()) {
                const std::size_t r = std::size_t(row - p.particleId.begin());
                lines << QObject::tr("its true pT %1 GeV, eta %2, q %3")
                             .arg(number(p.pt(r), 3), number(p.eta(r), 3))
                             .arg(p.q[r]);
            }
        }
    }
    if (scene.hasTruth)
        lines << QObject::tr("score weight %1").arg(number(t.weight, 5));
    return lines.join(QLatin1Char('\n'));
}

EventSelection pickOnScreen(const EventPresentation& presentation,
                            const std::function<bool(std::size_t hit, QPointF& at)>& project,
                            QPointF position) {
    const EventScene& scene = *presentation.scene;
    EventSelection picked;
    double best = kHitReachPixels;
    QPointF at;
    for (std::size_t i = 0; i < scene.hits.size(); ++i) {
        if (!presentation.hitVisible[i] || !project(i, at))
            continue;
        if (const double distance = std::hypot(at.x() - position.x(), at.y() - position.y());
            distance < best) {
            best = distance;
            picked.hit = std::int64_t(i);
        }
    }
    if (picked.hit >= 0) {
        const std::int32_t track = scene.hitTrack[std::size_t(picked.hit)];
        picked.track = track >= 0 && presentation.trackVisible[std::size_t(track)] ? track : -1;
        return picked;
    }
    best = kTrackReachPixels;
    for (std::size_t t = 0; t < scene.tracks.size(); ++t) {
        if (!presentation.trackVisible[t])
            continue;
        QPointF from;
        bool fromDrawn = false;
        for (const std::uint32_t hit : scene.tracks[t].hits) {
            const bool drawn = project(hit, at);
            if (drawn && fromDrawn) {
                if (const double distance = distanceToSegment(position, from, at); distance < best) {
                    best = distance;
                    picked.track = std::int64_t(t);
                }
            }
            from = at;
            fromDrawn = drawn;
        }
    }
    return picked;
}

// --- The track table. ---

namespace {
enum Column { kId, kStatus, kHits, kPt, kEta, kPhi, kCharge, kD0, kZ0, kPurity, kMatched, kWeight, kColumns };
}

EventTrackModel::EventTrackModel(QObject* parent)
    : QAbstractTableModel(parent) {}

void EventTrackModel::setPresentation(std::shared_ptr<const EventPresentation> presentation) {
    std::vector<std::uint32_t> rows;
    if (presentation)
        for (std::size_t t = 0; t < presentation->trackVisible.size(); ++t)
            if (presentation->trackVisible[t])
                rows.push_back(std::uint32_t(t));
    // The same tracks of the same event (a new colouring, each frame of Play): new values in
    // place, so that the table keeps its scroll position and selection.
    if (m_presentation && presentation && presentation->scene == m_presentation->scene && rows == m_rows) {
        m_presentation = std::move(presentation);
        if (!m_rows.empty())
            emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
        return;
    }
    beginResetModel();
    m_presentation = std::move(presentation);
    m_rows = std::move(rows);
    endResetModel();
}

int EventTrackModel::rowOf(std::int64_t track) const {
    const auto found = std::lower_bound(m_rows.begin(), m_rows.end(), track);
    return found != m_rows.end() && *found == track ? int(found - m_rows.begin()) : -1;
}

int EventTrackModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_rows.size());
}

int EventTrackModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : kColumns;
}

QVariant EventTrackModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || !m_presentation)
        return {};
    const std::uint32_t t = m_rows[std::size_t(index.row())];
    const EventScene& scene = *m_presentation->scene;
    const DisplayTrack& track = scene.tracks[t];
    if (role == kTrackRole)
        return t;
    if (role == Qt::DecorationRole && index.column() == kId)
        return QColor::fromRgb(m_presentation->trackColors[t]);
    if (role == Qt::TextAlignmentRole && index.column() != kStatus)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    const bool judged = scene.hasTruth && scene.tracksAreReconstructed;
    if (role == kSortRole) {
        switch (index.column()) {
        case kId:
            return qlonglong(track.id);
        case kStatus:
            return hitStatusName(track.status);
        case kHits:
            return qulonglong(track.hits.size());
        case kPt:
            return track.ptGeV;
        case kEta:
            return track.eta;
        case kPhi:
            return track.phi;
        case kCharge:
            return track.charge;
        case kD0:
            return track.fit ? QVariant(track.fit->d0Mm) : QVariant();
        case kZ0:
            return track.fit ? QVariant(track.fit->z0Mm) : QVariant();
        case kPurity:
            return track.purity;
        case kMatched:
            return qulonglong(track.matchedParticle);
        case kWeight:
            return track.weight;
        default:
            return {};
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case kId:
        return QString::number(track.id);
    case kStatus:
        return hitStatusName(track.status);
    case kHits:
        return QString::number(track.hits.size());
    case kPt:
        return number(track.ptGeV, 3);
    case kEta:
        return number(track.eta, 3);
    case kPhi:
        return number(track.phi, 3);
    case kCharge:
        return track.charge == 0 ? QStringLiteral("?") : QString::number(track.charge);
    case kD0:
        return track.fit ? number(track.fit->d0Mm, 2) : QString();
    case kZ0:
        return track.fit ? number(track.fit->z0Mm, 1) : QString();
    case kPurity:
        return judged ? number(100 * track.purity, 1) : QString();
    case kMatched:
        return scene.hasTruth ? QString::number(track.matchedParticle) : QString();
    case kWeight:
        return scene.hasTruth ? number(track.weight, 5) : QString();
    default:
        return {};
    }
}

QVariant EventTrackModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const std::array<const char*, kColumns> kNames{
        "Track",   "Status",  "Hits",       "pT (GeV)",         "η",     "φ (rad)", "q",
        "d0 (mm)", "z0 (mm)", "Purity (%)", "Matched particle", "Weight"};
    return QObject::tr(kNames[std::size_t(section)]);
}

} // namespace sciperf
