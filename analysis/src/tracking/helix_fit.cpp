#include "sciperf/analysis/tracking/helix_fit.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <vector>

namespace sciperf::tracking {

namespace {

// pT [GeV] = kGeVPerTeslaMm · B [T] · R [mm] for a unit charge.
constexpr double kGeVPerTeslaMm = 0.299792458e-3;
// A circle this large is a straight line over a detector's few metres: a sagitta of a few
// micrometres, below any hit's resolution.
constexpr double kMaxRadiusMm = 1e8;
constexpr double kPi = std::numbers::pi;

double wrapAngle(double angle) {
    angle = std::remainder(angle, 2 * kPi);
    return angle <= -kPi ? angle + 2 * kPi : angle;
}

// sin(x) / x, also at 0.
double sinc(double x) {
    return std::abs(x) < 1e-8 ? 1 - x * x / 6 : std::sin(x) / x;
}

// The mean x and y of the points.
std::array<double, 2> centroid(std::span<const std::array<double, 3>> points) {
    double x = 0, y = 0;
    for (const auto& p : points) {
        x += p[0];
        y += p[1];
    }
    return {x / double(points.size()), y / double(points.size())};
}

struct Circle {
    double centerX = 0, centerY = 0, radius = 0;
};

// Taubin's fit as Chernov solves it: Newton's method on the characteristic polynomial of the
// centred moments, from 0 (the Kåsa fit's eigenvalue is a lower bound). Empty when the points are
// collinear or the circle too large to tell from a line.
std::optional<Circle> fitCircle(std::span<const std::array<double, 3>> points) {
    const auto n = double(points.size());
    const auto [meanX, meanY] = centroid(points);
    double mxx = 0, myy = 0, mxy = 0, mxz = 0, myz = 0, mzz = 0;
    for (const auto& p : points) {
        const double x = p[0] - meanX, y = p[1] - meanY, z = x * x + y * y;
        mxx += x * x;
        myy += y * y;
        mxy += x * y;
        mxz += x * z;
        myz += y * z;
        mzz += z * z;
    }
    mxx /= n;
    myy /= n;
    mxy /= n;
    mxz /= n;
    myz /= n;
    mzz /= n;
    const double mz = mxx + myy;
    const double covXY = mxx * myy - mxy * mxy;
    const double varZ = mzz - mz * mz;
    const double a3 = 4 * mz;
    const double a2 = -3 * mz * mz - mzz;
    const double a1 = varZ * mz + 4 * covXY * mz - mxz * mxz - myz * myz;
    const double a0 = mxz * (mxz * myy - myz * mxy) + myz * (myz * mxx - mxz * mxy) - varZ * covXY;
    double x = 0, y = a0;
    for (int iteration = 0; iteration < 100; ++iteration) {
        const double slope = a1 + x * (2 * a2 + 3 * a3 * x);
        const double next = x - y / slope;
        if (next == x || !std::isfinite(next))
            break;
        const double value = a0 + next * (a1 + next * (a2 + next * a3));
        if (std::abs(value) >= std::abs(y))
            break;
        x = next;
        y = value;
    }
    const double det = x * x - x * mz + covXY;
    const double cx = (mxz * (myy - x) - myz * mxy) / det / 2;
    const double cy = (myz * (mxx - x) - mxz * mxy) / det / 2;
    const double radius = std::sqrt(cx * cx + cy * cy + mz);
    if (!std::isfinite(radius) || radius > kMaxRadiusMm)
        return std::nullopt;
    return Circle{cx + meanX, cy + meanY, radius};
}

// z = z0 + cotθ · s by least squares; cotθ 0 where the paths do not spread.
void fitLongitudinal(std::span<const std::array<double, 3>> points, const std::vector<double>& paths,
                     HelixFit& fit) {
    const auto n = double(points.size());
    double meanS = 0, meanZ = 0;
    for (std::size_t i = 0; i < points.size(); ++i) {
        meanS += paths[i];
        meanZ += points[i][2];
    }
    meanS /= n;
    meanZ /= n;
    double sss = 0, ssz = 0;
    for (std::size_t i = 0; i < points.size(); ++i) {
        sss += (paths[i] - meanS) * (paths[i] - meanS);
        ssz += (paths[i] - meanS) * (points[i][2] - meanZ);
    }
    fit.cotTheta = sss > 1e-12 ? ssz / sss : 0;
    fit.z0Mm = meanZ - fit.cotTheta * meanS;
    double squares = 0;
    for (std::size_t i = 0; i < points.size(); ++i) {
        const double residual = points[i][2] - (fit.z0Mm + fit.cotTheta * paths[i]);
        squares += residual * residual;
    }
    fit.rmsLongitudinalMm = std::sqrt(squares / n);
    const auto [minPath, maxPath] = std::minmax_element(paths.begin(), paths.end());
    fit.minPathMm = *minPath;
    fit.maxPathMm = *maxPath;
}

// The line through the points' centre along their principal axis, pointing from the first point
// to the last; empty when they are all at one x-y position.
std::optional<HelixFit> fitStraight(std::span<const std::array<double, 3>> points) {
    const auto n = double(points.size());
    const auto [meanX, meanY] = centroid(points);
    double sxx = 0, syy = 0, sxy = 0;
    for (const auto& p : points) {
        sxx += (p[0] - meanX) * (p[0] - meanX);
        syy += (p[1] - meanY) * (p[1] - meanY);
        sxy += (p[0] - meanX) * (p[1] - meanY);
    }
    if (sxx + syy < 1e-18)
        return std::nullopt;
    double phi = 0.5 * std::atan2(2 * sxy, sxx - syy);
    const double dx = points.back()[0] - points.front()[0], dy = points.back()[1] - points.front()[1];
    if (dx * std::cos(phi) + dy * std::sin(phi) < 0)
        phi = wrapAngle(phi + kPi);
    HelixFit fit;
    fit.phi0 = phi;
    fit.d0Mm = -meanX * std::sin(phi) + meanY * std::cos(phi);
    const double perigeeX = -fit.d0Mm * std::sin(phi), perigeeY = fit.d0Mm * std::cos(phi);
    std::vector<double> paths;
    double squares = 0;
    for (const auto& p : points) {
        paths.push_back((p[0] - perigeeX) * std::cos(phi) + (p[1] - perigeeY) * std::sin(phi));
        const double across = -(p[0] - meanX) * std::sin(phi) + (p[1] - meanY) * std::cos(phi);
        squares += across * across;
    }
    fit.rmsTransverseMm = std::sqrt(squares / n);
    fitLongitudinal(points, paths, fit);
    return fit;
}

} // namespace

double HelixFit::ptGeV(double fieldTesla) const {
    return curvaturePerMm == 0 ? std::numeric_limits<double>::infinity()
                               : kGeVPerTeslaMm * std::abs(fieldTesla) / std::abs(curvaturePerMm);
}

double HelixFit::eta() const {
    return std::asinh(cotTheta);
}

int HelixFit::charge() const {
    return curvaturePerMm > 0 ? -1 : curvaturePerMm < 0 ? 1 : 0;
}

std::array<double, 3> HelixFit::pointAt(double pathMm) const {
    // (sin(φ0 + κs) - sin φ0) / κ = s · sinc(κs/2) · cos(φ0 + κs/2), and likewise for y: exact,
    // and smooth into the straight line as κ goes to 0.
    const double half = curvaturePerMm * pathMm / 2;
    const double chord = pathMm * sinc(half);
    return {-d0Mm * std::sin(phi0) + chord * std::cos(phi0 + half),
            d0Mm * std::cos(phi0) + chord * std::sin(phi0 + half), z0Mm + cotTheta * pathMm};
}

double HelixFit::pathTo(const std::array<double, 3>& point) const {
    const double perigeeX = -d0Mm * std::sin(phi0), perigeeY = d0Mm * std::cos(phi0);
    if (curvaturePerMm == 0)
        return (point[0] - perigeeX) * std::cos(phi0) + (point[1] - perigeeY) * std::sin(phi0);
    // The centre lies to the left of the flight for κ > 0, to the right for κ < 0.
    const double centerX = perigeeX - std::sin(phi0) / curvaturePerMm;
    const double centerY = perigeeY + std::cos(phi0) / curvaturePerMm;
    const double turn = wrapAngle(std::atan2(point[1] - centerY, point[0] - centerX) -
                                  std::atan2(perigeeY - centerY, perigeeX - centerX));
    return turn / curvaturePerMm;
}

std::optional<HelixFit> fitHelix(std::span<const std::array<double, 3>> points, BeamLine beamLine) {
    if (points.size() < 2)
        return std::nullopt;
    std::vector<std::array<double, 3>> circlePoints(points.begin(), points.end());
    if (beamLine == BeamLine::Through)
        circlePoints.push_back({0, 0, 0}); // z plays no part in the circle
    const std::optional<Circle> circle = circlePoints.size() >= 3 ? fitCircle(circlePoints) : std::nullopt;
    if (!circle)
        return fitStraight(points);

    // The sense of turning from the hits' order: the sum of the turns between consecutive hits.
    std::vector<double> angles;
    angles.reserve(points.size());
    for (const auto& p : points) {
        const double angle = std::atan2(p[1] - circle->centerY, p[0] - circle->centerX);
        angles.push_back(angles.empty() ? angle : angles.back() + wrapAngle(angle - angles.back()));
    }
    const double sense = angles.back() >= angles.front() ? 1.0 : -1.0;

    HelixFit fit;
    fit.curvaturePerMm = sense / circle->radius;
    // The perigee: the circle's point towards the beam line (any point when it is the centre),
    // taken on the turn before the first hit.
    const double centerDistance = std::hypot(circle->centerX, circle->centerY);
    const double towardsBeam =
        centerDistance > 0 ? std::atan2(-circle->centerY, -circle->centerX) : angles.front();
    const double perigeeAngle = angles.front() - wrapAngle(angles.front() - towardsBeam);
    const double perigeeX = circle->centerX + circle->radius * std::cos(perigeeAngle);
    const double perigeeY = circle->centerY + circle->radius * std::sin(perigeeAngle);
    // The flight turns anticlockwise (sense 1) or clockwise about the centre.
    fit.phi0 = wrapAngle(perigeeAngle + sense * kPi / 2);
    fit.d0Mm = -perigeeX * std::sin(fit.phi0) + perigeeY * std::cos(fit.phi0);

    std::vector<double> paths;
    paths.reserve(points.size());
    double squares = 0;
    for (std::size_t i = 0; i < points.size(); ++i) {
        paths.push_back(sense * circle->radius * (angles[i] - perigeeAngle));
        const double off =
            std::hypot(points[i][0] - circle->centerX, points[i][1] - circle->centerY) - circle->radius;
        squares += off * off;
    }
    fit.rmsTransverseMm = std::sqrt(squares / double(points.size()));
    fitLongitudinal(points, paths, fit);
    return fit;
}

} // namespace sciperf::tracking
