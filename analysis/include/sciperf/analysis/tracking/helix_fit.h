#pragma once
// A helix fitted to a track's hits in a uniform field along +z: a circle in x-y (Taubin's algebraic
// fit, Newton-solved as by Chernov; a straight line when the hits show no measurable curvature) and
// a straight line in (s, z), s the transverse path along the circle. The parameters are those at
// the perigee, the point of the x-y trajectory closest to the beam line (the z axis).
// Units: mm, rad, GeV, T.

#include <array>
#include <optional>
#include <span>

namespace sciperf::tracking {

struct HelixFit {
    // Signed curvature (1/mm): > 0 turning anticlockwise seen from +z as the track goes through
    // its hits in their order; 0 for a straight line.
    double curvaturePerMm = 0;
    // Direction of flight in x-y at the perigee.
    double phi0 = 0;
    // Signed distance of the perigee from the beam line: the perigee is
    // d0 · (-sin φ0, cos φ0), so d0 > 0 when the beam line is to the right of the flight.
    double d0Mm = 0;
    double z0Mm = 0;     // z at the perigee
    double cotTheta = 0; // dz/ds
    // Root mean square of the hits' distances from the circle (x-y) and from the line (s, z).
    double rmsTransverseMm = 0;
    double rmsLongitudinalMm = 0;
    // The transverse paths from the perigee of the hits nearest to it and farthest from it along
    // the flight (the first and the last hit, for hits in their order).
    double minPathMm = 0;
    double maxPathMm = 0;

    // pT = 0.2998 · B · R for a unit charge; infinite for a straight line.
    double ptGeV(double fieldTesla) const;
    double eta() const;
    // The charge's sign in a field along +z (a positive charge turns clockwise seen from +z); 0
    // for a straight line.
    int charge() const;
    // The point at transverse path s (mm) from the perigee along the flight.
    std::array<double, 3> pointAt(double pathMm) const;
    // The transverse path from the perigee to the trajectory's point nearest to `point` in x-y,
    // within half a turn either side.
    double pathTo(const std::array<double, 3>& point) const;
};

// Whether the circle is free or also goes through the beam line (x = y = 0), which then counts as
// one more point in x-y. For a particle from the collision, a short arc (a forward track's, a few
// layers of an endcap) fixes its circle poorly alone: on TrackML's event000000001 the free fit's
// pT is off by 90 % rms at |η| > 2 against 43 % through the beam line. d0 is then near 0 by
// construction, and a secondary's circle is pulled towards the beam line.
enum class BeamLine { Free, Through };

// The helix through the points (mm), in the order the particle crossed them, usually outwards.
// Two points make a straight track; none for fewer, or for points that do not span a line in x-y.
// Consecutive points are taken to be less than half a turn apart, so a looper's turns add up.
std::optional<HelixFit> fitHelix(std::span<const std::array<double, 3>> points,
                                 BeamLine beamLine = BeamLine::Free);

} // namespace sciperf::tracking
