// The helix fit on points made without it: a charged particle stepped through a uniform field by
// the Lorentz force, circles built from their centre and radius, straight lines; with Gaussian
// noise its pT resolution is compared with Gluckstern's formula for N equally spaced points.
#include "sciperf/analysis/tracking/helix_fit.h"

#include <QTest>
#include <array>
#include <cmath>
#include <numbers>
#include <random>
#include <vector>

using namespace sciperf::tracking;

namespace {

using Point = std::array<double, 3>;
constexpr double kPi = std::numbers::pi;
constexpr double kGeVPerTeslaMm = 0.299792458e-3;

// A particle of charge q (e) and momentum p (GeV) from `start`, moved in small steps by
// dp/ds = q · 0.2998e-3 · (p̂ × B) with B along +z, recording the points where its transverse
// distance from `start` first passes each radius.
std::vector<Point> lorentzTrack(Point start, std::array<double, 3> p, int q, double fieldTesla,
                                const std::vector<double>& radiiMm) {
    std::vector<Point> points;
    constexpr double kStepMm = 0.05;
    Point x = start;
    std::size_t next = 0;
    for (int step = 0; step < 10'000'000 && next < radiiMm.size(); ++step) {
        const double momentum = std::sqrt(p[0] * p[0] + p[1] * p[1] + p[2] * p[2]);
        // Half a step of turning, the move, the other half: second order in the step.
        const auto turn = [&](double length) {
            const double angle = -q * kGeVPerTeslaMm * fieldTesla * length / momentum;
            const double c = std::cos(angle), s = std::sin(angle);
            p = {c * p[0] - s * p[1], s * p[0] + c * p[1], p[2]};
        };
        turn(kStepMm / 2);
        for (int axis = 0; axis < 3; ++axis)
            x[axis] += kStepMm * p[axis] / momentum;
        turn(kStepMm / 2);
        if (std::hypot(x[0] - start[0], x[1] - start[1]) >= radiiMm[next]) {
            points.push_back(x);
            ++next;
        }
    }
    return points;
}

// Points on the circle of centre (cx, cy) and radius r from angle `from`, `count` of them `step`
// rad apart (a negative step turns clockwise), rising `dzPerRad` per radian.
std::vector<Point> circlePoints(double cx, double cy, double r, double from, double step, int count,
                                double z0, double dzPerRad) {
    std::vector<Point> points;
    for (int i = 0; i < count; ++i) {
        const double angle = from + i * step;
        points.push_back(
            {cx + r * std::cos(angle), cy + r * std::sin(angle), z0 + dzPerRad * std::abs(i * step)});
    }
    return points;
}

const std::vector<double> kLayerRadiiMm{32, 72, 116, 172, 260, 360, 500, 660, 820, 1020};

} // namespace

class TestHelixFit : public QObject {
    Q_OBJECT

private slots:
    void aPositiveParticleTurnsClockwiseAndKeepsItsMomentum() {
        // 1 GeV pT, η 0.5, q +1 in 2 T from the origin along +x.
        const double eta = 0.5;
        const auto points = lorentzTrack({0, 0, 0}, {1.0, 0, std::sinh(eta)}, +1, 2.0, kLayerRadiiMm);
        QCOMPARE(points.size(), kLayerRadiiMm.size());
        const auto fit = fitHelix(points);
        QVERIFY(fit);
        QCOMPARE(fit->charge(), 1);
        QVERIFY(fit->curvaturePerMm < 0); // clockwise seen from +z
        QVERIFY2(std::abs(fit->ptGeV(2.0) - 1.0) < 2e-3, qPrintable(QString::number(fit->ptGeV(2.0))));
        QVERIFY2(std::abs(fit->eta() - eta) < 1e-3, qPrintable(QString::number(fit->eta())));
        QVERIFY(std::abs(fit->phi0) < 1e-3);
        QVERIFY(std::abs(fit->d0Mm) < 0.05);
        QVERIFY(std::abs(fit->z0Mm) < 0.05);
        QVERIFY(fit->rmsTransverseMm < 0.01);

        const auto negative = fitHelix(lorentzTrack({0, 0, 0}, {1.0, 0, 0}, -1, 2.0, kLayerRadiiMm));
        QVERIFY(negative);
        QCOMPARE(negative->charge(), -1);
    }

    void findsTheImpactParameterAndTheFlightDirection() {
        // A circle of radius 2000 mm whose point nearest the beam line is (0, 3) mm, flying along
        // +x there and turning anticlockwise: its centre is above, at (0, 2003).
        const double r = 2000;
        const auto points = circlePoints(0, 3 + r, r, -kPi / 2 + 0.02, 0.05, 9, 10.0, 2.0 * r);
        const auto fit = fitHelix(points);
        QVERIFY(fit);
        QVERIFY(std::abs(fit->curvaturePerMm - 1 / r) < 1e-9);
        QVERIFY(std::abs(fit->phi0) < 1e-9);
        // The perigee is d0 · (-sin φ0, cos φ0) = (0, d0).
        QVERIFY2(std::abs(fit->d0Mm - 3) < 1e-6, qPrintable(QString::number(fit->d0Mm)));
        // The first point is 0.02 rad past the perigee; z rises 2 per unit of path (dz/dangle = 2r).
        QVERIFY(std::abs(fit->minPathMm - 0.02 * r) < 1e-6);
        QVERIFY(std::abs(fit->maxPathMm - (0.02 + 8 * 0.05) * r) < 1e-6);
        QVERIFY(std::abs(fit->cotTheta - 2) < 1e-9);
        QVERIFY(std::abs(fit->z0Mm - (10 - 2 * 0.02 * r)) < 1e-6);
        for (const Point& p : points) {
            const Point back = fit->pointAt(fit->pathTo(p));
            for (int axis = 0; axis < 3; ++axis)
                QVERIFY(std::abs(back[axis] - p[axis]) < 1e-6);
        }
    }

    void aLooperAddsUpItsTurns() {
        // One and a half turns of a 0.15 GeV pT track (r = 250 mm in 2 T), 40 points.
        const double r = 0.15 / (kGeVPerTeslaMm * 2.0);
        const auto points = circlePoints(0, -r, r, kPi / 2, -3 * kPi / 39, 40, 0, 50);
        const auto fit = fitHelix(points);
        QVERIFY(fit);
        QCOMPARE(fit->charge(), 1);
        QVERIFY(std::abs(fit->ptGeV(2.0) - 0.15) < 1e-9);
        QVERIFY(std::abs(fit->maxPathMm - 3 * kPi * r) < 1e-6);
        QVERIFY(std::abs(fit->cotTheta - 50 / r) < 1e-9);
    }

    void straightPointsMakeAStraightTrack() {
        // Along (3, 4)/5 past the beam line at distance 10 on its left: the perigee (-8, 6).
        std::vector<Point> points;
        for (int i = 1; i <= 6; ++i)
            points.push_back({-8 + 0.6 * 100 * i, 6 + 0.8 * 100 * i, -5.0 + 100 * i});
        const auto fit = fitHelix(points);
        QVERIFY(fit);
        QCOMPARE(fit->curvaturePerMm, 0.0);
        QCOMPARE(fit->charge(), 0);
        QVERIFY(std::isinf(fit->ptGeV(2.0)));
        QVERIFY(std::abs(fit->phi0 - std::atan2(0.8, 0.6)) < 1e-12);
        QVERIFY(std::abs(fit->d0Mm - 10) < 1e-9);
        QVERIFY(std::abs(fit->cotTheta - 1) < 1e-12);
        QVERIFY(std::abs(fit->z0Mm + 5) < 1e-9);
        // Two points are a straight track too; one point, or points at one x-y place, none.
        const auto two = fitHelix(std::vector<Point>{points[0], points[5]});
        QVERIFY(two);
        QCOMPARE(two->curvaturePerMm, 0.0);
        QVERIFY(!fitHelix(std::vector<Point>{points[0]}));
        QVERIFY(!fitHelix(std::vector<Point>{{1, 2, 3}, {1, 2, 4}, {1, 2, 5}}));
    }

    void throughTheBeamLineAShortArcFromTheCollisionIsFixedBetter() {
        // Six points from r = 30 to 250 mm (a forward track's arc) of a 1 GeV track from the
        // origin in 2 T, σ = 0.1 mm: the beam line as a seventh point in x-y.
        const double r = 1.0 / (kGeVPerTeslaMm * 2.0);
        std::mt19937 random(11);
        std::normal_distribution<double> noise(0, 0.1);
        double freeSquares = 0, throughSquares = 0;
        constexpr int kTracks = 300;
        for (int track = 0; track < kTracks; ++track) {
            std::vector<Point> points;
            for (const double radius : {30.0, 70.0, 110.0, 150.0, 200.0, 250.0}) {
                const double angle = 2 * std::asin(radius / (2 * r)); // turned about the centre (0, r)
                const double radial = noise(random);
                points.push_back(
                    {(r + radial) * std::sin(angle), r - (r + radial) * std::cos(angle), radius * 3});
            }
            const auto free = fitHelix(points);
            const auto through = fitHelix(points, BeamLine::Through);
            QVERIFY(free && through);
            freeSquares += std::pow(free->ptGeV(2.0) - 1, 2);
            throughSquares += std::pow(through->ptGeV(2.0) - 1, 2);
            // z plays no part in the beam line's point: cot θ stays the hits' own.
            QVERIFY(std::abs(through->cotTheta - 3) < 0.01);
        }
        const double freeRms = std::sqrt(freeSquares / kTracks),
                     throughRms = std::sqrt(throughSquares / kTracks);
        // The lever arm grows from 220 to 250 mm and gains a point: about 0.65 of the free rms.
        QVERIFY2(throughRms < 0.8 * freeRms,
                 qPrintable(QStringLiteral("%1 against %2").arg(throughRms).arg(freeRms)));

        // A secondary 20 mm from the beam line: the free fit finds it, the other is pulled in.
        const double rs = 1000;
        const auto secondary = circlePoints(0, 20 + rs, rs, -kPi / 2 + 0.05, 0.05, 8, 0, 0);
        QVERIFY(std::abs(fitHelix(secondary)->d0Mm - 20) < 1e-6);
        QVERIFY(std::abs(fitHelix(secondary, BeamLine::Through)->d0Mm) < 20);
    }

    void itsMomentumResolutionIsGluckstern() {
        // N = 10 points equally spaced over L = 1000 mm, σ = 0.1 mm in x-y, a 5 GeV track in 2 T:
        // σ(pT)/pT = σ · pT / (0.2998e-3 · B · L²) · sqrt(720 / (N + 4)).
        constexpr int kPoints = 10;
        constexpr double kSigmaMm = 0.1, kLengthMm = 1000, kPt = 5, kField = 2;
        const double expected = kSigmaMm * kPt / (kGeVPerTeslaMm * kField * kLengthMm * kLengthMm) *
                                std::sqrt(720.0 / (kPoints + 4));
        const double r = kPt / (kGeVPerTeslaMm * kField);
        std::mt19937 random(7);
        std::normal_distribution<double> noise(0, kSigmaMm);
        double sumSquares = 0, sumRms = 0;
        constexpr int kTracks = 400;
        for (int track = 0; track < kTracks; ++track) {
            std::vector<Point> points;
            for (int i = 0; i < kPoints; ++i) {
                const double angle = (kLengthMm / r) * i / (kPoints - 1);
                const double radial = noise(random);
                points.push_back({(r + radial) * std::sin(angle), r - (r + radial) * std::cos(angle), 0});
            }
            const auto fit = fitHelix(points);
            QVERIFY(fit);
            const double relative = fit->ptGeV(kField) / kPt - 1;
            sumSquares += relative * relative;
            sumRms += fit->rmsTransverseMm;
        }
        const double resolution = std::sqrt(sumSquares / kTracks);
        QVERIFY2(resolution > 0.8 * expected && resolution < 1.25 * expected,
                 qPrintable(QStringLiteral("%1 against %2").arg(resolution).arg(expected)));
        // Three parameters fitted to ten points leave about sqrt(7/10) of the noise.
        const double meanRms = sumRms / kTracks;
        QVERIFY2(meanRms > 0.7 * kSigmaMm && meanRms < kSigmaMm, qPrintable(QString::number(meanRms)));
    }
};

QTEST_MAIN(TestHelixFit)
#include "tst_helix_fit.moc"
