// The event display on a fixed small event: three particles of eight hits in an eight-layer
// barrel, six noise hits, and a reconstruction with one good, one split (good + duplicate) and one
// fake track. The scene's statuses and cuts are checked by count; the 3D view and both projections
// against baseline images (SCIPERF_UPDATE_BASELINES=1 writes them); clicks on known hits and
// tracks select them in every view. Runs under Xvfb (Mesa).
#include "sciperf/views/event_display.h"
#include "sciperf/views/event_projections.h"
#include "sciperf/views/palette.h"
#include "sciperf/views/plot_export.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QImage>
#include <QMouseEvent>
#include <QSignalSpy>
#include <QTemporaryFile>
#include <QTest>
#include <QtMath>
#include <cmath>
#include <cstdio>
#include <functional>
#include <iostream>
#include <numbers>
#include <set>
#include <string>
#include <unistd.h>
#include <vector>
#include <vtkActor.h>
#include <vtkActorCollection.h>
#include <vtkCallbackCommand.h>
#include <vtkCamera.h>
#include <vtkMapper.h>
#include <vtkNew.h>
#include <vtkProperty.h>
#include <vtkRenderer.h>
#include <vtkShader.h>
#include <vtkShaderProgram.h>

using namespace sciperf;
using namespace sciperf::tracking;

namespace {

constexpr int kLayers = 8;
constexpr double kFirstRadiusMm = 20;
constexpr double kLayerSpacingMm = 20;
constexpr double kHalfLengthZMm = 150;
constexpr double kGeVPerTeslaMm = 0.299792458e-3;
constexpr double kFieldTesla = 2;
// Mean absolute difference per colour channel (0-255) a picture may have from its baseline:
// antialiasing and font hinting move a few edge pixels, a wrong picture moves many.
constexpr double kMaxMeanDifference = 1.5;
const QSize kViewSize(480, 360);

double layerRadius(int layer) {
    return kFirstRadiusMm + kLayerSpacingMm * layer;
}

int modulesIn(int layer) {
    return 8 + 2 * layer;
}

// An eight-layer barrel (volume 8): flat modules tangent to their layer's circle, v along z.
Detector tinyDetector(double halfLengthZMm = kHalfLengthZMm) {
    std::vector<Module> modules;
    for (int layer = 0; layer < kLayers; ++layer) {
        const int count = modulesIn(layer);
        for (int m = 0; m < count; ++m) {
            const double phi = 2 * std::numbers::pi * m / count;
            Module module;
            module.key = {8, 2 * (layer + 1), m + 1};
            module.centerMm = {layerRadius(layer) * std::cos(phi), layerRadius(layer) * std::sin(phi), 0};
            // Columns u (tangential), v (z), w (radial).
            module.rotation = {Vector3{-std::sin(phi), 0, std::cos(phi)},
                               Vector3{std::cos(phi), 0, std::sin(phi)}, Vector3{0, 1, 0}};
            module.minHalfLengthUMm = module.maxHalfLengthUMm =
                1.1 * layerRadius(layer) * std::tan(std::numbers::pi / count);
            module.halfLengthVMm = halfLengthZMm;
            module.thicknessMm = 0.15;
            modules.push_back(module);
        }
    }
    return Detector(std::move(modules));
}

struct ParticleSpec {
    ParticleId id;
    double ptGeV, phi0, eta;
    int charge;
};
const std::array kParticles{ParticleSpec{1001, 1.0, 0.4, 0.2, 1}, ParticleSpec{1002, 0.5, 2.3, -0.45, -1},
                            ParticleSpec{1003, 2.0, 4.2, 0.3, 1}};

// Hits 1-24: particle p's hit on layer l is hit 8p + l + 1; hits 25-30 are noise.
Event tinyEvent() {
    Event event;
    Hits& hits = event.hits;
    Truth truth;
    Particles particles;
    auto addHit = [&](double x, double y, double z, int layer, ParticleId particle, float weight) {
        const HitId id = HitId(hits.size() + 1);
        const double phi = std::atan2(y, x);
        const int count = modulesIn(layer);
        const int module =
            int(std::lround((phi < 0 ? phi + 2 * std::numbers::pi : phi) / (2 * std::numbers::pi) * count)) %
            count;
        hits.hitId.push_back(id);
        hits.x.push_back(float(x));
        hits.y.push_back(float(y));
        hits.z.push_back(float(z));
        hits.volumeId.push_back(8);
        hits.layerId.push_back(2 * (layer + 1));
        hits.moduleId.push_back(module + 1);
        truth.hitId.push_back(id);
        truth.particleId.push_back(particle);
        truth.tx.push_back(float(x));
        truth.ty.push_back(float(y));
        truth.tz.push_back(float(z));
        truth.tpx.push_back(0);
        truth.tpy.push_back(0);
        truth.tpz.push_back(0);
        truth.weight.push_back(weight);
    };
    for (const ParticleSpec& p : kParticles) {
        // A helix from the origin: at radius r the position angle is phi0 - q asin(r / 2R).
        const double radius = p.ptGeV / (kGeVPerTeslaMm * kFieldTesla);
        for (int layer = 0; layer < kLayers; ++layer) {
            const double r = layerRadius(layer);
            const double phi = p.phi0 - p.charge * std::asin(r / (2 * radius));
            addHit(r * std::cos(phi), r * std::sin(phi), r * std::sinh(p.eta), layer, p.id, 1.0f / 24);
        }
        particles.particleId.push_back(p.id);
        particles.vx.push_back(0);
        particles.vy.push_back(0);
        particles.vz.push_back(0);
        particles.px.push_back(float(p.ptGeV * std::cos(p.phi0)));
        particles.py.push_back(float(p.ptGeV * std::sin(p.phi0)));
        particles.pz.push_back(float(p.ptGeV * std::sinh(p.eta)));
        particles.q.push_back(p.charge);
        particles.nhits.push_back(kLayers);
    }
    const std::array<std::array<double, 3>, 6> noise{
        {{-70, -95, 40}, {120, 30, -90}, {-20, 140, 120}, {60, -50, -20}, {-150, -30, -60}, {35, 90, 80}}};
    for (const auto& [x, y, z] : noise) {
        const int layer = int(std::lround((std::hypot(x, y) - kFirstRadiusMm) / kLayerSpacingMm));
        addHit(x, y, z, std::clamp(layer, 0, kLayers - 1), kNoiseParticle, 0);
    }
    event.truth = truth;
    event.particles = particles;
    return event;
}

// Track 1: particle 1001 whole (good). Tracks 2 and 3: particle 1002 split 5 + 3 (good, duplicate).
// Track 4: two hits of 1003 and two noise hits (fake). The rest of 1003 and the other noise hits
// are labelled as on no track (tracking::kUnassignedTrack), as our tracker writes them.
Submission tinySubmission() {
    Submission submission;
    auto add = [&submission](HitId hit, TrackId track) {
        submission.hitId.push_back(hit);
        submission.trackId.push_back(track);
    };
    for (HitId h = 1; h <= 8; ++h)
        add(h, 1);
    for (HitId h = 9; h <= 13; ++h)
        add(h, 2);
    for (HitId h = 14; h <= 16; ++h)
        add(h, 3);
    for (const HitId h : {17, 18, 25, 26})
        add(h, 4);
    for (const HitId h : {19, 20, 21, 22, 23, 24, 27, 28, 29, 30})
        add(h, tracking::kUnassignedTrack);
    return submission;
}

std::shared_ptr<const EventScene> tinyScene() {
    const Event event = tinyEvent();
    const Submission submission = tinySubmission();
    auto scene = makeEventScene(event, &submission, QStringLiteral("tiny event"));
    if (!scene)
        qFatal("%s", scene.error().message.c_str());
    return std::make_shared<const EventScene>(std::move(scene).value());
}

std::size_t countStatus(const EventScene& scene, HitStatus status) {
    return std::size_t(std::count(scene.hitStatus.begin(), scene.hitStatus.end(), status));
}

std::int64_t trackWithId(const EventScene& scene, TrackId id) {
    for (std::size_t t = 0; t < scene.tracks.size(); ++t)
        if (scene.tracks[t].id == id)
            return std::int64_t(t);
    return -1;
}

double meanAbsoluteDifference(const QImage& a, const QImage& b) {
    const QImage x = a.convertToFormat(QImage::Format_RGB32), y = b.convertToFormat(QImage::Format_RGB32);
    double sum = 0;
    for (int row = 0; row < x.height(); ++row) {
        const auto* p = reinterpret_cast<const QRgb*>(x.constScanLine(row));
        const auto* q = reinterpret_cast<const QRgb*>(y.constScanLine(row));
        for (int column = 0; column < x.width(); ++column)
            sum += std::abs(qRed(p[column]) - qRed(q[column])) +
                   std::abs(qGreen(p[column]) - qGreen(q[column])) +
                   std::abs(qBlue(p[column]) - qBlue(q[column]));
    }
    return sum / (3.0 * x.width() * x.height());
}

// Empty when `image` matches the baseline `name`.png; otherwise says why and keeps the image in
// the working directory (the build tree) as <name>-actual.png.
QString compareWithBaseline(const QImage& image, const QString& name) {
    const QString baseline = qEnvironmentVariable("SCIPERF_SOURCE_DIR") +
                             QStringLiteral("/tests/data/views/event_display/") + name +
                             QStringLiteral(".png");
    if (qEnvironmentVariableIntValue("SCIPERF_UPDATE_BASELINES") == 1) {
        QDir().mkpath(QFileInfo(baseline).path());
        return image.save(baseline) ? QString() : QStringLiteral("cannot write %1").arg(baseline);
    }
    const QImage expected(baseline);
    const QString actual = QDir::current().absoluteFilePath(name + QStringLiteral("-actual.png"));
    if (expected.isNull()) {
        image.save(actual);
        return QStringLiteral("no baseline %1 (SCIPERF_UPDATE_BASELINES=1 writes it); the picture is %2")
            .arg(baseline, actual);
    }
    if (expected.size() != image.size()) {
        image.save(actual);
        return QStringLiteral("%1 is %2x%3, the picture %4x%5: %6")
            .arg(baseline)
            .arg(expected.width())
            .arg(expected.height())
            .arg(image.width())
            .arg(image.height())
            .arg(actual);
    }
    const double difference = meanAbsoluteDifference(image, expected);
    if (difference <= kMaxMeanDifference)
        return {};
    image.save(actual);
    return QStringLiteral("mean difference %1 from %2 (at most %3); the picture is %4")
        .arg(difference)
        .arg(baseline)
        .arg(kMaxMeanDifference)
        .arg(actual);
}

} // namespace

class TestEventDisplay : public QObject {
    Q_OBJECT

    std::shared_ptr<const EventScene> m_scene = tinyScene();
    Detector m_detector = tinyDetector();

    std::shared_ptr<const EventPresentation> present(HitColoring coloring, const EventCuts& cuts = {}) const {
        return std::make_shared<const EventPresentation>(presentEvent(m_scene, coloring, cuts));
    }

    // The track with the highest pT: the one a slow view keeps longest while the camera moves.
    std::size_t fastestTrack() const {
        std::size_t fastest = 0;
        for (std::size_t t = 1; t < m_scene->tracks.size(); ++t)
            if (m_scene->tracks[t].ptGeV > m_scene->tracks[fastest].ptGeV)
                fastest = t;
        return fastest;
    }

    std::unique_ptr<EventDisplay> shownDisplay(HitColoring coloring) {
        auto display = std::make_unique<EventDisplay>();
        display->resize(kViewSize);
        display->setDetector(m_detector);
        display->setPresentation(present(coloring));
        display->setCamera(EventDisplay::Camera::Perspective);
        display->show();
        if (!QTest::qWaitForWindowExposed(display.get()))
            qFatal("the 3D view was not shown");
        return display;
    }

    std::unique_ptr<EventProjection> shownProjection(EventProjection::Kind kind, HitColoring coloring) {
        auto projection = std::make_unique<EventProjection>(kind);
        projection->resize(kViewSize);
        projection->show();
        if (!QTest::qWaitForWindowExposed(projection.get()))
            qFatal("the projection was not shown");
        projection->setDetector(m_detector);
        projection->setPresentation(present(coloring));
        return projection;
    }

private slots:
    void judgesEveryHitAgainstTheTruth() {
        const EventScene& scene = *m_scene;
        QCOMPARE(scene.tracks.size(), std::size_t(4));
        QCOMPARE(scene.tracks[std::size_t(trackWithId(scene, 1))].status, HitStatus::Good);
        QCOMPARE(scene.tracks[std::size_t(trackWithId(scene, 2))].status, HitStatus::Good);
        QCOMPARE(scene.tracks[std::size_t(trackWithId(scene, 3))].status, HitStatus::Duplicate);
        QCOMPARE(scene.tracks[std::size_t(trackWithId(scene, 4))].status, HitStatus::Fake);
        QCOMPARE(countStatus(scene, HitStatus::Good), std::size_t(13));
        QCOMPARE(countStatus(scene, HitStatus::Duplicate), std::size_t(3));
        QCOMPARE(countStatus(scene, HitStatus::Fake), std::size_t(4));
        QCOMPARE(countStatus(scene, HitStatus::Unassigned), std::size_t(6));
        QCOMPARE(countStatus(scene, HitStatus::Noise), std::size_t(4));
        const DisplayTrack& split = scene.tracks[std::size_t(trackWithId(scene, 3))];
        QCOMPARE(split.matchedParticle, ParticleId(1002));
        QCOMPARE(split.purity, 1.0);
    }

    void coloursTracksAndTheirHitsByPtClassOrCharge() {
        // Kinematics set by hand: pT 0.2, 1.0 (on an edge: the class above), 50 GeV and none;
        // charges +, -, unknown, +.
        auto scene = std::make_shared<EventScene>(*m_scene);
        const std::array<double, 4> pt{0.2, 1.0, 50, 0};
        const std::array<int, 4> charge{1, -1, 0, 1};
        std::array<std::size_t, 4> track{}, hits{};
        for (TrackId id = 1; id <= 4; ++id) {
            const auto t = std::size_t(trackWithId(*scene, id));
            track[std::size_t(id - 1)] = t;
            hits[std::size_t(id - 1)] = scene->tracks[t].hits.size();
            scene->tracks[t].ptGeV = pt[std::size_t(id - 1)];
            scene->tracks[t].charge = charge[std::size_t(id - 1)];
        }
        const std::size_t onNoTrack =
            countStatus(*scene, HitStatus::Noise) + countStatus(*scene, HitStatus::Unassigned);
        QCOMPARE(onNoTrack + hits[0] + hits[1] + hits[2] + hits[3], scene->hits.size());
        const auto labels = [](const EventPresentation& shown) {
            QStringList result;
            for (const LegendEntry& entry : shown.legend)
                result << entry.label;
            return result;
        };
        const auto colorOf = [](const EventPresentation& shown, const QString& label) {
            for (const LegendEntry& entry : shown.legend)
                if (entry.label.startsWith(label))
                    return entry.color.rgb();
            return QRgb(0);
        };
        // Every hit in its track's colour, the hits on no track in the last class's.
        const auto hitsFollowTheirTracks = [&scene](const EventPresentation& shown, QRgb noTrack) {
            for (std::size_t i = 0; i < scene->hits.size(); ++i) {
                const std::int32_t t = scene->hitTrack[i];
                if (shown.hitColors[i] != (t < 0 ? noTrack : shown.trackColors[std::size_t(t)]))
                    return false;
            }
            return true;
        };

        const EventPresentation byPt = presentEvent(scene, HitColoring::Pt, {});
        QCOMPARE(labels(byPt),
                 (QStringList{QStringLiteral("pT < 0.3 GeV (%1 hits)").arg(hits[0]),
                              QStringLiteral("pT 1–3 GeV (%1 hits)").arg(hits[1]),
                              QStringLiteral("pT ≥ 10 GeV (%1 hits)").arg(hits[2]),
                              QStringLiteral("on no track, or no pT (%1 hits)").arg(onNoTrack + hits[3])}));
        QCOMPARE(byPt.trackColors[track[0]], colorOf(byPt, QStringLiteral("pT < 0.3")));
        QCOMPARE(byPt.trackColors[track[1]], colorOf(byPt, QStringLiteral("pT 1–3")));
        QCOMPARE(byPt.trackColors[track[2]], colorOf(byPt, QStringLiteral("pT ≥ 10")));
        QCOMPARE(byPt.trackColors[track[3]], mutedColor().rgb());
        QVERIFY(hitsFollowTheirTracks(byPt, mutedColor().rgb()));
        // Softest lightest, hardest darkest: the order reads without the key.
        QVERIFY(qGray(byPt.trackColors[track[0]]) > qGray(byPt.trackColors[track[1]]));
        QVERIFY(qGray(byPt.trackColors[track[1]]) > qGray(byPt.trackColors[track[2]]));

        const EventPresentation byCharge = presentEvent(scene, HitColoring::Charge, {});
        QCOMPARE(
            labels(byCharge),
            (QStringList{QStringLiteral("positive (%1 hits)").arg(hits[0] + hits[3]),
                         QStringLiteral("negative (%1 hits)").arg(hits[1]),
                         QStringLiteral("on no track, or no charge (%1 hits)").arg(onNoTrack + hits[2])}));
        QCOMPARE(byCharge.trackColors[track[0]], byCharge.trackColors[track[3]]);
        QVERIFY(byCharge.trackColors[track[0]] != byCharge.trackColors[track[1]]);
        QCOMPARE(byCharge.trackColors[track[2]], mutedColor().rgb());
        QVERIFY(hitsFollowTheirTracks(byCharge, mutedColor().rgb()));

        // Under a cut the legend counts the hits shown of all: pT >= 1 GeV leaves tracks 2 and 3.
        EventCuts cuts;
        cuts.minPtGeV = 1;
        QCOMPARE(
            labels(presentEvent(scene, HitColoring::Pt, cuts)),
            (QStringList{QStringLiteral("pT < 0.3 GeV (0 of %1 hits)").arg(hits[0]),
                         QStringLiteral("pT 1–3 GeV (%1 hits)").arg(hits[1]),
                         QStringLiteral("pT ≥ 10 GeV (%1 hits)").arg(hits[2]),
                         QStringLiteral("on no track, or no pT (0 of %1 hits)").arg(onNoTrack + hits[3])}));
    }

    // Helices: drawn from the helix fitted to the hits, from the perigee (or the true vertex) along
    // the short arc to the farthest hit; collinear hits a straight line; more than half a turn is
    // drawn through the hits.
    void tracksAreDrawnThroughTheirHitsOrAsHelices() {
        constexpr double kRadiusMm = 500, kCentreX = 0, kCentreY = 500; // a circle through the origin
        const double perigeeAngle = -std::numbers::pi / 2;              // the origin, seen from the centre
        EventScene scene;
        // Fits the track to its hits as makeEventScene does.
        const auto refit = [&scene] {
            std::vector<std::array<double, 3>> points;
            for (const std::uint32_t hit : scene.tracks[0].hits)
                points.push_back({scene.hits.x[hit], scene.hits.y[hit], scene.hits.z[hit]});
            scene.tracks[0].fit = fitHelix(points);
        };
        const auto setHits = [&scene](const std::vector<double>& angles) {
            scene.hits = {};
            for (std::size_t i = 0; i < angles.size(); ++i) {
                scene.hits.hitId.push_back(tracking::HitId(i + 1));
                scene.hits.x.push_back(float(kCentreX + kRadiusMm * std::cos(angles[i])));
                scene.hits.y.push_back(float(kCentreY + kRadiusMm * std::sin(angles[i])));
                scene.hits.z.push_back(float(100 * i)); // z grows with the angle
            }
        };
        setHits({-1.4, -1.1, -0.8, -0.5}); // rad about the centre, anticlockwise
        DisplayTrack track;
        track.hits = {0, 1, 2, 3};
        scene.tracks.push_back(track);
        refit();
        const auto hits = trackPath(scene, 0, TrackShape::ThroughHits);
        QCOMPARE(hits.size(), std::size_t{4});
        QCOMPARE(hits[2][1], double(scene.hits.y[2]));

        // z rises 100 mm per 0.3 rad of turning: at the perigee it is -100 · (1.4 - π/2) / 0.3.
        const auto zAt = [](double angle) {
            return 100 * (angle + 1.4) / 0.3;
        };
        const auto helix = trackPath(scene, 0, TrackShape::Helix);
        QVERIFY(helix.size() >= 54); // 1.07 rad in steps of at most 0.02
        for (const auto& p : helix) {
            QVERIFY(std::abs(std::hypot(p[0] - kCentreX, p[1] - kCentreY) - kRadiusMm) < 0.05);
            const double angle = std::atan2(p[1] - kCentreY, p[0] - kCentreX);
            QVERIFY(angle >= perigeeAngle - 1e-3 && angle <= -0.5 + 1e-3); // the short arc
            QVERIFY2(std::abs(p[2] - zAt(angle)) < 0.1, qPrintable(QString::number(p[2] - zAt(angle))));
        }
        QVERIFY(std::hypot(helix.front()[0], helix.front()[1]) < 1e-3);
        QVERIFY(std::abs(helix.back()[0] - scene.hits.x[3]) < 1e-3 &&
                std::abs(helix.back()[1] - scene.hits.y[3]) < 1e-3);

        // A true particle's helix starts where its vertex lies along it (here the perigee).
        scene.tracks[0].vertexMm = {0, 0, -50};
        const auto fromVertex = trackPath(scene, 0, TrackShape::Helix);
        QVERIFY(std::hypot(fromVertex.front()[0], fromVertex.front()[1]) < 1e-3);
        QVERIFY(std::abs(fromVertex.front()[2] - zAt(perigeeAngle)) < 0.1);
        scene.tracks[0].vertexMm.reset();

        // Hits out of order along the flight (the outermost in the middle, as when two particles
        // merge): the helix still reaches the farthest.
        scene.tracks[0].hits = {0, 1, 3, 2};
        refit();
        const auto unordered = trackPath(scene, 0, TrackShape::Helix);
        QVERIFY(std::abs(unordered.back()[1] - scene.hits.y[3]) < 1e-3);

        // More than half a turn from the perigee: drawn through the hits.
        setHits({-1.4, -0.4, 0.6, 1.6, 2.6});
        scene.tracks[0].hits = {0, 1, 2, 3, 4};
        refit();
        QCOMPARE(trackPath(scene, 0, TrackShape::Helix).size(), std::size_t{5});

        // Collinear hits: a straight line from the perigee (here the origin) to the last hit.
        for (std::size_t i = 0; i < 4; ++i) {
            scene.hits.x[i] = float(10 * (i + 1));
            scene.hits.y[i] = float(20 * (i + 1));
        }
        scene.tracks[0].hits = {0, 1, 2, 3};
        refit();
        const auto straight = trackPath(scene, 0, TrackShape::Helix);
        QCOMPARE(straight.size(), std::size_t{2});
        QVERIFY(std::hypot(straight.front()[0], straight.front()[1]) < 1e-3);
        QVERIFY(std::abs(straight.back()[0] - 40) < 1e-3);
    }

    void ordersTrackHitsOutwardsAndEstimatesTheirKinematics() {
        const DisplayTrack& track = m_scene->tracks[std::size_t(trackWithId(*m_scene, 1))];
        QCOMPARE(track.hits.size(), std::size_t(8));
        for (std::size_t i = 1; i < track.hits.size(); ++i)
            QVERIFY(m_scene->hits.layerId[track.hits[i]] > m_scene->hits.layerId[track.hits[i - 1]]);
        // Fitted to eight hits of a 1 GeV, q = +1 helix from the origin (positions in float).
        QVERIFY2(std::abs(track.ptGeV - 1.0) < 0.01, qPrintable(QString::number(track.ptGeV)));
        QVERIFY(std::abs(track.fit->d0Mm) < 0.01);
        QCOMPARE(track.charge, 1);
        QVERIFY(std::abs(track.eta - 0.2) < 0.01);
        QVERIFY(std::abs(track.phi - 0.4) < 0.01); // at the perigee, the origin
        QCOMPARE(m_scene->tracks[std::size_t(trackWithId(*m_scene, 2))].charge, -1);
    }

    void cutsHideTracksWithTheirHits() {
        EventCuts cuts;
        cuts.minHits = 5; // the duplicate (3 hits) and the fake (4)
        const auto shown = present(HitColoring::Status, cuts);
        QCOMPARE(shown->visibleTracks, std::size_t(2));
        // ... and the hits on no track (4 noise, 6 unassigned): they have no track length to pass.
        QCOMPARE(shown->visibleHits, std::size_t(30 - 3 - 4 - 4 - 6));
        cuts = {};
        cuts.hiddenStatuses = {HitStatus::Noise, HitStatus::Unassigned};
        QCOMPARE(present(HitColoring::Status, cuts)->visibleHits, std::size_t(30 - 4 - 6));
        cuts = {};
        cuts.minPtGeV = 0.75; // the 0.5 GeV particle's two tracks go, the 1 GeV one stays
        const auto fast = present(HitColoring::Status, cuts);
        QVERIFY(fast->trackVisible[std::size_t(trackWithId(*m_scene, 1))]);
        QVERIFY(!fast->trackVisible[std::size_t(trackWithId(*m_scene, 2))]);
        QVERIFY(!fast->trackVisible[std::size_t(trackWithId(*m_scene, 3))]);
        cuts = {};
        cuts.hiddenVolumes = {8};
        QCOMPARE(present(HitColoring::Status, cuts)->visibleHits, std::size_t(0));
        // The fake (two hits of 1003, two noise hits) lies far from the beam line; the particles'
        // tracks start on it.
        const auto& fake = m_scene->tracks[std::size_t(trackWithId(*m_scene, 4))];
        QVERIFY2(std::abs(fake.fit->d0Mm) > 5, qPrintable(QString::number(fake.fit->d0Mm)));
        cuts = {};
        cuts.maxAbsD0Mm = 1;
        const auto prompt = present(HitColoring::Status, cuts);
        for (const TrackId id : {1, 2, 3})
            QVERIFY(prompt->trackVisible[std::size_t(trackWithId(*m_scene, id))]);
        QVERIFY(!prompt->trackVisible[std::size_t(trackWithId(*m_scene, 4))]);
    }

    void thePhiCutKeepsASectorAndWrapsThroughPi() {
        // Particles 1001, 1002, 1003 fly out at φ 0.4, 2.3 and 4.2 - 2π = -2.08 rad (tinyEvent).
        EventCuts cuts;
        cuts.phiFromRad = 0;
        cuts.phiToRad = 1;
        auto sector = present(HitColoring::Status, cuts);
        QVERIFY(sector->trackVisible[std::size_t(trackWithId(*m_scene, 1))]);
        QVERIFY(!sector->trackVisible[std::size_t(trackWithId(*m_scene, 2))]);
        QVERIFY(!sector->trackVisible[std::size_t(trackWithId(*m_scene, 3))]);
        // Hits on no track pass by their position: no unassigned or noise hit lies at 0-1 rad.
        for (std::size_t i = 0; i < m_scene->hits.size(); ++i)
            if (m_scene->hitTrack[i] < 0)
                QVERIFY2(!sector->hitVisible[i], qPrintable(QString::number(m_scene->hits.hitId[i])));

        // From 3 rad through ±π to -1.5 rad: the rest of particle 1003 (hits 19-24, on no track,
        // near -2.1 rad) and the noise hit at (-150, -30) mm (-2.94 rad, hit 29); not the noise at
        // 1.71, -0.69 and 1.19 rad (hits 27, 28, 30), nor the tracks of 1001 and 1002.
        cuts.phiFromRad = 3;
        cuts.phiToRad = -1.5;
        sector = present(HitColoring::Status, cuts);
        const auto visible = [&](tracking::HitId id) {
            return bool(sector->hitVisible[std::size_t(m_scene->hitIndex(id))]);
        };
        for (const tracking::HitId id : {19, 20, 21, 22, 23, 24, 29})
            QVERIFY2(visible(id), qPrintable(QString::number(id)));
        for (const tracking::HitId id : {27, 28, 30})
            QVERIFY2(!visible(id), qPrintable(QString::number(id)));
        for (const TrackId id : {1, 2, 3})
            QVERIFY(!sector->trackVisible[std::size_t(trackWithId(*m_scene, id))]);
    }

    // Play: within a distance of the origin, hits beyond it are hidden and tracks end on its sphere.
    void aDistanceCutShowsTheCollisionUpToThatDistance() {
        constexpr double kLimitMm = 100; // between the tiny event's layers (radii 30 to 170 mm)
        EventCuts cuts;
        cuts.maxDistanceMm = kLimitMm;
        const auto shown = present(HitColoring::Status, cuts);
        const auto distance = [](const std::array<double, 3>& p) {
            return std::sqrt(p[0] * p[0] + p[1] * p[1] + p[2] * p[2]);
        };
        std::size_t within = 0;
        for (std::size_t i = 0; i < m_scene->hits.size(); ++i) {
            const double d = distance({m_scene->hits.x[i], m_scene->hits.y[i], m_scene->hits.z[i]});
            within += d <= kLimitMm;
            QCOMPARE(bool(shown->hitVisible[i]), d <= kLimitMm);
        }
        QVERIFY(within > 0 && within < m_scene->hits.size());

        const std::size_t track = std::size_t(trackWithId(*m_scene, 1)); // particle 1001, outwards from 30 mm
        const auto whole = trackPath(*m_scene, track, TrackShape::ThroughHits);
        const auto part = shownTrackPath(*shown, track);
        QVERIFY(part.size() >= 2 && part.size() < whole.size());
        for (std::size_t i = 0; i + 1 < part.size(); ++i)
            QCOMPARE(part[i], whole[i]);
        // The last point: on the sphere, on the segment towards the first hit beyond it.
        const auto& end = part.back();
        QVERIFY(std::abs(distance(end) - kLimitMm) < 1e-6);
        const auto& from = whole[part.size() - 2];
        const auto& to = whole[part.size() - 1];
        const double along = (end[0] - from[0]) / (to[0] - from[0]);
        QVERIFY(along > 0 && along < 1);
        for (int axis = 1; axis < 3; ++axis)
            QVERIFY(std::abs(from[axis] + along * (to[axis] - from[axis]) - end[axis]) < 1e-6);

        // Nothing of a track that starts beyond the distance.
        cuts.maxDistanceMm = 10;
        QVERIFY(shownTrackPath(*present(HitColoring::Status, cuts), track).empty());
    }

    void withoutAReconstructionTheTrueParticlesAreTheTracks() {
        const auto scene = makeEventScene(tinyEvent(), nullptr, QStringLiteral("truth"));
        QVERIFY(scene);
        QCOMPARE(scene->tracks.size(), std::size_t(3));
        QVERIFY(!scene->tracksAreReconstructed);
        QVERIFY(scene->tracks[0].kinematicsFromTruth);
        QCOMPARE(scene->tracks[0].ptGeV,
                 std::hypot(double(float(std::cos(0.4))), double(float(std::sin(0.4)))));
        QCOMPARE(countStatus(scene.value(), HitStatus::Noise), std::size_t(6));
    }

    void theTrackTableListsTheTracksShown() {
        EventTrackModel model;
        EventCuts cuts;
        cuts.minHits = 5;
        model.setPresentation(present(HitColoring::Status, cuts));
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.rowOf(trackWithId(*m_scene, 3)), -1);
        const int row = model.rowOf(trackWithId(*m_scene, 2));
        QCOMPARE(model.index(row, 0).data().toString(), QStringLiteral("2"));
        QCOMPARE(model.index(row, 1).data().toString(), QStringLiteral("good"));
        QCOMPARE(model.index(row, 2).data().toString(), QStringLiteral("5"));

        // The same tracks (another colouring, a frame of Play): values change in place, no reset
        // (which would scroll the table back to its top); other tracks: a reset.
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);
        EventCuts playing = cuts;
        playing.maxDistanceMm = 100;
        model.setPresentation(present(HitColoring::Track, playing));
        QCOMPARE(resets.count(), 0);
        QCOMPARE(changes.count(), 1);
        QCOMPARE(model.rowCount(), 2);
        model.setPresentation(present(HitColoring::Track, {}));
        QCOMPARE(resets.count(), 1);
        QVERIFY(model.rowCount() > 2);
    }

    void theCameraTurnsByTheClockUntilStopped() {
        const auto display = shownDisplay(HitColoring::Status);
        display->grabFramebuffer(); // a frame of the whole event, timed
        // The camera's angle about the presets' vertical axis (y), from where it stands.
        const auto azimuthDeg = [&display] {
            const EventCamera camera = display->cameraState();
            return qRadiansToDegrees(std::atan2(camera.positionMm[0] - camera.focalPointMm[0],
                                                camera.positionMm[2] - camera.focalPointMm[2]));
        };
        const auto turnedSince = [&](double startDeg) {
            return std::remainder(azimuthDeg() - startDeg, 360.0);
        };
        const double start = azimuthDeg();
        const double elevation = display->cameraState().positionMm[1];
        QElapsedTimer clock;
        clock.start();
        display->setTurning(90);
        QTest::qWait(1000);
        display->setTurning(0);
        const double seconds = double(clock.nsecsElapsed()) / 1e9;
        // 90 degrees a second by the clock, less the step not yet taken when it stopped (a tick
        // of 16 ms, and the event loop's delays on a busy machine).
        const double turned = std::abs(turnedSince(start));
        QVERIFY2(turned <= 90 * seconds + 1e-6 && turned >= 90 * (seconds - 0.25),
                 qPrintable(QStringLiteral("%1 degrees in %2 s").arg(turned).arg(seconds)));
        // About y: the camera keeps its height.
        QVERIFY(std::abs(display->cameraState().positionMm[1] - elevation) < 1e-6 * std::abs(elevation));
        const double stopped = azimuthDeg();
        QTest::qWait(200);
        QCOMPARE(azimuthDeg(), stopped);

        // A slow view turns with reduced detail, like a drag; a press stops the turn and brings the
        // whole event back.
        const EventPresentation& shown = *present(HitColoring::Status);
        display->setInteractiveFrameBudget(1e-9);
        QSignalSpy stoppedByPress(display.get(), &EventDisplay::turningStopped);
        display->setTurning(90);
        QCOMPARE(display->drawnTracks(), std::vector<std::size_t>{fastestTrack()});
        const QPoint centre(kViewSize.width() / 2, kViewSize.height() / 2);
        QMouseEvent press(QEvent::MouseButtonPress, centre, display->mapToGlobal(centre), Qt::LeftButton,
                          Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(display.get(), &press);
        QCOMPARE(display->turningDegreesPerSecond(), 0.0);
        QCOMPARE(stoppedByPress.size(), 1);
        QCOMPARE(display->drawnTracks().size(), shown.visibleTracks);
        QMouseEvent release(QEvent::MouseButtonRelease, centre, display->mapToGlobal(centre), Qt::LeftButton,
                            Qt::NoButton, Qt::NoModifier);
        QApplication::sendEvent(display.get(), &release);
    }

    void rendersTheEventIn3D() {
        // Showing and rendering write nothing to standard output (VTK's legend printed a line per
        // entry whenever it was rebuilt, when given icons without symbols).
        QTemporaryFile captured;
        QVERIFY(captured.open());
        std::cout.flush();
        std::fflush(stdout);
        const int savedStdout = dup(STDOUT_FILENO);
        dup2(captured.handle(), STDOUT_FILENO);
        const auto display = shownDisplay(HitColoring::Status);
        const QImage picture = display->grabFramebuffer();
        std::cout.flush();
        std::fflush(stdout);
        dup2(savedStdout, STDOUT_FILENO);
        close(savedStdout);
        captured.seek(0);
        const QByteArray printed = captured.readAll();
        QVERIFY2(printed.isEmpty(), printed.constData());
        const QString why = compareWithBaseline(picture, QStringLiteral("tiny-3d-status"));
        QVERIFY2(why.isEmpty(), qPrintable(why));
    }

    void everyLegendEntryHasItsLabelAfterTheLegendGrows() {
        // Volume: one entry; status: five. Each row of the legend (top left, 17 px a row from 6 px
        // down, the label right of a 26 px swatch) has dark text on the light background.
        const auto display = shownDisplay(HitColoring::Volume);
        display->grabFramebuffer();
        const auto status = present(HitColoring::Status);
        display->setPresentation(status);
        const QImage frame = display->grabFramebuffer();
        QCOMPARE(status->legend.size(), std::size_t(5));
        for (int row = 0; row < 5; ++row) {
            int dark = 0;
            for (int y = 6 + 17 * row + 3; y < 6 + 17 * (row + 1) - 3; ++y)
                for (int x = 30; x < 150; ++x)
                    dark += qGray(frame.pixel(x, y)) < 128;
            QVERIFY2(dark > 20, qPrintable(QStringLiteral("row %1 (%2): %3 dark pixels")
                                               .arg(row)
                                               .arg(status->legend[std::size_t(row)].label)
                                               .arg(dark)));
        }
    }

    void rendersTheEndViewByParticle() {
        const auto display = shownDisplay(HitColoring::Particle);
        display->setCamera(EventDisplay::Camera::EndView);
        const QString why =
            compareWithBaseline(display->grabFramebuffer(), QStringLiteral("tiny-3d-end-particle"));
        QVERIFY2(why.isEmpty(), qPrintable(why));
    }

    // Seen along the beam, the detector cut to the first quadrant's φ draws nothing in the third.
    void theDetectorIsCutToThePhiWindow() {
        EventDisplay display;
        display.resize(kViewSize);
        display.setDetector(m_detector);
        display.show();
        QVERIFY(QTest::qWaitForWindowExposed(&display));
        display.setCamera(EventDisplay::Camera::EndView); // x to the right, y up, the beam line centred
        // Below and left of the beam line, clear of the axes at the centre and the caption below.
        const QRect thirdQuadrant(10, kViewSize.height() / 2 + 10, kViewSize.width() / 2 - 20,
                                  kViewSize.height() / 2 - 50);
        const auto drawnIn = [](const QImage& image, const QRect& area) {
            int drawn = 0;
            for (int y = area.top(); y <= area.bottom(); ++y)
                for (int x = area.left(); x <= area.right(); ++x)
                    drawn += image.pixel(x, y) != qRgb(255, 255, 255);
            return drawn;
        };
        QVERIFY(drawnIn(display.grabFramebuffer(), thirdQuadrant) > 100);
        EventCuts cuts;
        cuts.phiFromRad = 0.1;
        cuts.phiToRad = 1.4;
        display.setDetectorCuts(cuts);
        const QImage cut = display.grabFramebuffer();
        QCOMPARE(drawnIn(cut, thirdQuadrant), 0);
        QVERIFY(drawnIn(cut, QRect(kViewSize.width() / 2 + 10, 10, kViewSize.width() / 2 - 20,
                                   kViewSize.height() / 2 - 20)) > 100);
    }

    void theProjectionsCutTheirDetectorToo() {
        // Outline pixels: the detector's grey-blue, pure or blended with white; the grid is neutral.
        const auto outlinePixels = [](const QImage& image, const QRectF& area) {
            int count = 0;
            for (int y = int(area.top()); y <= int(area.bottom()); ++y)
                for (int x = int(area.left()); x <= int(area.right()); ++x) {
                    const QColor c = image.pixelColor(x, y);
                    count += c.blue() - c.red() >= 3 && c.red() < 250;
                }
            return count;
        };
        EventCuts cuts;
        cuts.phiFromRad = 0.1;
        cuts.phiToRad = 1.4;
        for (const auto kind : {EventProjection::Kind::XY, EventProjection::Kind::RZ}) {
            EventProjection projection(kind);
            projection.resize(kViewSize);
            projection.show();
            QVERIFY(QTest::qWaitForWindowExposed(&projection));
            projection.setDetector(m_detector);
            // x-y: the quadrant x < 0, y < 0 (outside the window) and x > 0, y > 0 (inside);
            // r-z: the side r < 0 (y < 0: outside) and r > 0.
            const bool xy = kind == EventProjection::Kind::XY;
            const auto area = [&projection, xy](double sign) {
                const double far = 1000, near = 5;
                return QRectF(QPointF(projection.xAxis->coordToPixel(xy ? sign * near : -far),
                                      projection.yAxis->coordToPixel(sign * near)),
                              QPointF(projection.xAxis->coordToPixel(xy ? sign * far : far),
                                      projection.yAxis->coordToPixel(sign * far)))
                    .normalized()
                    .intersected(QRectF(projection.axisRect()->rect()).adjusted(2, 2, -2, -2));
            };
            const QImage whole = projection.toPixmap().toImage();
            QVERIFY2(outlinePixels(whole, area(-1)) > 50, qPrintable(projection.objectName()));
            projection.setDetectorCuts(cuts);
            const QImage cut = projection.toPixmap().toImage();
            QCOMPARE(outlinePixels(cut, area(-1)), 0);
            QVERIFY2(outlinePixels(cut, area(1)) > 50, qPrintable(projection.objectName()));
            EventCuts hidden = cuts;
            hidden.hiddenVolumes = {8};
            projection.setDetectorCuts(hidden);
            QCOMPARE(outlinePixels(projection.toPixmap().toImage(), area(1)), 0);
        }
    }

    void rendersBothProjections() {
        for (const auto kind : {EventProjection::Kind::XY, EventProjection::Kind::RZ}) {
            const auto projection = shownProjection(kind, HitColoring::Status);
            const QString name = kind == EventProjection::Kind::XY ? QStringLiteral("tiny-xy-status")
                                                                   : QStringLiteral("tiny-rz-status");
            const QString why = compareWithBaseline(projection->toPixmap().toImage(), name);
            QVERIFY2(why.isEmpty(), qPrintable(why));
        }
    }

    void theProjectionsDrawTheRarerColoursOnTop() {
        // Status in the tiny event: 13 good hits, 6 unassigned, 4 fake, 4 noise, 3 duplicate; tracks
        // 2 good, 1 fake, 1 duplicate. Whatever their RGB values, the colours fewer hits or tracks
        // have are drawn later (above), so that they are not buried under the bulk.
        const auto projection = shownProjection(EventProjection::Kind::RZ, HitColoring::Status);
        std::vector<int> hitsInDrawOrder, tracksInDrawOrder;
        for (QCPLayerable* drawn : projection->layer(QStringLiteral("hits"))->children())
            if (auto* graph = qobject_cast<QCPGraph*>(drawn))
                hitsInDrawOrder.push_back(graph->data()->size());
        for (QCPLayerable* drawn : projection->layer(QStringLiteral("tracks"))->children())
            if (auto* curve = qobject_cast<QCPCurve*>(drawn))
                tracksInDrawOrder.push_back(
                    int(std::count_if(curve->data()->begin(), curve->data()->end(),
                                      [](const QCPCurveData& d) { return std::isnan(d.key); })));
        QCOMPARE(hitsInDrawOrder, (std::vector<int>{13, 6, 4, 4, 3}));
        QCOMPARE(tracksInDrawOrder, (std::vector<int>{2, 1, 1}));
    }

    void theDetectorIsShadedWithoutATranslucencyDiscard() {
        // Under Mesa's llvmpipe a fragment shader that may discard is depth-tested after shading:
        // every hidden fragment of the detector's outlines would be shaded. Its actors (unlit) are
        // never fully transparent and must not carry VTK's alpha discard.
        const auto display = shownDisplay(HitColoring::Status);
        std::vector<std::string> sources;
        vtkNew<vtkCallbackCommand> collect;
        collect->SetClientData(&sources);
        collect->SetCallback([](vtkObject*, unsigned long, void* clientData, void* callData) {
            static_cast<std::vector<std::string>*>(clientData)
                ->push_back(static_cast<vtkShaderProgram*>(callData)->GetFragmentShader()->GetSource());
        });
        vtkActorCollection* actors = display->renderer()->GetActors();
        vtkCollectionSimpleIterator it;
        actors->InitTraversal(it);
        while (vtkActor* actor = actors->GetNextActor(it))
            if (!actor->GetProperty()->GetLighting())
                actor->GetMapper()->AddObserver(vtkCommand::UpdateShaderEvent, collect);
        display->renderer()->GetActiveCamera()->Azimuth(10); // a changed scene renders again
        display->grabFramebuffer();
        QVERIFY2(!sources.empty(), "the detector was not drawn");
        for (const std::string& source : sources) {
            const std::size_t at = source.find("discard;");
            if (at != std::string::npos)
                QFAIL(source.substr(at < 400 ? 0 : at - 400, 450).c_str());
        }
    }

    void aClickOnAHitIn3DSelectsItAndItsTrack() {
        const auto display = shownDisplay(HitColoring::Status);
        QSignalSpy picked(display.get(), &EventDisplay::picked);
        const std::int64_t hit = m_scene->hitIndex(12); // particle 1002's fourth hit, on track 2
        const QPointF at = display->screenPosition(std::size_t(hit));
        QVERIFY(QRectF(display->rect()).contains(at));
        QTest::mouseClick(display.get(), Qt::LeftButton, {}, at.toPoint());
        QCOMPARE(picked.count(), 1);
        const auto selection = picked.at(0).at(0).value<EventSelection>();
        QCOMPARE(selection.hit, hit);
        QCOMPARE(selection.track, trackWithId(*m_scene, 2));
        // Empty space picks nothing; a drag turns the camera and picks nothing either.
        QTest::mouseClick(display.get(), Qt::LeftButton, {}, QPoint(3, kViewSize.height() - 3));
        QCOMPARE(picked.count(), 2);
        QCOMPARE(picked.at(1).at(0).value<EventSelection>(), EventSelection{});
    }

    void theSelectionIsDrawnAboveWhatIsInFrontOfIt() {
        // Seen along the beam from +z, a noise hit 40 mm in front of each hit of track 2 covers it.
        auto scene = std::make_shared<EventScene>(*m_scene);
        const std::size_t track = std::size_t(trackWithId(*scene, 2));
        const std::vector<std::uint32_t> onTrack = scene->tracks[track].hits;
        Hits& hits = scene->hits;
        for (const std::uint32_t hit : onTrack) {
            hits.hitId.push_back(hits.hitId.back() + 1);
            hits.x.push_back(hits.x[hit]);
            hits.y.push_back(hits.y[hit]);
            hits.z.push_back(hits.z[hit] + 40);
            hits.volumeId.push_back(hits.volumeId[hit]);
            hits.layerId.push_back(hits.layerId[hit]);
            hits.moduleId.push_back(hits.moduleId[hit]);
            scene->hitParticle.push_back(kNoiseParticle);
            scene->hitTrack.push_back(-1);
            scene->hitStatus.push_back(HitStatus::Noise);
        }
        EventDisplay display;
        display.resize(kViewSize);
        display.setDetector(m_detector);
        display.setPresentation(
            std::make_shared<const EventPresentation>(presentEvent(scene, HitColoring::Status, {})));
        display.setCamera(EventDisplay::Camera::EndView);
        display.show();
        QVERIFY(QTest::qWaitForWindowExposed(&display));
        // The selected hit's marker, in the selection's colour, where the noise in front would be.
        for (const std::uint32_t hit : onTrack) {
            display.setSelection({std::int64_t(hit), std::int64_t(track)});
            const QColor seen = display.grabFramebuffer().pixelColor(display.screenPosition(hit).toPoint());
            QVERIFY2(qGray(seen.rgb()) < 60,
                     qPrintable(QStringLiteral("hit %1 is %2").arg(hit).arg(seen.name())));
        }
    }

    void theSelectedTrackIsDrawnWide() {
        // In the end view, the selection-coloured pixels along the selected track's segments (their
        // ends left out, where segments overlap) per pixel of length: the line's width.
        const std::size_t track = std::size_t(trackWithId(*m_scene, 2));
        const std::vector<std::uint32_t>& hits = m_scene->tracks[track].hits;
        const auto shown = shownDisplay(HitColoring::Status);
        EventDisplay& display = *shown;
        display.setCamera(EventDisplay::Camera::EndView);
        display.setSelection({-1, std::int64_t(track)});
        const QImage image = display.grabFramebuffer();
        const qreal ratio = display.devicePixelRatioF();
        constexpr double kEndPixels = 2, kReachPixels = 10;
        double length = 0;
        int dark = 0;
        for (std::size_t i = 1; i < hits.size(); ++i) {
            const QPointF from = display.screenPosition(hits[i - 1]) * ratio;
            const QPointF along = display.screenPosition(hits[i]) * ratio - from;
            const double segment = std::hypot(along.x(), along.y());
            if (segment < 4 * kEndPixels)
                continue;
            const QPointF unit = along / segment;
            length += segment - 2 * kEndPixels;
            const QRect around =
                QRectF(from, from + along).normalized().toAlignedRect().adjusted(-12, -12, 12, 12);
            for (int y = around.top(); y <= around.bottom(); ++y)
                for (int x = around.left(); x <= around.right(); ++x) {
                    const QPointF offset = QPointF(x + 0.5, y + 0.5) - from;
                    const double at = offset.x() * unit.x() + offset.y() * unit.y();
                    const double across = offset.x() * unit.y() - offset.y() * unit.x();
                    if (at >= kEndPixels && at <= segment - kEndPixels && std::abs(across) <= kReachPixels &&
                        image.rect().contains(x, y) && qGray(image.pixel(x, y)) < 60)
                        ++dark;
                }
        }
        QVERIFY(length > 20);
        const double width = dark / length;
        QVERIFY2(std::abs(width - kEventSelectedTrackPixels) <= 1,
                 qPrintable(QStringLiteral("the selected track is %1 px wide, not %2")
                                .arg(width, 0, 'f', 1)
                                .arg(kEventSelectedTrackPixels)));
    }

    void zoomingToASelectionFramesItInEveryView() {
        const std::size_t track = std::size_t(trackWithId(*m_scene, 2));
        const std::vector<std::uint32_t>& hits = m_scene->tracks[track].hits;
        // The larger side of the box around the track's hits on screen.
        const auto extent = [&hits](auto&& position) {
            double left = 1e9, right = -1e9, top = 1e9, bottom = -1e9;
            for (const std::uint32_t hit : hits) {
                const QPointF at = position(hit);
                left = std::min(left, at.x());
                right = std::max(right, at.x());
                top = std::min(top, at.y());
                bottom = std::max(bottom, at.y());
            }
            return std::max(right - left, bottom - top);
        };
        const auto allInside = [&hits](auto&& position, const QRectF& area) {
            return std::all_of(hits.begin(), hits.end(),
                               [&](std::uint32_t hit) { return area.contains(position(hit)); });
        };

        const auto display = shownDisplay(HitColoring::Status);
        display->grabFramebuffer();
        const auto on3d = [&display](std::size_t hit) {
            return display->screenPosition(hit);
        };
        const double before = extent(on3d);
        const EventCamera whole = display->cameraState();
        QVERIFY(!display->zoomTo({}));
        QVERIFY(display->cameraState() == whole);
        QVERIFY(display->zoomTo({-1, std::int64_t(track)}));
        display->grabFramebuffer();
        QVERIFY2(extent(on3d) > 1.3 * before,
                 qPrintable(QStringLiteral("%1 -> %2 px").arg(before).arg(extent(on3d))));
        QVERIFY(allInside(on3d, QRectF(display->rect())));
        // A lone hit: in the middle of the view.
        const std::int64_t lone = m_scene->hitIndex(12);
        QVERIFY(display->zoomTo({lone, -1}));
        display->grabFramebuffer();
        const QPointF centre(kViewSize.width() / 2.0, kViewSize.height() / 2.0);
        QVERIFY(QLineF(display->screenPosition(std::size_t(lone)), centre).length() < 3);

        for (const auto kind : {EventProjection::Kind::XY, EventProjection::Kind::RZ}) {
            const auto projection = shownProjection(kind, HitColoring::Status);
            const auto on2d = [&projection](std::size_t hit) {
                return projection->screenPosition(hit);
            };
            const QCPRange x = projection->xAxis->range(), y = projection->yAxis->range();
            const double whole2d = extent(on2d);
            QVERIFY(!projection->zoomTo({}));
            QVERIFY(projection->zoomTo({-1, std::int64_t(track)}));
            QVERIFY2(extent(on2d) > 1.3 * whole2d,
                     qPrintable(QStringLiteral("%1 -> %2 px").arg(whole2d).arg(extent(on2d))));
            QVERIFY(allInside(on2d, QRectF(projection->axisRect()->rect())));
            if (kind == EventProjection::Kind::XY) { // a mm as long across as up
                const double across = projection->xAxis->range().size() / projection->axisRect()->width();
                const double up = projection->yAxis->range().size() / projection->axisRect()->height();
                QVERIFY2(std::abs(across / up - 1) < 1e-3,
                         qPrintable(QStringLiteral("%1 vs %2 mm/px").arg(across).arg(up)));
            }
            QTest::mouseDClick(projection.get(), Qt::LeftButton, {}, projection->axisRect()->rect().center());
            QCOMPARE(projection->xAxis->range(), x);
            QCOMPARE(projection->yAxis->range(), y);
        }
    }

    // A drag that turns the camera of a view slower than its budget draws the tracks with the
    // highest pT only, with their hits; the whole event again on release.
    void aSlowViewDrawsTheFastestTracksWhileDragged() {
        const auto display = shownDisplay(HitColoring::Status);
        display->grabFramebuffer(); // a frame of the whole event, timed
        QVERIFY(display->lastFullFrameMs() > 0);
        const EventPresentation& shown = *present(HitColoring::Status);
        QCOMPARE(display->drawnTracks().size(), shown.visibleTracks);
        QCOMPARE(display->drawnHits(), shown.visibleHits);
        const std::size_t fastest = fastestTrack();

        const auto drag = [&display](QPoint from, QPoint to, const std::function<void()>& whileHeld) {
            QMouseEvent press(QEvent::MouseButtonPress, from, display->mapToGlobal(from), Qt::LeftButton,
                              Qt::LeftButton, Qt::NoModifier);
            QApplication::sendEvent(display.get(), &press);
            QMouseEvent move(QEvent::MouseMove, to, display->mapToGlobal(to), Qt::NoButton, Qt::LeftButton,
                             Qt::NoModifier);
            QApplication::sendEvent(display.get(), &move);
            whileHeld();
            QMouseEvent release(QEvent::MouseButtonRelease, to, display->mapToGlobal(to), Qt::LeftButton,
                                Qt::NoButton, Qt::NoModifier);
            QApplication::sendEvent(display.get(), &release);
        };
        // The detector: its modules' outlines (one module per stave here), and while dragged each
        // layer's end circles (72-gons) and 24 lines along z.
        double modulesMm = 0, layersMm = 0;
        for (int layer = 0; layer < kLayers; ++layer) {
            const int n = modulesIn(layer);
            const double r = layerRadius(layer);
            modulesMm += n * 2 * (2 * 1.1 * r * std::tan(std::numbers::pi / n) + 2 * kHalfLengthZMm);
            layersMm += 2 * 72 * 2 * r * std::sin(std::numbers::pi / 72) + 24 * 2 * kHalfLengthZMm;
        }
        QVERIFY(std::abs(display->drawnDetectorLengthMm() - modulesMm) < 1e-6 * modulesMm);
        const QPoint centre(kViewSize.width() / 2, kViewSize.height() / 2);
        // Every frame over budget: the smallest share, one track of four, and its hits.
        display->setInteractiveFrameBudget(1e-9);
        drag(centre, centre + QPoint(40, 0), [&] {
            QCOMPARE(display->drawnTracks(), std::vector<std::size_t>{fastest});
            QCOMPARE(display->drawnHits(),
                     m_scene->tracks[fastest].hits.size() + /* 1 in 20 of the rest */ 1);
            QVERIFY2(std::abs(display->drawnDetectorLengthMm() - layersMm) < 1e-6 * layersMm,
                     qPrintable(QString::number(display->drawnDetectorLengthMm())));
        });
        QCOMPARE(display->drawnTracks().size(), shown.visibleTracks);
        QCOMPARE(display->drawnHits(), shown.visibleHits);
        QVERIFY(std::abs(display->drawnDetectorLengthMm() - modulesMm) < 1e-6 * modulesMm);
        display->setDetectorVisible(false);
        drag(centre, centre + QPoint(40, 0), [&] { QCOMPARE(display->drawnDetectorLengthMm(), 0.0); });
        display->setDetectorVisible(true);
        // The layers' grid chosen for good: drawn still and dragged alike.
        display->setDetectorDetail(DetectorDetail::Layers);
        QVERIFY(std::abs(display->drawnDetectorLengthMm() - layersMm) < 1e-6 * layersMm);
        drag(centre, centre + QPoint(40, 0),
             [&] { QVERIFY(std::abs(display->drawnDetectorLengthMm() - layersMm) < 1e-6 * layersMm); });
        display->setDetectorDetail(DetectorDetail::Modules);
        QVERIFY(std::abs(display->drawnDetectorLengthMm() - modulesMm) < 1e-6 * modulesMm);
        // A fast enough view, or a budget of 0, draws everything while dragged.
        for (const double budgetMs : {1e9, 0.0}) {
            display->setInteractiveFrameBudget(budgetMs);
            drag(centre, centre + QPoint(-40, 0),
                 [&] { QCOMPARE(display->drawnTracks().size(), shown.visibleTracks); });
        }
        // A click is no drag.
        display->setInteractiveFrameBudget(1e-9);
        drag(centre, centre + QPoint(1, 0),
             [&] { QCOMPARE(display->drawnTracks().size(), shown.visibleTracks); });
    }

    void aClickInAProjectionSelectsTheSameHitAndATrackBetweenHits() {
        const auto projection = shownProjection(EventProjection::Kind::RZ, HitColoring::Status);
        QSignalSpy picked(projection.get(), &EventProjection::picked);
        const std::int64_t hit = m_scene->hitIndex(4);
        QTest::mouseClick(projection.get(), Qt::LeftButton, {},
                          projection->screenPosition(std::size_t(hit)).toPoint());
        QCOMPARE(picked.count(), 1);
        QCOMPARE(picked.at(0).at(0).value<EventSelection>(), (EventSelection{hit, trackWithId(*m_scene, 1)}));
        // Half-way between two hits of track 1: the track, no hit.
        const QPointF middle = (projection->screenPosition(std::size_t(m_scene->hitIndex(6))) +
                                projection->screenPosition(std::size_t(m_scene->hitIndex(7)))) /
                               2;
        QTest::mouseClick(projection.get(), Qt::LeftButton, {}, middle.toPoint());
        QCOMPARE(picked.at(1).at(0).value<EventSelection>(), (EventSelection{-1, trackWithId(*m_scene, 1)}));
    }

    void inRZTheRadiusFillsTheHeightOfALongDetector() {
        // Eight times as long as it is wide: r keeps its own range, not the length's.
        const double halfLengthMm = 8 * layerRadius(kLayers - 1);
        EventProjection projection(EventProjection::Kind::RZ);
        projection.resize(kViewSize);
        projection.setDetector(tinyDetector(halfLengthMm));
        QVERIFY(projection.xAxis->range().upper >= halfLengthMm);
        QVERIFY(projection.xAxis->range().upper < 1.2 * halfLengthMm);
        QVERIFY2(projection.yAxis->range().upper < 1.5 * layerRadius(kLayers - 1),
                 qPrintable(QString::number(projection.yAxis->range().upper)));
        QVERIFY(projection.yAxis->range().upper > layerRadius(kLayers - 1));
        QCOMPARE(projection.yAxis->range().lower, -projection.yAxis->range().upper);
    }

    void inRZATrackStaysOnTheSideOfMostOfItsHits() {
        const auto projection = shownProjection(EventProjection::Kind::RZ, HitColoring::Status);
        const double zeroR = projection->yAxis->coordToPixel(0);
        const auto above = [&](HitId hit) {
            return projection->screenPosition(std::size_t(m_scene->hitIndex(hit))).y() < zeroR;
        };
        // Fake track 4: hits 17, 18 and 25 below the beam (y < 0), noise hit 26 at y = +30 mm.
        QVERIFY(!above(17) && !above(18) && !above(25));
        QVERIFY2(!above(26), "hit 26 is drawn on the other side from the rest of its track");
        // Hits on no track keep their own side: noise hit 27 at y = +140 mm, 28 at y = -50 mm.
        QVERIFY(above(27));
        QVERIFY(!above(28));
    }

    void describesWhatWasPicked() {
        const QString hit = describeHit(*m_scene, std::size_t(m_scene->hitIndex(12)));
        QVERIFY2(hit.contains(QStringLiteral("Hit 12")) && hit.contains(QStringLiteral("particle 1002")) &&
                     hit.contains(QStringLiteral("pixel barrel (8), layer 8")) &&
                     hit.contains(QStringLiteral("track 2")),
                 qPrintable(hit));
        const QString track = describeTrack(*m_scene, std::size_t(trackWithId(*m_scene, 3)));
        QVERIFY2(track.contains(QStringLiteral("duplicate")) &&
                     track.contains(QStringLiteral("purity 100.0 %")) &&
                     track.contains(QStringLiteral("its true pT 0.500 GeV")),
                 qPrintable(track));
    }
};

QTEST_MAIN(TestEventDisplay)
#include "tst_event_display.moc"
