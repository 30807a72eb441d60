#pragma once
// The event simulation's view of the detector: helices in a solenoid field, one envelope surface
// per layer (the barrel layer's cylinder at its mean radius, the disk's plane at its mean z) to
// find the next layer a particle crosses, and per layer a grid of its modules to find the module
// planes the particle crosses there. Units: mm, GeV, T, rad.

#include "sciperf/analysis/tracking/detector.h"
#include "sciperf/engine/event_simulation.h"

#include <cmath>
#include <cstdint>
#include <optional>
#include <vector>

namespace sciperf::simulation {

using tracking::Vector3;

// √(x² + y²). The simulation's values (mm, GeV) are far from overflow and underflow, where
// std::hypot's care for them cost 5 % of the run time.
inline double length2(double x, double y) {
    return std::sqrt(x * x + y * y);
}

// sin(a) / a and (1 - cos a) / a² for a turning angle a (rad), by their Taylor series where |a| is
// small (exact to double precision there: the next term is below 1e-15 for |a| <= 0.3), else by
// std::sin and std::cos. Points and tangents along a helix follow without division by the
// curvature, which may be zero.
struct TurnSeries {
    double angle = 0;
    double sine = 1;      // sin(a) / a
    double versine = 0.5; // (1 - cos a) / a²
};
inline TurnSeries turnSeries(double a) {
    const double a2 = a * a;
    if (std::abs(a) > 0.3)
        return {a, std::sin(a) / a, (1 - std::cos(a)) / a2};
    return {a, 1 - a2 / 6 * (1 - a2 / 20 * (1 - a2 / 42 * (1 - a2 / 72 * (1 - a2 / 110)))),
            0.5 * (1 - a2 / 12 * (1 - a2 / 30 * (1 - a2 / 56 * (1 - a2 / 90 * (1 - a2 / 132)))))};
}

// A charged particle on its helix (field along z): position, transverse direction, pT, cot θ.
struct HelixState {
    Vector3 positionMm{};
    // Direction of the transverse momentum as a unit vector (cos φ, sin φ): turned by rotation, so
    // that stepping along the helix needs no trigonometry (profile: sincos, atan2 and remainder of
    // the angle were 15 % of an event).
    double cosPhi = 1, sinPhi = 0;
    double ptGeV = 0;
    double cotTheta = 0; // pz / pT: z advances by cotTheta per mm of transverse path
    int charge = 1;

    static HelixState fromMomentum(const Vector3& positionMm, const Vector3& momentumGeV, int charge);
    Vector3 momentumGeV() const;
    Vector3 unitDirection() const;
    double momentumMagnitudeGeV() const;
};

// Signed curvature (rad of direction change per mm of transverse path) in the field `bzTesla`:
// positive charges turn clockwise seen from +z when the field points along +z.
double curvature(const HelixState& state, double bzTesla);

// The state after `s` mm of transverse path on the helix of curvature `omega`, and its position
// alone (the same numbers, without the cost of the direction).
HelixState advance(const HelixState& state, double s, double omega);
Vector3 positionAt(const HelixState& state, double s, double omega);
// The transverse direction (cos φ, sin φ) there.
std::array<double, 2> headingAt(const HelixState& state, double s, double omega);

// The transverse path (mm, > 0) to the first crossing of the cylinder of radius `radiusMm` about
// the beam line within the next turn, or nothing when the helix does not reach it.
std::optional<double> cylinderCrossing(const HelixState& state, double omega, double radiusMm);

// The layer crossed next: its index in SimulationGeometry::layers() and the transverse path to it.
struct LayerCrossing {
    std::size_t layer = 0;
    double s = 0;
    double omega = 0; // curvature on the way there (the layer's field)
};

// A module plane crossed near a layer crossing.
struct ModuleCrossing {
    std::uint32_t module = 0; // index into Detector::modules()
    Vector3 positionMm{};     // on the module's mid-plane
    double uMm = 0, vMm = 0;  // the same in the module frame
    Vector3 momentumGeV{};    // there
    double cosIncidence = 1;  // |direction · module normal|
};

struct SimulationLayer {
    std::int32_t volumeId = 0;
    std::int32_t layerId = 0;
    bool barrel = true;
    double positionMm = 0; // barrel: mean radius of the module centres; disk: mean z
    tracking::Extent extent;
    double depthMm = 0; // how far module planes lie from the envelope (radially, or in z), + margin
    double bzTesla = 2;
    // Module grid: bins in φ (periodic) × bins in the second coordinate (barrel z, disk r); the
    // modules of bin b are binModules[binStart[b] .. binStart[b + 1]).
    int phiBins = 1;
    int secondBins = 1;
    double secondMinMm = 0;
    double secondMaxMm = 0;
    std::vector<std::uint32_t> binStart;
    std::vector<std::uint32_t> binModules;
};

// What the module search reads of a module, contiguous and aligned: two cache lines per candidate
// instead of three or four, and the frame's axes without striding through its rotation matrix.
struct alignas(64) ModulePlane {
    Vector3 centerMm{};
    Vector3 normal{};
    Vector3 uAxis{};
    Vector3 vAxis{};
    double minHalfLengthUMm = 0; // as in tracking::Module
    double maxHalfLengthUMm = 0;
    double halfLengthVMm = 0;
    double widestHalfUMm = 0; // the larger of the two
};

class SimulationGeometry {
public:
    SimulationGeometry(tracking::Detector detector, const SimulationConfig& config);

    const tracking::Detector& detector() const { return m_detector; }
    const std::vector<SimulationLayer>& layers() const { return m_layers; }

    // The next layer envelope the helix crosses, at a transverse path s > 0 with a turning angle
    // |omega|·s of at most `maxTurningRad`.
    std::optional<LayerCrossing> nextCrossing(const HelixState& state, double maxTurningRad) const;

    // The module planes of `layer` that the helix through `atEnvelope` (a point on the layer's
    // envelope) crosses within their bounds, appended to `crossings`. `visited` holds one stamp
    // per module, `stamp` must differ from every stamp used before on it.
    void crossModules(const HelixState& atEnvelope, double omega, std::size_t layer,
                      std::vector<std::uint32_t>& visited, std::uint32_t stamp,
                      std::vector<ModuleCrossing>& crossings) const;

private:
    tracking::Detector m_detector;
    std::vector<SimulationLayer> m_layers;
    std::vector<ModulePlane> m_planes;       // one per module, in Detector::modules() order
    std::vector<std::size_t> m_barrelLayers; // indices into m_layers, by increasing radius
    std::vector<double> m_barrelRadii;       // their radii
    std::vector<std::size_t> m_disksByZ;     // indices into m_layers, by increasing z
    std::vector<double> m_diskZ;             // their positions
};

// Whether the point (u, v) of the module frame lies on the module (trapezoid: the half-length in
// u grows linearly from minHalfLengthU at v = -halfLengthV to maxHalfLengthU at +halfLengthV), for
// a tracking::Module or a ModulePlane.
template <class Shape> double halfLengthU(const Shape& module, double vMm) {
    const double along = (vMm + module.halfLengthVMm) / (2 * module.halfLengthVMm);
    return module.minHalfLengthUMm + (module.maxHalfLengthUMm - module.minHalfLengthUMm) * along;
}
template <class Shape> bool insideModule(const Shape& module, double uMm, double vMm) {
    return std::abs(vMm) <= module.halfLengthVMm && std::abs(uMm) <= halfLengthU(module, vMm);
}

} // namespace sciperf::simulation
