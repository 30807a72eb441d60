#pragma once
// The helix model shared by the tracker and its training (track_reconstruction.h): a state at a
// point with the transverse direction, the signed curvature and dz/ds; crossings with barrel
// cylinders and endcap disks; the predicted hit and the residuals of a measured one in the
// layer's coordinates. Units: mm, GeV, T.
//
// C++17 and free of the analysis headers, so that the CUDA twin of the seeding (compiled by nvcc as
// C++17) computes with the very same functions: those marked SCIPERF_HD run on host and device.

#include <cmath>
#include <cstdint>
#include <vector>

#if defined(__CUDACC__)
#define SCIPERF_HD __host__ __device__
#else
#define SCIPERF_HD
#endif

namespace sciperf::trackreco {

inline constexpr double kPi = 3.14159265358979323846;

// Seeds kept of the triplets through one middle hit of a layer triplet, best first: the particle's
// own and one more (two particles close together); the others are mostly random combinations.
inline constexpr int kMaxSeedsPerMiddleHit = 2;

// sqrt(x² + y²): plain, as hot code needs it (libm's hypot guards against overflow, slowly).
SCIPERF_HD inline double norm2(double x, double y) {
    return std::sqrt(x * x + y * y);
}

SCIPERF_HD inline double minOf(double a, double b) {
    return a < b ? a : b;
}
SCIPERF_HD inline double maxOf(double a, double b) {
    return a < b ? b : a;
}

// A search window's half-width at momentum p (TrackingWindow::at).
SCIPERF_HD inline double windowAt(double constant, double perMomentum, double pGeV) {
    const double ms = perMomentum / maxOf(pGeV, 1e-3);
    return std::sqrt(constant * constant + ms * ms);
}

struct Point {
    double x = 0, y = 0, z = 0;
};

// Position, unit transverse direction (tx, ty), signed curvature k (1/mm, > 0 turning
// anticlockwise seen from +z) and tanL = dz/ds along the transverse path s.
struct HelixState {
    double x = 0, y = 0, z = 0;
    double tx = 1, ty = 0;
    double k = 0;
    double tanL = 0;
};

inline constexpr double kCurvatureToPt = 0.299792458e-3; // pT [GeV] = kCurvatureToPt · B [T] · R [mm]

// The momentum (GeV) the state's curvature and dip mean in the field `bz`; large for a straight line.
SCIPERF_HD inline double momentumOf(const HelixState& s, double bz) {
    const double pt = fabs(s.k) > 1e-9 ? kCurvatureToPt * bz / fabs(s.k) : 1e3;
    return minOf(1e3, pt * std::sqrt(1 + s.tanL * s.tanL));
}

SCIPERF_HD inline double wrapPhi(double phi) {
    constexpr double pi = kPi;
    while (phi > pi)
        phi -= 2 * pi;
    while (phi < -pi)
        phi += 2 * pi;
    return phi;
}

// The circle through p1, p2, p3 (in this order along the track) and the state at p3; tanL from p1
// to p3. False when the points are degenerate.
SCIPERF_HD inline bool stateFromThree(const Point& p1, const Point& p2, const Point& p3, HelixState& out) {
    const double ax = p2.x - p1.x, ay = p2.y - p1.y;
    const double bx = p3.x - p1.x, by = p3.y - p1.y;
    const double cx = p3.x - p2.x, cy = p3.y - p2.y;
    const double la = norm2(ax, ay), lb = norm2(bx, by), lc = norm2(cx, cy);
    if (la < 1e-6 || lb < 1e-6 || lc < 1e-6)
        return false;
    const double cross = ax * by - ay * bx;
    const double k = 2 * cross / (la * lb * lc);
    // Tangent at p3: the chord p2→p3 turned by half the arc's angle.
    const double half = std::asin(maxOf(-1.0, minOf(1.0, k * lc / 2)));
    const double chordPhi = std::atan2(cy, cx);
    out.x = p3.x;
    out.y = p3.y;
    out.z = p3.z;
    out.tx = std::cos(chordPhi + half);
    out.ty = std::sin(chordPhi + half);
    out.k = k;
    const double arc = fabs(k) * lb > 1e-9 ? 2 * std::asin(minOf(1.0, fabs(k) * lb / 2)) / fabs(k) : lb;
    out.tanL = (p3.z - p1.z) / arc;
    return true;
}

// The state moved by the transverse path s.
SCIPERF_HD inline HelixState propagate(const HelixState& s, double path) {
    HelixState r = s;
    const double a = s.k * path;
    double sa = 0, ca = 0; // sin(a)/k and (1 - cos a)/k
    if (fabs(a) < 1e-4) {
        sa = path * (1 - a * a / 6);
        ca = path * a / 2;
    } else {
        sa = std::sin(a) / s.k;
        ca = (1 - std::cos(a)) / s.k;
    }
    r.x = s.x + sa * s.tx - ca * s.ty;
    r.y = s.y + sa * s.ty + ca * s.tx;
    r.z = s.z + s.tanL * path;
    const double c = std::cos(a), sn = std::sin(a);
    r.tx = c * s.tx - sn * s.ty;
    r.ty = sn * s.tx + c * s.ty;
    return r;
}

// The smallest positive transverse path to the cylinder of radius `radius`, at most half a turn;
// negative when there is none.
SCIPERF_HD inline double pathToCylinder(const HelixState& s, double radius) {
    constexpr double eps = 1e-3;
    constexpr double pi = kPi;
    if (fabs(s.k) < 1e-7) {
        // Straight line: |p + t·l|² = R².
        const double b = s.x * s.tx + s.y * s.ty;
        const double c = s.x * s.x + s.y * s.y - radius * radius;
        const double disc = b * b - c;
        if (disc < 0)
            return -1;
        const double q = std::sqrt(disc);
        if (-b - q > eps)
            return -b - q;
        return -b + q > eps ? -b + q : -1;
    }
    const double rho = 1 / fabs(s.k);
    const double cx = s.x - s.ty / s.k, cy = s.y + s.tx / s.k; // centre: the left normal over k
    const double d = norm2(cx, cy);
    if (d < 1e-9 || d > radius + rho || d < fabs(radius - rho))
        return -1;
    const double a = (radius * radius - rho * rho + d * d) / (2 * d);
    const double h = std::sqrt(maxOf(0.0, radius * radius - a * a));
    const double mx = a * cx / d, my = a * cy / d;
    double best = -1;
    for (int side = 0; side < 2; ++side) {
        const double sign = side ? 1.0 : -1.0;
        const double qx = mx + sign * h * (-cy) / d, qy = my + sign * h * cx / d;
        // Angle from the state's point to q around the centre, in the direction of travel.
        const double ux = s.x - cx, uy = s.y - cy, vx = qx - cx, vy = qy - cy;
        double angle = std::atan2(ux * vy - uy * vx, ux * vx + uy * vy) * (s.k > 0 ? 1 : -1);
        if (angle < 0)
            angle += 2 * pi;
        const double path = angle * rho;
        if (path > eps && angle < pi && (best < 0 || path < best))
            best = path;
    }
    return best;
}

// The transverse path to the plane z = zPlane, at most half a turn; negative when there is none.
SCIPERF_HD inline double pathToDisk(const HelixState& s, double zPlane) {
    if (fabs(s.tanL) < 1e-9)
        return -1;
    const double path = (zPlane - s.z) / s.tanL;
    if (path <= 1e-3 || fabs(s.k) * path > kPi)
        return -1;
    return path;
}

// A layer as the tracker sees it.
struct TrackLayer {
    std::int32_t volumeId = 0, layerId = 0;
    bool barrel = true;
    double position = 0;               // radius of a barrel, z of a disk
    double minAlong = 0, maxAlong = 0; // z extent of a barrel, r extent of a disk (with a margin)
    double minR = 0, maxR = 0;         // extent of the modules
    double minZ = 0, maxZ = 0;
};

// A prediction on a layer: the crossing point, φ there and the derivatives that move it to a hit's
// own r (barrel) or z (disk), whose modules are staggered.
struct Prediction {
    bool valid = false;
    double path = 0;
    double phi = 0, r = 0, z = 0;
    double dPhi = 0;   // dφ / d(r or z)
    double dAlong = 0; // dz/dr (barrel) or dr/dz (disk)
    double pGeV = 0;
};

// The transverse path to a layer's surface, negative when it is not reached within half a turn.
SCIPERF_HD inline double pathToLayer(const HelixState& s, const TrackLayer& layer) {
    return layer.barrel ? pathToCylinder(s, layer.position) : pathToDisk(s, layer.position);
}

// The prediction at the layer's surface, `path` (pathToLayer) away; invalid outside the layer.
SCIPERF_HD inline Prediction predictAt(const HelixState& s, const TrackLayer& layer, double path, double bz) {
    Prediction p;
    if (path < 0)
        return p;
    const HelixState at = propagate(s, path);
    p.r = norm2(at.x, at.y);
    p.z = at.z;
    const double along = layer.barrel ? p.z : p.r;
    if (along < layer.minAlong || along > layer.maxAlong)
        return p;
    p.valid = true;
    p.path = path;
    p.phi = std::atan2(at.y, at.x);
    const double r2 = maxOf(1e-6, p.r * p.r);
    const double drds = (at.x * at.tx + at.y * at.ty) / maxOf(1e-6, p.r);
    const double dphids = (at.x * at.ty - at.y * at.tx) / r2;
    if (layer.barrel) {
        const double inv = fabs(drds) > 1e-3 ? 1 / drds : 1e3;
        p.dPhi = dphids * inv;
        p.dAlong = s.tanL * inv;
    } else {
        const double inv = 1 / s.tanL;
        p.dPhi = dphids * inv;
        p.dAlong = drds * inv;
    }
    p.pGeV = momentumOf(at, bz);
    return p;
}

SCIPERF_HD inline Prediction predictOn(const HelixState& s, const TrackLayer& layer, double bz) {
    return predictAt(s, layer, pathToLayer(s, layer), bz);
}

// Residuals of a hit (r, φ, z) against a prediction: r·Δφ and Δ(z or r), at the hit's own r or z.
struct Residual {
    double rPhi = 0;
    double along = 0;
};

SCIPERF_HD inline Residual residualOf(const Prediction& p, bool barrel, double r, double phi, double z) {
    Residual res;
    if (barrel) {
        const double dr = r - p.r;
        res.rPhi = r * wrapPhi(phi - (p.phi + p.dPhi * dr));
        res.along = z - (p.z + p.dAlong * dr);
    } else {
        const double dz = z - p.z;
        res.rPhi = r * wrapPhi(phi - (p.phi + p.dPhi * dz));
        res.along = r - (p.r + p.dAlong * dz);
    }
    return res;
}

// A second hit on the same layer (overlapping modules) against the line tangent to the track at
// the first: the transverse distance from the line, and along the layer the offset in z (barrel)
// or in transverse path (disk) from where the line puts it.
SCIPERF_HD inline Residual overlapResidual(const HelixState& at, bool barrel, const Point& q) {
    const double dx = q.x - at.x, dy = q.y - at.y, dz = q.z - at.z;
    const double s = dx * at.tx + dy * at.ty;
    Residual res;
    res.rPhi = dy * at.tx - dx * at.ty;
    if (barrel)
        res.along = dz - at.tanL * s;
    else
        res.along = fabs(at.tanL) > 1e-6 ? s - dz / at.tanL : s;
    return res;
}

// The state at points[i] of the circle through it and two neighbours (after it where there are,
// travelling backwards then: the line is the same).
inline bool tangentAt(const std::vector<Point>& points, int i, HelixState& out) {
    const int n = static_cast<int>(points.size());
    const auto at = [&](int j) {
        return points[static_cast<std::size_t>(j)];
    };
    if (i + 2 < n)
        return stateFromThree(at(i + 2), at(i + 1), at(i), out);
    if (i >= 2)
        return stateFromThree(at(i - 2), at(i - 1), at(i), out);
    if (n == 3 && i == 1 && stateFromThree(at(0), at(1), at(2), out)) {
        const double dx = at(2).x - at(0).x, dy = at(2).y - at(0).y, l = norm2(dx, dy);
        out.x = at(1).x;
        out.y = at(1).y;
        out.z = at(1).z;
        out.tx = dx / l;
        out.ty = dy / l;
        return l > 0;
    }
    return false;
}

// The z of the (r1, z1)-(r2, z2) line at r = 0.
SCIPERF_HD inline double lineZ0(double r1, double z1, double r2, double z2) {
    const double dr = r2 - r1;
    if (fabs(dr) < 1e-6)
        return 1e9;
    return z1 - r1 * (z2 - z1) / dr;
}

// The distance of the circle through three points from the origin (|d0|).
SCIPERF_HD inline double circleD0(const Point& p1, const Point& p2, const Point& p3) {
    const double ax = p2.x - p1.x, ay = p2.y - p1.y, bx = p3.x - p1.x, by = p3.y - p1.y;
    const double d = 2 * (ax * by - ay * bx);
    if (fabs(d) < 1e-9)
        return fabs(p1.x * (p3.y - p1.y) - p1.y * (p3.x - p1.x)) / maxOf(1e-9, norm2(bx, by));
    const double a2 = ax * ax + ay * ay, b2 = bx * bx + by * by;
    const double ux = (by * a2 - ay * b2) / d, uy = (ax * b2 - bx * a2) / d; // centre - p1
    const double cx = p1.x + ux, cy = p1.y + uy;
    return fabs(norm2(cx, cy) - norm2(ux, uy));
}

// The state at b of the helix through the beam line point (0, 0, z0), a and b.
SCIPERF_HD inline bool seedState(const Point& a, const Point& b, double z0, HelixState& out) {
    return stateFromThree(Point{0, 0, z0}, a, b, out);
}

// The three points of a track's distinct-layer hits that its state is made of: indices into them.
struct StatePoints {
    int first = 0, middle = 0, last = 0;
};
inline StatePoints statePoints(int count) {
    const int k = minOf(2, (count - 1) / 2);
    const int last = count - 1;
    return {last - 2 * k, last - k, last};
}

} // namespace sciperf::trackreco
