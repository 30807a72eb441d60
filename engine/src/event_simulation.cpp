#include "sciperf/engine/event_simulation.h"

#include "event_simulation_geometry.h"
#include "sciperf/analysis/tracking/csv.h"
#include "sciperf/analysis/tracking/score.h"
#include "sciperf/engine/atomic_file.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <mutex>
#include <numbers>
#include <numeric>
#include <optional>
#include <random>
#include <sstream>
#include <thread>
#include <tuple>

namespace sciperf {
namespace {

using simulation::HelixState;
using tracking::Vector3;

constexpr double kTwoPi = 2 * std::numbers::pi;
constexpr double kPionMassGeV = 0.13957; // the mass multiple scattering assumes for every particle
constexpr std::uint32_t kNoiseParticle = std::numeric_limits<std::uint32_t>::max();
// The widths of particle_id's fields (reference §1) bound the vertices and particles per vertex.
constexpr int kMaxVertices = 0xfff;
constexpr int kMaxPrimariesPerVertex = 0xffff;

std::uint64_t splitmix64(std::uint64_t x) {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

// Each event's own generator, from (run seed, event index) only. The std:: distributions drawing
// from it are specified by their results' distribution, not their algorithm: the numbers differ
// between standard libraries (libstdc++, libc++) but not between runs of one build, which is
// what "byte-identical for any thread count" needs.
std::mt19937_64 eventGenerator(std::uint64_t seed, std::uint64_t eventIndex) {
    return std::mt19937_64(splitmix64(splitmix64(seed) ^ eventIndex));
}

// Inverse-CDF sampling of an empirical quantile function, interpolating the logarithm of the
// value (the spectra span decades and are log-normal-like).
double sampleQuantiles(const std::vector<Quantile>& table, double u) {
    const auto above =
        std::upper_bound(table.begin(), table.end(), u,
                         [](double fraction, const Quantile& q) { return fraction < q.fraction; });
    if (above == table.begin())
        return table.front().value;
    if (above == table.end())
        return table.back().value;
    const Quantile& low = *(above - 1);
    const double t = (u - low.fraction) / (above->fraction - low.fraction);
    return std::exp(std::log(low.value) + t * (std::log(above->value) - std::log(low.value)));
}

class Generator {
public:
    explicit Generator(std::mt19937_64& rng)
        : m_rng(rng) {}
    // [0, 1) from the top 53 bits: libstdc++'s generate_canonical (behind uniform_real_distribution
    // and normal_distribution) works in long double and cost more than the generator itself.
    double uniform() { return static_cast<double>(m_rng() >> 11) * 0x1.0p-53; }
    double uniform(double low, double high) { return low + (high - low) * uniform(); }
    // Marsaglia's polar method, the second variate of each pair kept for the next call.
    double gaussian(double sigma) {
        if (m_spare) {
            m_spare = false;
            return sigma * m_spareValue;
        }
        double x = 0, y = 0, r2 = 0;
        do {
            x = 2 * uniform() - 1;
            y = 2 * uniform() - 1;
            r2 = x * x + y * y;
        } while (r2 >= 1 || r2 == 0);
        const double scale = std::sqrt(-2 * std::log(r2) / r2);
        m_spareValue = y * scale;
        m_spare = true;
        return sigma * x * scale;
    }
    std::size_t below(std::size_t count) {
        return std::uniform_int_distribution<std::size_t>(0, count - 1)(m_rng);
    }
    std::uint64_t bits() { return m_rng(); }
    std::mt19937_64& engine() { return m_rng; }

private:
    std::mt19937_64& m_rng;
    bool m_spare = false;
    double m_spareValue = 0;
};

Vector3 momentumFrom(double ptGeV, double eta, double phi) {
    return {ptGeV * std::cos(phi), ptGeV * std::sin(phi), ptGeV * std::sinh(eta)};
}

struct GeneratedEvent {
    std::vector<ParticleSeed> particles;
    std::vector<Vector3> primaryVertex;
};

void addPrimaries(const SimulationConfig& config, Generator& random, GeneratedEvent& event) {
    std::poisson_distribution<int> vertexCount(config.meanVertices);
    std::gamma_distribution<double> vertexActivity(config.primariesShape,
                                                   config.meanPrimariesPerVertex / config.primariesShape);
    const int vertices = std::min(vertexCount(random.engine()), kMaxVertices);
    for (int v = 1; v <= vertices; ++v) {
        const Vector3 vertex{random.gaussian(config.vertexSigmaTransverseMm),
                             random.gaussian(config.vertexSigmaTransverseMm),
                             random.gaussian(config.vertexSigmaZMm)};
        event.primaryVertex.push_back(vertex);
        // Negative binomial: Poisson with a gamma-distributed mean.
        const double mean = vertexActivity(random.engine());
        const int count =
            mean > 0 ? std::min(std::poisson_distribution<int>(mean)(random.engine()), kMaxPrimariesPerVertex)
                     : 0;
        for (int k = 1; k <= count; ++k) {
            const double pt = sampleQuantiles(config.primaryPtGeV, random.uniform());
            const double eta = random.uniform(-config.maxAbsEta, config.maxAbsEta);
            const double phi = random.uniform(-std::numbers::pi, std::numbers::pi);
            const int charge = random.uniform() < config.positiveFraction ? 1 : -1;
            const tracking::ParticleId id = tracking::encodeParticleId(
                {static_cast<std::uint32_t>(v), static_cast<std::uint32_t>(k), 0, 0, 0});
            event.particles.push_back({id, vertex, momentumFrom(pt, eta, phi), charge});
        }
    }
}

// Secondaries come in groups from interaction vertices on their parents' helices, at radii drawn
// from the real distribution (material up to the outer barrel).
void addSecondaries(const SimulationConfig& config, Generator& random, GeneratedEvent& event) {
    const std::size_t primaries = event.particles.size();
    const auto wanted = static_cast<std::size_t>(std::lround(config.secondariesPerPrimary * primaries));
    if (primaries == 0 || wanted == 0)
        return;
    std::discrete_distribution<std::size_t> groupSize(config.secondariesPerInteraction.begin(),
                                                      config.secondariesPerInteraction.end());
    std::discrete_distribution<std::size_t> etaBin(config.secondaryAbsEtaHistogram.begin(),
                                                   config.secondaryAbsEtaHistogram.end());
    const double etaBinWidth = config.maxAbsEta / static_cast<double>(config.secondaryAbsEtaHistogram.size());
    std::vector<bool> interacted(primaries, false);
    std::size_t made = 0;
    // Parents that interacted already or do not reach the drawn radius are drawn again, a
    // bounded number of times.
    for (std::size_t attempt = 0; made < wanted && attempt < 20 * wanted; ++attempt) {
        const std::size_t parentIndex = random.below(primaries);
        if (interacted[parentIndex])
            continue;
        const ParticleSeed parent = event.particles[parentIndex];
        const double radius = sampleQuantiles(config.secondaryVertexRadiusMm, random.uniform());
        const HelixState state = HelixState::fromMomentum(parent.vertexMm, parent.momentumGeV, parent.charge);
        const double omega = simulation::curvature(state, config.bzTesla);
        const std::optional<double> s = simulation::cylinderCrossing(state, omega, radius);
        if (!s || std::abs(omega) * *s > config.maxTurns * kTwoPi)
            continue;
        const Vector3 vertex = simulation::advance(state, *s, omega).positionMm;
        if (std::abs(vertex[2]) > config.maxAbsZMm)
            continue;
        interacted[parentIndex] = true;
        event.particles[parentIndex].stopsAfterMm = *s;
        const tracking::ParticleIdFields parentFields = tracking::decodeParticleId(parent.id);
        const auto process = static_cast<std::uint32_t>(1 + random.below(2));
        const std::size_t group = std::min(groupSize(random.engine()) + 1, wanted - made);
        for (std::size_t i = 0; i < group; ++i, ++made) {
            const double pt = sampleQuantiles(config.secondaryPtGeV, random.uniform());
            const double absEta =
                (static_cast<double>(etaBin(random.engine())) + random.uniform()) * etaBinWidth;
            // Forward-going parents give forward-going secondaries.
            const double eta = parent.momentumGeV[2] < 0 ? -absEta : absEta;
            const double phi = random.uniform(-std::numbers::pi, std::numbers::pi);
            const int charge = random.uniform() < config.positiveFraction ? 1 : -1;
            const tracking::ParticleId id =
                tracking::encodeParticleId({parentFields.vertexId, parentFields.primaryId, 1,
                                            static_cast<std::uint32_t>(i + 1), process});
            event.particles.push_back({id, vertex, momentumFrom(pt, eta, phi), charge});
        }
    }
}

// A vector as the float32 the tables hold.
using Float3 = std::array<float, 3>;

Float3 asFloats(const Vector3& v) {
    return {static_cast<float>(v[0]), static_cast<float>(v[1]), static_cast<float>(v[2])};
}

// One hit before sorting. Its vectors are kept as the tables will hold them: 64 bytes a record
// instead of 96, written by the trace and read in module order (at random) by assemble().
struct HitRecord {
    std::uint32_t module = 0;
    std::uint32_t particle = kNoiseParticle; // index into the event's particles
    std::uint64_t order = 0;                 // random: hits within a module come in no telling order
    Float3 measuredMm{};
    Float3 trueMm{};
    Float3 trueMomentumGeV{};
    std::uint32_t firstCell = 0; // its cells: HitBuffer::cells[firstCell, firstCell + cellCount)
    std::uint32_t cellCount = 0;
};

struct CellRecord {
    std::int32_t ch0 = 0, ch1 = 0;
    float value = 0;
};

// What the trace and the noise write for one event, kept per thread from event to event.
struct HitBuffer {
    std::vector<HitRecord> hits;
    std::vector<CellRecord> cells;
};

// Cells (reference §1: ch0 counts pitches along u, ch1 along v, from the module's edge). Pixel
// modules read charge, strip modules only fire: value 1, as in the real cells files.
constexpr double kMaxPixelPitchMm = 0.1;   // pixels 0.05 × 0.05625 mm; strips are 1.2 mm or more in v
constexpr double kPixelChargePerMm = 1.6;  // value per mm of path: the real event's pixel values
constexpr double kChargeSpread = 0.3;      // log-normal spread of a hit's charge (Landau-like)
constexpr double kLorentzDriftPerMm = 0.1; // drift along u per mm of depth (tan of the Lorentz angle)
// Strips share the signal over this width in u (cross-talk) per mm of thickness: cluster sizes
// near the real ones.
constexpr double kStripSpreadPerDepth = 0.2;
constexpr int kMaxChargeSteps = 256; // cells of one pixel hit at most

std::int32_t channel(double coordinateMm, double halfLengthMm, double pitchMm) {
    const double cells = std::floor(2 * halfLengthMm / pitchMm);
    return static_cast<std::int32_t>(
        std::clamp(std::floor((coordinateMm + halfLengthMm) / pitchMm), 0.0, cells - 1));
}

// A global direction in the module frame (u, v, w).
Vector3 localDirection(const tracking::Module& module, const Vector3& global) {
    const auto& r = module.rotation;
    const double norm = std::sqrt(global[0] * global[0] + global[1] * global[1] + global[2] * global[2]);
    Vector3 local{};
    for (std::size_t c = 0; c < 3; ++c)
        local[c] = (r[0][c] * global[0] + r[1][c] * global[1] + r[2][c] * global[2]) / norm;
    return local;
}

// The cells fired by a particle crossing the module's mid-plane at (u, v) with unit direction
// `localDirection` in the module frame: its path through the silicon, projected on the sensor and
// drawn along u by the Lorentz drift. Strips fire over that path widened by the cross-talk; pixels
// are walked cell by cell (a grid traversal), each reading the charge of the path's length in it.
// Appended to `cells`; returns how many.
std::uint32_t fireCells(const tracking::Module& module, double uMm, double vMm, const Vector3& localDirection,
                        Generator& random, std::vector<CellRecord>& cells) {
    const std::size_t firstCell = cells.size();
    const double halfDepth = module.thicknessMm / 2;
    const double dw = std::max(std::abs(localDirection[2]), 0.01);
    const double slopeU = localDirection[0] / dw + kLorentzDriftPerMm, slopeV = localDirection[1] / dw;
    // The path's ends on the sensor (at depth -t/2 and +t/2), kept on the module; channels count
    // from the module's widest extent in u, as the real files' do.
    const double widestU = std::max(module.minHalfLengthUMm, module.maxHalfLengthUMm);
    std::array<double, 2> u{}, v{};
    for (std::size_t end = 0; end < 2; ++end) {
        const double depth = end == 0 ? -halfDepth : halfDepth;
        v[end] = std::clamp(vMm + depth * slopeV, -module.halfLengthVMm, module.halfLengthVMm);
        const double halfU = simulation::halfLengthU(module, v[end]);
        u[end] = std::clamp(uMm + depth * slopeU, -halfU, halfU);
    }
    const double columns = std::floor(2 * widestU / module.pitchUMm);
    const double rows = std::floor(2 * module.halfLengthVMm / module.pitchVMm);
    if (module.pitchVMm >= kMaxPixelPitchMm) {
        const double spread = kStripSpreadPerDepth * halfDepth;
        const std::int32_t firstU = channel(std::min(u[0], u[1]) - spread, widestU, module.pitchUMm);
        const std::int32_t lastU = channel(std::max(u[0], u[1]) + spread, widestU, module.pitchUMm);
        const std::int32_t firstV = channel(std::min(v[0], v[1]), module.halfLengthVMm, module.pitchVMm);
        const std::int32_t lastV = channel(std::max(v[0], v[1]), module.halfLengthVMm, module.pitchVMm);
        for (std::int32_t ch1 = firstV; ch1 <= lastV; ++ch1)
            for (std::int32_t ch0 = firstU; ch0 <= lastU; ++ch0)
                cells.push_back({ch0, ch1, 1.0f});
        return static_cast<std::uint32_t>(cells.size() - firstCell);
    }
    const double charge =
        kPixelChargePerMm * module.thicknessMm / dw * std::exp(random.gaussian(kChargeSpread));
    // In cell units: the path runs from (gu0, gv0) to gu0 + du, gv0 + dv; t in [0, 1] along it.
    const double gu0 = (u[0] + widestU) / module.pitchUMm,
                 gv0 = (v[0] + module.halfLengthVMm) / module.pitchVMm;
    const double du = (u[1] - u[0]) / module.pitchUMm, dv = (v[1] - v[0]) / module.pitchVMm;
    double cellU = std::floor(gu0), cellV = std::floor(gv0);
    const double stepU = du > 0 ? 1 : -1, stepV = dv > 0 ? 1 : -1;
    constexpr double kNever = std::numeric_limits<double>::infinity();
    const double tDeltaU = du != 0 ? 1 / std::abs(du) : kNever, tDeltaV = dv != 0 ? 1 / std::abs(dv) : kNever;
    double tNextU = du != 0 ? (du > 0 ? cellU + 1 - gu0 : gu0 - cellU) * tDeltaU : kNever;
    double tNextV = dv != 0 ? (dv > 0 ? cellV + 1 - gv0 : gv0 - cellV) * tDeltaV : kNever;
    double t = 0;
    for (int step = 0; t < 1 && step < kMaxChargeSteps; ++step) {
        const double next = std::min({tNextU, tNextV, 1.0});
        if (next > t)
            cells.push_back({static_cast<std::int32_t>(std::clamp(cellU, 0.0, columns - 1)),
                             static_cast<std::int32_t>(std::clamp(cellV, 0.0, rows - 1)),
                             static_cast<float>(charge * (next - t))});
        t = next;
        if (tNextU <= tNextV) {
            cellU += stepU;
            tNextU += tDeltaU;
        } else {
            cellV += stepV;
            tNextV += tDeltaV;
        }
    }
    return static_cast<std::uint32_t>(cells.size() - firstCell);
}

// The measured point: the true one smeared in the module frame by pitch/√12 (a uniform
// distribution's spread over one cell), kept on the module.
Vector3 measure(const tracking::Module& module, double uMm, double vMm, Generator& random) {
    const double v = std::clamp(vMm + random.gaussian(module.pitchVMm / std::sqrt(12.0)),
                                -module.halfLengthVMm, module.halfLengthVMm);
    const double halfU = simulation::halfLengthU(module, v);
    const double u = std::clamp(uMm + random.gaussian(module.pitchUMm / std::sqrt(12.0)), -halfU, halfU);
    return module.toGlobal({u, v, 0});
}

// Highland's formula (PDG) for `radiationLengths` of material, as two independent Gaussian
// deflections across the direction of flight.
void scatter(HelixState& state, double radiationLengths, Generator& random) {
    if (radiationLengths <= 0)
        return;
    const double p = state.momentumMagnitudeGeV();
    const double beta = p / simulation::length2(p, kPionMassGeV);
    const double theta0 =
        0.0136 / (beta * p) * std::sqrt(radiationLengths) * (1 + 0.038 * std::log(radiationLengths));
    const Vector3 d = state.unitDirection();
    const Vector3 across1{-state.sinPhi, state.cosPhi, 0}; // transverse, ⟂ d
    const Vector3 across2{d[1] * across1[2] - d[2] * across1[1], d[2] * across1[0] - d[0] * across1[2],
                          d[0] * across1[1] - d[1] * across1[0]};
    const double a = random.gaussian(theta0), b = random.gaussian(theta0);
    const Vector3 deflected{d[0] + a * across1[0] + b * across2[0], d[1] + a * across1[1] + b * across2[1],
                            d[2] + a * across1[2] + b * across2[2]};
    const double transverse = simulation::length2(deflected[0], deflected[1]);
    const double norm = simulation::length2(transverse, deflected[2]);
    state.cosPhi = deflected[0] / transverse;
    state.sinPhi = deflected[1] / transverse;
    state.ptGeV = p * transverse / norm;
    state.cotTheta = deflected[2] / transverse;
}

// The detector response to one particle: its hits, appended to `hits`.
class Tracer {
public:
    Tracer(const simulation::SimulationGeometry& geometry, const SimulationConfig& config, Generator& random)
        : m_geometry(geometry)
        , m_config(config)
        , m_random(random)
        , m_visited(geometry.detector().modules().size(), 0) {}

    void trace(const ParticleSeed& particle, std::uint32_t index, HitBuffer& buffer) {
        HelixState state = HelixState::fromMomentum(particle.vertexMm, particle.momentumGeV, particle.charge);
        if (particle.charge == 0 || state.ptGeV < m_config.minHitPtGeV)
            return;
        const auto& modules = m_geometry.detector().modules();
        double turningLeft = m_config.maxTurns * kTwoPi;
        double pathLeftMm = particle.stopsAfterMm;
        while (const auto crossing = m_geometry.nextCrossing(state, turningLeft)) {
            pathLeftMm -= crossing->s;
            if (pathLeftMm < 0)
                break;
            state = simulation::advance(state, crossing->s, crossing->omega);
            turningLeft -= std::abs(crossing->omega) * crossing->s;
            if (std::abs(state.positionMm[2]) > m_config.maxAbsZMm ||
                simulation::length2(state.positionMm[0], state.positionMm[1]) > m_config.maxRadiusMm)
                break;
            m_crossings.clear();
            m_geometry.crossModules(state, crossing->omega, crossing->layer, m_visited, ++m_stamp,
                                    m_crossings);
            const simulation::SimulationLayer& layer = m_geometry.layers()[crossing->layer];
            const Vector3 d = state.unitDirection();
            const Vector3& at = state.positionMm;
            const double cosEnvelope =
                layer.barrel ? std::abs(d[0] * at[0] + d[1] * at[1]) / simulation::length2(at[0], at[1])
                             : std::abs(d[2]);
            // Material in radiation lengths, on the slant path: services and supports spread over
            // the layer, silicon where a module was crossed (grazing incidence capped).
            double radiationLengths = m_config.servicesRadiationLengths / std::max(cosEnvelope, 0.01);
            for (const simulation::ModuleCrossing& crossed : m_crossings) {
                const tracking::Module& module = modules[crossed.module];
                radiationLengths += module.thicknessMm / m_config.siliconRadiationLengthMm /
                                    std::max(crossed.cosIncidence, 0.01);
                if (m_random.uniform() < m_config.hitInefficiency)
                    continue;
                const Vector3 measured = measure(module, crossed.uMm, crossed.vMm, m_random);
                const auto firstCell = static_cast<std::uint32_t>(buffer.cells.size());
                const std::uint32_t cellCount =
                    fireCells(module, crossed.uMm, crossed.vMm, localDirection(module, crossed.momentumGeV),
                              m_random, buffer.cells);
                buffer.hits.push_back({crossed.module, index, m_random.bits(), asFloats(measured),
                                       asFloats(crossed.positionMm), asFloats(crossed.momentumGeV), firstCell,
                                       cellCount});
            }
            if (m_config.multipleScattering)
                scatter(state, radiationLengths, m_random);
        }
    }

private:
    const simulation::SimulationGeometry& m_geometry;
    const SimulationConfig& m_config;
    Generator& m_random;
    std::vector<std::uint32_t> m_visited; // per module, the stamp of the last search that saw it
    std::uint32_t m_stamp = 0;
    std::vector<simulation::ModuleCrossing> m_crossings;
};

// Noise: a fraction of all hits, each on a module drawn uniformly (the real event's noise per
// module is flat across volumes), uniformly over its area.
void addNoise(const tracking::Detector& detector, double fraction, Generator& random, HitBuffer& buffer) {
    const auto& modules = detector.modules();
    const auto count = static_cast<std::size_t>(
        std::lround(fraction / (1 - fraction) * static_cast<double>(buffer.hits.size())));
    for (std::size_t i = 0; i < count; ++i) {
        const auto index = static_cast<std::uint32_t>(random.below(modules.size()));
        const tracking::Module& module = modules[index];
        const double widestU = std::max(module.minHalfLengthUMm, module.maxHalfLengthUMm);
        double u = 0, v = 0;
        do { // rejection keeps the density uniform over a trapezoid
            u = random.uniform(-widestU, widestU);
            v = random.uniform(-module.halfLengthVMm, module.halfLengthVMm);
        } while (!simulation::insideModule(module, u, v));
        const Vector3 position = module.toGlobal({u, v, 0});
        // A noise hit fires one cell, with a charge as a particle at normal incidence leaves.
        const auto firstCell = static_cast<std::uint32_t>(buffer.cells.size());
        const std::uint32_t cellCount = fireCells(module, u, v, {0, 0, 1}, random, buffer.cells);
        buffer.hits.push_back({index,
                               kNoiseParticle,
                               random.bits(),
                               asFloats(position),
                               asFloats(position),
                               {},
                               firstCell,
                               cellCount});
    }
}

// Every column `rows` long. The tables are then written by index: an event's tables reuse the
// capacity of the thread's previous event, where a fresh 8 MB per event would be mapped anew and
// fault in every 4 KiB page (profile: 5 % of the run time).
template <class... Columns> void resizeRows(std::size_t rows, Columns&... columns) {
    (columns.resize(rows), ...);
}

// The three columns of a vector, at row `i`.
void setColumns(std::size_t i, const Float3& v, std::vector<float>& x, std::vector<float>& y,
                std::vector<float>& z) {
    x[i] = v[0];
    y[i] = v[1];
    z[i] = v[2];
}

// The order of the hits: by module, and within a module by their random order. A counting sort on
// the module (about 5 hits in each of the 18,728) and a sort of each module's few hits by index,
// instead of one comparison sort moving whole records (profile: 2.6 % of the run time, now 1.7 %).
std::vector<std::uint32_t> moduleOrder(std::size_t moduleCount, const std::vector<HitRecord>& records) {
    std::vector<std::uint32_t> start(moduleCount + 1, 0);
    for (const HitRecord& record : records)
        ++start[record.module + 1];
    std::partial_sum(start.begin(), start.end(), start.begin());
    std::vector<std::uint32_t> order(records.size());
    std::vector<std::uint32_t> next(start.begin(), start.end() - 1);
    for (std::size_t i = 0; i < records.size(); ++i)
        order[next[records[i].module]++] = static_cast<std::uint32_t>(i);
    for (std::size_t m = 0; m < moduleCount; ++m)
        std::sort(order.begin() + start[m], order.begin() + start[m + 1],
                  [&](std::uint32_t a, std::uint32_t b) {
                      return std::tie(records[a].order, records[a].particle) <
                             std::tie(records[b].order, records[b].particle);
                  });
    return order;
}

// The challenge's tables, into `event` (its columns' capacity reused): hits ordered by module,
// numbered 1..N; truth row per hit; particle nhits; weights by the official rule.
void assemble(const tracking::Detector& detector, const std::vector<ParticleSeed>& particles,
              const HitBuffer& buffer, SimulatedEvent& event) {
    const std::vector<HitRecord>& records = buffer.hits;
    tracking::Hits& hits = event.hits;
    tracking::Truth& truth = event.truth;
    const std::size_t rows = records.size();
    resizeRows(rows, hits.hitId, hits.x, hits.y, hits.z, hits.volumeId, hits.layerId, hits.moduleId,
               truth.hitId, truth.particleId, truth.tx, truth.ty, truth.tz, truth.tpx, truth.tpy, truth.tpz);
    std::vector<std::int32_t> nhits(particles.size(), 0);
    std::vector<std::uint32_t> particleRow(rows, tracking::kNoParticleRow); // for the weights
    const std::vector<std::uint32_t> order = moduleOrder(detector.modules().size(), records);
    for (std::size_t i = 0; i < rows; ++i) {
        const HitRecord& record = records[order[i]];
        const tracking::ModuleKey& key = detector.modules()[record.module].key;
        const auto hitId = static_cast<tracking::HitId>(i + 1);
        hits.hitId[i] = hitId;
        setColumns(i, record.measuredMm, hits.x, hits.y, hits.z);
        hits.volumeId[i] = key.volumeId;
        hits.layerId[i] = key.layerId;
        hits.moduleId[i] = key.moduleId;
        const bool noise = record.particle == kNoiseParticle;
        if (!noise) {
            ++nhits[record.particle];
            particleRow[i] = record.particle;
        }
        truth.hitId[i] = hitId;
        truth.particleId[i] = noise ? tracking::kNoiseParticle : particles[record.particle].id;
        setColumns(i, record.trueMm, truth.tx, truth.ty, truth.tz);
        setColumns(i, record.trueMomentumGeV, truth.tpx, truth.tpy, truth.tpz);
    }
    tracking::Cells& cells = event.cells;
    resizeRows(buffer.cells.size(), cells.hitId, cells.ch0, cells.ch1, cells.value);
    for (std::size_t i = 0, row = 0; i < rows; ++i) {
        const HitRecord& record = records[order[i]];
        for (std::uint32_t c = record.firstCell; c < record.firstCell + record.cellCount; ++c, ++row) {
            cells.hitId[row] = static_cast<tracking::HitId>(i + 1);
            cells.ch0[row] = buffer.cells[c].ch0;
            cells.ch1[row] = buffer.cells[c].ch1;
            cells.value[row] = buffer.cells[c].value;
        }
    }
    tracking::Particles& table = event.particles;
    resizeRows(particles.size(), table.particleId, table.vx, table.vy, table.vz, table.px, table.py, table.pz,
               table.q, table.nhits);
    for (std::size_t i = 0; i < particles.size(); ++i) {
        const ParticleSeed& p = particles[i];
        table.particleId[i] = p.id;
        setColumns(i, asFloats(p.vertexMm), table.vx, table.vy, table.vz);
        setColumns(i, asFloats(p.momentumGeV), table.px, table.py, table.pz);
        table.q[i] = p.charge;
        table.nhits[i] = nhits[i];
    }
    // The official rule; an event without any weighted hit (a test's lone short track) weighs 0.
    Result<std::vector<float>> weights = tracking::hitWeights(truth, table, particleRow);
    if (weights)
        truth.weight = std::move(weights).value();
    else
        truth.weight.assign(truth.size(), 0.0f);
}

} // namespace

EventSimulator::EventSimulator(tracking::Detector detector, SimulationConfig config)
    : m_config(std::move(config))
    , m_geometry(std::make_unique<simulation::SimulationGeometry>(std::move(detector), m_config)) {}

EventSimulator::~EventSimulator() = default;
EventSimulator::EventSimulator(EventSimulator&&) noexcept = default;
EventSimulator& EventSimulator::operator=(EventSimulator&&) noexcept = default;

const tracking::Detector& EventSimulator::detector() const {
    return m_geometry->detector();
}

namespace {

void respond(const simulation::SimulationGeometry& geometry, const SimulationConfig& config,
             const std::vector<ParticleSeed>& particles, Generator& random, SimulatedEvent& event) {
    // Reused by the thread's next event, as the event's tables are (resizeRows).
    thread_local HitBuffer buffer;
    buffer.hits.clear();
    buffer.cells.clear();
    buffer.hits.reserve(16 * particles.size()); // about 11 hits per particle and noise
    buffer.cells.reserve(64 * particles.size());
    Tracer tracer(geometry, config, random);
    // Traced in order of direction (η band, then φ), not of generation: consecutive particles
    // then cross neighbouring modules, whose planes are still in cache. The order is a function
    // of the particles alone, so the output stays the same for any thread count.
    std::vector<std::pair<std::int64_t, std::uint32_t>> traceOrder(particles.size());
    for (std::size_t i = 0; i < particles.size(); ++i) {
        const Vector3& p = particles[i].momentumGeV;
        const double eta = std::asinh(p[2] / std::max(simulation::length2(p[0], p[1]), 1e-12));
        const auto band = static_cast<std::int64_t>(std::floor(std::clamp(eta, -5.0, 5.0) * 4));
        const auto phiKey = static_cast<std::int64_t>(std::floor((std::atan2(p[1], p[0]) + 4) * 1e6));
        traceOrder[i] = {band * 100'000'000 + phiKey, static_cast<std::uint32_t>(i)};
    }
    std::sort(traceOrder.begin(), traceOrder.end());
    for (const auto& [key, i] : traceOrder)
        tracer.trace(particles[i], i, buffer);
    addNoise(geometry.detector(), config.noiseFraction, random, buffer);
    assemble(geometry.detector(), particles, buffer, event);
}

} // namespace

SimulatedEvent EventSimulator::simulate(std::uint64_t seed, std::uint64_t eventIndex) const {
    SimulatedEvent event;
    simulate(seed, eventIndex, event);
    return event;
}

void EventSimulator::simulate(std::uint64_t seed, std::uint64_t eventIndex, SimulatedEvent& event) const {
    std::mt19937_64 rng = eventGenerator(seed, eventIndex);
    Generator random(rng);
    GeneratedEvent generated;
    addPrimaries(m_config, random, generated);
    addSecondaries(m_config, random, generated);
    respond(*m_geometry, m_config, generated.particles, random, event);
    event.primaryVertex = std::move(generated.primaryVertex);
}

SimulatedEvent EventSimulator::simulate(std::span<const ParticleSeed> particles, std::uint64_t seed,
                                        std::uint64_t eventIndex) const {
    std::mt19937_64 rng = eventGenerator(seed, eventIndex);
    Generator random(rng);
    SimulatedEvent event;
    respond(*m_geometry, m_config, {particles.begin(), particles.end()}, random, event);
    return event;
}

Result<tracking::Detector> detectorOrBuiltIn(const std::filesystem::path& file) {
    return file.empty() ? builtInDetector() : tracking::readDetector(file);
}

std::string eventFilePrefix(std::uint64_t eventNumber) {
    char prefix[32];
    std::snprintf(prefix, sizeof prefix, "event%09llu", static_cast<unsigned long long>(eventNumber));
    return prefix;
}

namespace {

// `buffer` is the thread's text buffer, kept from table to table: its capacity (up to 9 MB, the
// truth table) is then allocated and faulted in once per thread, not grown by doubling and mapped
// anew for every table.
template <class Table>
Result<void> writeTable(const std::filesystem::path& directory, const std::string& prefix,
                        std::string_view part, const Table& table, std::string& buffer) {
    buffer.clear();
    std::ostringstream text(std::move(buffer)); // writes into the buffer's capacity
    tracking::writeCsv(text, table);
    buffer = std::move(text).str();
    return writeFileAtomically(directory / (prefix + "-" + std::string(part) + ".csv"), buffer);
}

Result<void> writeEvent(const std::filesystem::path& directory, std::uint64_t eventNumber,
                        const SimulatedEvent& event, std::string& buffer) {
    const std::string prefix = eventFilePrefix(eventNumber);
    if (auto written = writeTable(directory, prefix, "hits", event.hits, buffer); !written)
        return written;
    if (auto written = writeTable(directory, prefix, "cells", event.cells, buffer); !written)
        return written;
    if (auto written = writeTable(directory, prefix, "particles", event.particles, buffer); !written)
        return written;
    return writeTable(directory, prefix, "truth", event.truth, buffer);
}

} // namespace

Result<SimulationRunSummary> simulateEvents(const EventSimulator& simulator,
                                            const SimulationRunOptions& options, ProgressReporter& progress) {
    const auto started = std::chrono::steady_clock::now();
    SimulationRunSummary summary;
    const unsigned available = std::max(1u, std::thread::hardware_concurrency());
    summary.threads = static_cast<unsigned>(std::min<std::uint64_t>(
        options.threads == 0 ? available : options.threads, std::max<std::uint64_t>(options.events, 1)));

    std::atomic<std::uint64_t> next{0};
    std::atomic<bool> stop{false};
    std::mutex mutex; // guards summary, firstError and the progress reporter
    std::optional<Error> firstError;
    auto work = [&] {
        std::string csvBuffer;
        SimulatedEvent event; // one per thread, its tables' capacity reused event after event
        for (std::uint64_t index = next++; index < options.events && !stop; index = next++) {
            {
                const std::lock_guard lock(mutex);
                if (progress.cancelRequested()) {
                    summary.cancelled = true;
                    stop = true;
                    return;
                }
            }
            simulator.simulate(options.seed, index, event);
            Result<void> written;
            if (!options.outputDirectory.empty())
                written = writeEvent(options.outputDirectory, index + 1, event, csvBuffer);
            const std::lock_guard lock(mutex);
            if (!written) {
                if (!firstError)
                    firstError = written.error();
                stop = true;
                return;
            }
            ++summary.events;
            summary.hits += event.hits.size();
            summary.noiseHits += static_cast<std::uint64_t>(std::count(
                event.truth.particleId.begin(), event.truth.particleId.end(), tracking::kNoiseParticle));
            summary.particles += event.particles.size();
            progress.progress(static_cast<double>(summary.events) / static_cast<double>(options.events),
                              "Simulated event " + std::to_string(summary.events) + " of " +
                                  std::to_string(options.events));
        }
    };
    {
        std::vector<std::jthread> workers;
        for (unsigned t = 0; t < summary.threads; ++t)
            workers.emplace_back(work);
    } // joins
    if (firstError)
        return *firstError;
    summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return summary;
}

} // namespace sciperf
